package org.citybrain.audit.internal;

import org.citybrain.audit.AuditFilter;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;


import org.citybrain.audit.AuditTrail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The auditor's page over the trail: filtered, paged, and a check of the whole chain; {@link AuditApi} is its API. */
@Controller
class AuditController {

    private final AuditTrail trail;
    private final AuditorReads reads;
    private final org.citybrain.platform.pages.CityTime time;

    AuditController(AuditTrail trail, AuditorReads reads, org.citybrain.platform.pages.CityTime time) {
        this.trail = trail;
        this.reads = reads;
        this.time = time;
    }

    @Performs(Action.READ_AUDIT_TRAIL)
    @GetMapping("/audit")
    String page(@RequestParam(defaultValue = "false") boolean verify, @RequestParam(required = false) String person,
                @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                @RequestParam(required = false) String purpose, @RequestParam(required = false) String from,
                @RequestParam(required = false) String until, @RequestParam(defaultValue = "0") int page,
                jakarta.servlet.http.HttpServletRequest request, Model model) {
        AuditFilter filter = AuditFilter.ALL;
        try {
            filter = filter(person, actor, action, purpose, from, until);
        } catch (org.citybrain.standards.InvalidStandardValue e) {
            model.addAttribute("reply", org.citybrain.platform.pages.FormReply.refused("audit-filter", request, e, java.util.Map.of()));
        }
        reads.record(filter.subject() == null ? AuditorReads.TRAIL : filter.subject(), filter.subject() == null ? "审计记录查询 / searched the audit records"
                : "该人员的访问记录 / the person's access log");
        int size = 50;
        AuditTrail.Found found = trail.search(filter, org.citybrain.platform.pages.Paged.firstRow(page, size), size);
        model.addAttribute("records", new org.citybrain.platform.pages.Paged<>(found.records(), Math.max(0, page), size, found.total()));
        model.addAttribute("actions", java.util.List.of("READ", "REVEAL", "CHANGE", "DENIED"));
        model.addAttribute("filter", java.util.Map.of("person", person == null ? "" : person, "actor", actor == null ? "" : actor,
                "action", action == null ? "" : action, "purpose", purpose == null ? "" : purpose, "from", from == null ? "" : from,
                "until", until == null ? "" : until));
        if (verify) {
            model.addAttribute("verification", trail.verify());
        }
        return "audit";
    }

    /** The page's filter: a person by resident number, an account, an action, part of a purpose, a range of dates in the city's zone. */
    private AuditFilter filter(String person, String actor, String action, String purpose, String from, String until) {
        String subject = null;
        if (person != null && !person.isBlank()) {
            String p = person.strip();
            if (!p.matches("(resident:)?\\d{1,18}")) {
                throw new org.citybrain.standards.InvalidStandardValue("person", "请填写居民编号，如 123 / enter the resident's number, such as 123");
            }
            subject = p.startsWith("resident:") ? p : "resident:" + p;
        }
        String who = org.citybrain.platform.Limits.optionalText("actor", actor, 64, false);
        String did = action == null || action.isBlank() ? null : action.strip();
        String why = org.citybrain.platform.Limits.optionalText("purpose", purpose, 64, false);
        return new AuditFilter(subject, who, did, why, day("from", from, 0), day("until", until, 1));
    }

    private java.time.Instant day(String field, String value, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(value.strip()).plusDays(plusDays).atStartOfDay(time.zone()).toInstant();
        } catch (java.time.DateTimeException e) {
            throw new org.citybrain.standards.InvalidStandardValue(field, "请选择日期，如 2026-12-01 / choose a date such as 2026-12-01");
        }
    }
}
