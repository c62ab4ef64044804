package org.citybrain.audit.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.audit.AuditRecord;
import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.ChainVerification;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The auditor's view of the trail: the newest records and a check of the whole chain. */
@Controller
@Tag(name = "Audit", description = "The hash-chained trail of personal data access")
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @Performs(Action.READ_AUDIT_TRAIL)
    @GetMapping("/audit")
    String page(@RequestParam(defaultValue = "false") boolean verify, Model model) {
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
        return trail.verify();
    }

    @Performs(Action.READ_AUDIT_TRAIL)
    @GetMapping("/api/audit/records")
    @ResponseBody
    @Operation(summary = "The newest audit records, optionally about one subject (resident:<id>)")
    List<AuditRecord> records(@RequestParam(required = false) String subject, @RequestParam(defaultValue = "100") int limit) {
        return subject == null ? trail.newest(limit) : trail.about(subject, limit);
    }
}
