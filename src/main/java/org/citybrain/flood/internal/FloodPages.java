package org.citybrain.flood.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.platform.pages.FormCheck;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The flood-control headquarters' pages: the scenarios and the form to run one, a scenario's map and spots, two scenarios side by side. */
@Controller
class FloodPages {

    /** Minutes from a storm's start, for people: a clock time when the storm has a date (7·20), else hours and minutes after its start. */
    record StormClock(Instant startsAt) {

        public Instant at(Integer minute) {
            return startsAt == null || minute == null ? null : startsAt.plusSeconds(60L * minute);
        }

        public String after(Integer minute) {
            return minute == null ? "" : String.format("%d:%02d", minute / 60, minute % 60);
        }
    }

    private final ScenarioRuns scenarios;
    private final CurrentUsers users;
    private final MessageSource messages;
    private final CityTime cityTime;

    private final RiskThresholds risk;

    private final WaterLevels levels;
    private final FloodReports reports;
    private final FloodTasks tasks;

    FloodPages(ScenarioRuns scenarios, CurrentUsers users, MessageSource messages, CityTime cityTime, RiskThresholds risk, WaterLevels levels,
               FloodReports reports, FloodTasks tasks) {
        this.levels = levels;
        this.reports = reports;
        this.tasks = tasks;
        this.risk = risk;
        this.cityTime = cityTime;
        this.scenarios = scenarios;
        this.users = users;
        this.messages = messages;
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/flood")
    String scenarios(@RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = users.require();
        model.addAttribute("scenarios", scenarios.list(user, Math.max(0, page), 20));
        model.addAttribute("mayRun", Action.RUN_FLOOD_SCENARIO.allows(user.roles()));
        model.addAttribute("periods", ScenarioRuns.RETURN_PERIODS.stream().map(String::valueOf).toList());
        model.addAttribute("storms", java.util.List.of("DESIGN", "ZZ720", "UPLOADED"));
        model.addAttribute("routings", java.util.List.of("KINWAVE", "DYNWAVE"));
        return "flood";
    }

    /** The live forecast: its newest run's map, or a page that says there is none (it runs while it rains). */
    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/flood/live")
    String live(Model model) {
        return scenarios.latestForecast(users.require()).map(s -> "redirect:/flood/scenarios/" + s.id()).orElse("flood-live");
    }

    @Performs(Action.RUN_FLOOD_SCENARIO)
    @PostMapping("/flood/scenarios")
    String run(@RequestParam(required = false) String name, @RequestParam(required = false) String storm, @RequestParam(required = false) String returnPeriodYears,
               @RequestParam(required = false) String durationMinutes, @RequestParam(required = false) String peakPercent,
               @RequestParam(required = false) String hyetograph, @RequestParam(required = false) String routing, HttpServletRequest request,
               RedirectAttributes redirect) {
        FormCheck check = new FormCheck();
        boolean design = !"ZZ720".equals(storm) && !"UPLOADED".equals(storm);
        Integer period = design ? check.read(() -> whole("returnPeriodYears", returnPeriodYears)) : null;
        Integer minutes = design ? check.read(() -> whole("durationMinutes", durationMinutes)) : null;
        Integer peak = design ? check.read(() -> whole("peakPercent", peakPercent)) : null;
        if (!check.passed()) {
            FormReply.flash(redirect, "run", request, check.problems(), Map.of());
            return "redirect:/flood#run";
        }
        try {
            ScenarioRuns.Scenario ran = scenarios.run(users.require(), new ScenarioRuns.Request(name, storm, period, minutes, peak, hyetograph, routing));
            redirect.addFlashAttribute("notice", messages.getMessage("flood.ran", new Object[] {ran.name(), ran.spotsFlooded()}, LocaleContextHolder.getLocale()));
            return "redirect:/flood/scenarios/" + ran.id();
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "run", request, e.all(), Map.of());
        } catch (Conflict | NotFound e) {
            FormReply.flash(redirect, "run", request, new InvalidStandardValue(e.field(), e.getMessage()), Map.of());
        }
        return "redirect:/flood#run";
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/flood/scenarios/{id}")
    String scenario(@PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = users.require();
        ScenarioRuns.Scenario s = scenarios.scenario(user, id);
        model.addAttribute("scenario", s);
        model.addAttribute("clock", new StormClock(s.startsAt()));
        model.addAttribute("startsIso", s.startsAt() == null ? null : s.startsAt().toString());
        model.addAttribute("zone", cityTime.zone().getId());
        model.addAttribute("spots", Paged.of(scenarios.spots(user, id), Math.max(0, page), 20));
        model.addAttribute("others", scenarios.list(user, 0, 100).items().stream().filter(o -> o.id() != id).toList());
        return "flood-scenario";
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/flood/scenarios/{id}/spots/{spot}")
    String spot(@PathVariable long id, @PathVariable long spot, Model model) {
        CurrentUser user = users.require();
        ScenarioRuns.Scenario s = scenarios.scenario(user, id);
        ScenarioRuns.SpotView view = scenarios.spot(user, id, spot);
        model.addAttribute("scenario", s);
        model.addAttribute("spot", view);
        model.addAttribute("clock", new StormClock(s.startsAt()));
        model.addAttribute("startsIso", s.startsAt() == null ? null : s.startsAt().toString());
        model.addAttribute("zone", cityTime.zone().getId());
        model.addAttribute("risk", risk);
        model.addAttribute("depths", String.join(",", view.prediction().depthsCm().stream().map(String::valueOf).toList()));
        // water observed at the spot over the run's hours (a live forecast's), against what the run says it was then
        List<String> observed = new java.util.ArrayList<>();
        double errors = 0;
        List<Double> depths = view.prediction().depthsCm();
        if (s.startsAt() != null && !depths.isEmpty()) {
            java.time.Instant end = s.startsAt().plusSeconds(Math.round(s.simulatedHours() * 3600));
            for (WaterLevels.Observed o : levels.at(spot, s.startsAt(), end)) {
                int k = (int) Math.max(0, Math.min(depths.size() - 1, java.time.Duration.between(s.startsAt(), o.at()).toMinutes() / s.stepMinutes() - 1));
                observed.add(k + ":" + o.depthCm());
                errors += Math.abs(o.depthCm() - depths.get(k));
            }
        }
        model.addAttribute("observed", String.join(",", observed));
        model.addAttribute("observations", observed.size());
        model.addAttribute("meanError", observed.isEmpty() ? null : Math.round(errors / observed.size() * 10) / 10.0);
        // what stands at the spot now: citizens' photos of the last day and the open tasks (for staff who see them)
        boolean live = Action.READ_FLOOD_RESPONSE.allows(user.roles()) && user.jurisdiction().division() != null;
        model.addAttribute("live", live);
        model.addAttribute("recentReports", live ? reports.recentAtSpot(user, spot) : List.of());
        model.addAttribute("openTasks", live ? tasks.openAtSpot(user, spot) : List.of());
        return "flood-spot";
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/flood/compare")
    String compare(@RequestParam long a, @RequestParam long b, @RequestParam(defaultValue = "0") int page, Model model) {
        ScenarioRuns.Comparison c = scenarios.compare(users.require(), a, b);
        model.addAttribute("first", c.first());
        model.addAttribute("second", c.second());
        model.addAttribute("pairs", Paged.of(c.spots(), Math.max(0, page), 20));
        return "flood-compare";
    }

    private static Integer whole(String field, String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(typed.strip());
        } catch (NumberFormatException e) {
            throw new InvalidStandardValue(field, "请填写整数 / enter a whole number");
        }
    }
}
