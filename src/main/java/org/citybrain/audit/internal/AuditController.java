package org.citybrain.audit.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.audit.AuditRecord;
import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.ChainVerification;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.CurrentUsers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The auditor's view of the trail: the newest records and a check of the whole chain. */
@Controller
@Tag(name = "Audit", description = "The hash-chained trail of personal data access")
class AuditController {

    /** The subject of audit records about the trail itself (the auditor's own reads are audited too). */
    static final String TRAIL = "audit-trail";
    static final String PURPOSE = "审计 / audit";

    private final AuditTrail trail;
    private final CurrentUsers users;

    AuditController(AuditTrail trail, CurrentUsers users) {
        this.trail = trail;
        this.users = users;
    }

    private void read(String subject, String what) {
        trail.record(new PersonalDataAccess(users.require(Action.READ_AUDIT_TRAIL).username(), subject, "READ", what, PURPOSE));
    }

    @Performs(Action.READ_AUDIT_TRAIL)
    @GetMapping("/audit")
    String page(@RequestParam(defaultValue = "false") boolean verify, Model model) {
        read(TRAIL, "最新审计记录 / the newest audit records");
        model.addAttribute("records", trail.newest(100));
        if (verify) {
            model.addAttribute("verification", trail.verify());
        }
        return "audit";
    }

    @Performs(Action.READ_AUDIT_TRAIL)
    @GetMapping("/api/audit/verify")
    @ResponseBody
    @Operation(summary = "Walk the hash chain and report the first changed, deleted or missing record")
    ChainVerification verify() {
        read(TRAIL, "校验审计链 / verified the audit chain");
        return trail.verify();
    }

    @Performs(Action.READ_AUDIT_TRAIL)
    @GetMapping("/api/audit/records")
    @ResponseBody
    @Operation(summary = "The newest audit records, optionally about one subject (resident:<id>)")
    List<AuditRecord> records(@RequestParam(required = false) String subject, @RequestParam(defaultValue = "100") int limit) {
        if (subject != null && (subject.isBlank() || subject.length() > 64)) {
            throw new org.citybrain.standards.InvalidStandardValue("subject", "如 resident:123 / such as resident:123");
        }
        // Reading who read a person's data is itself a read of that person's data: she sees the auditor in her log too.
        read(subject == null ? TRAIL : subject, subject == null ? "最新审计记录 / the newest audit records" : "该人员的访问记录 / the person's access log");
        return subject == null ? trail.newest(limit) : trail.about(subject, limit);
    }
}
