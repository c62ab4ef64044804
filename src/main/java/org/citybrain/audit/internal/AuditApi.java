package org.citybrain.audit.internal;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.audit.AuditRecord;
import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.ChainVerification;
import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The auditor's API: the newest records and a check of the whole chain. A REST controller of its own so that its
 * refusals are ProblemDetails, not the page's "refused" screen.
 */
@RestController
@Tag(name = "Audit", description = "The hash-chained trail of personal data access")
class AuditApi {

    private final AuditTrail trail;
    private final AuditorReads reads;

    AuditApi(AuditTrail trail, AuditorReads reads) {
        this.trail = trail;
        this.reads = reads;
    }

    @Performs(Action.READ_AUDIT_TRAIL)
    @GetMapping("/api/audit/verify")
    @Operation(summary = "Walk the hash chain and report the first changed, deleted or missing record")
    ChainVerification verify() {
        reads.record(AuditorReads.TRAIL, "校验审计链 / verified the audit chain");
        return trail.verify();
    }

    @Performs(Action.READ_AUDIT_TRAIL)
    @GetMapping("/api/audit/records")
    @Operation(summary = "The newest audit records, optionally about one subject (resident:<id>)")
    List<AuditRecord> records(@RequestParam(required = false) String subject, @RequestParam(defaultValue = "100") int limit) {
        if (subject != null && (subject.isBlank() || subject.length() > 64)) {
            throw new org.citybrain.standards.InvalidStandardValue("subject", "如 resident:123 / such as resident:123");
        }
        reads.record(subject == null ? AuditorReads.TRAIL : subject, subject == null ? "最新审计记录 / the newest audit records" : "该人员的访问记录 / the person's access log");
        return subject == null ? trail.newest(limit) : trail.about(subject, limit);
    }
}
