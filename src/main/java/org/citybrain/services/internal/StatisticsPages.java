package org.citybrain.services.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.identity.Role;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The statistics page (办件统计): a period's figures by service; for the bureau running the hall, the escalations too. */
@Controller
class StatisticsPages {

    private final ServiceStatistics statistics;
    private final ServicePages servicePages;
    private final CurrentUsers users;
    private final CityTime time;

    StatisticsPages(ServiceStatistics statistics, ServicePages servicePages, CurrentUsers users, CityTime time) {
        this.statistics = statistics;
        this.servicePages = servicePages;
        this.users = users;
        this.time = time;
    }

    @Performs(Action.READ_SERVICE_STATISTICS)
    @GetMapping("/services/statistics")
    String statistics(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model, HttpServletRequest request) {
        CurrentUser user = users.require(Action.READ_SERVICE_STATISTICS);
        LocalDate first = date(from, "from", model);
        LocalDate last = date(to, "to", model);
        ServiceStatistics.Report report;
        try {
            report = statistics.of(user, first, last);
        } catch (InvalidStandardValue e) {
            model.addAttribute("periodError", e.getMessage());
            report = statistics.of(user, null, null);
        }
        model.addAttribute("report", report);
        model.addAttribute("chart", chart(report));
        model.addAttribute("names", servicePages.names());
        model.addAttribute("zone", time.zone());
        model.addAttribute("supervises", user.has(Role.DATA_BUREAU_ADMIN));
        model.addAttribute("escalated", user.has(Role.DATA_BUREAU_ADMIN) ? statistics.escalated(user, 100) : List.of());
        return "service-statistics";
    }

    /** The report by department, as the charts draw it: names, submitted, decided, on-time and online shares (comma-separated). */
    static Map<String, String> chart(ServiceStatistics.Report report) {
        Map<String, long[]> byDepartment = new java.util.TreeMap<>();
        for (ServiceStatistics.Row r : report.rows()) {
            long[] t = byDepartment.computeIfAbsent(r.department(), d -> new long[4]);
            t[0] += r.submitted();
            t[1] += r.decided();
            t[2] += r.onTime();
            t[3] += r.online();
        }
        List<String> names = new java.util.ArrayList<>(byDepartment.keySet());
        java.util.function.Function<java.util.function.ToLongFunction<long[]>, String> column = f -> names.stream()
                .map(n -> String.valueOf(f.applyAsLong(byDepartment.get(n)))).collect(java.util.stream.Collectors.joining(","));
        return Map.of("names", String.join(",", names.stream().map(n -> n.replace(",", " ")).toList()), "submitted", column.apply(t -> t[0]),
                "decided", column.apply(t -> t[1]), "onTime", column.apply(t -> t[1] == 0 ? 0 : Math.round(100.0 * t[2] / t[1])),
                "online", column.apply(t -> t[0] == 0 ? 0 : Math.round(100.0 * t[3] / t[0])));
    }

    private static LocalDate date(String value, String field, Model model) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            model.addAttribute("periodError", "日期格式应为 2026-12-01 / a date is written 2026-12-01");
            return null;
        }
    }
}
