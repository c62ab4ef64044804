package org.citybrain.flood.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.city.Place;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages of the flood response: the headquarters' board (warnings, responses, tasks, gauges, incidents, on a map and
 * in lists) with its decisions, a task's page where a unit reports progress, and the citizen's report form (随手拍) with
 * her reports and what became of them.
 */
@Controller
class FloodResponsePages {

    /** A choice of area by name: the city or one of its districts. */
    record AreaChoice(String code, String label) {
    }

    private final HeadquartersBoard board;
    private final FloodWarnings warnings;
    private final EmergencyResponses responses;
    private final FloodTasks tasks;
    private final FloodReports reports;
    private final CityArea area;
    private final CurrentUsers users;
    private final MessageSource messages;
    private final JsonMapper json;
    private final org.springframework.beans.factory.ObjectProvider<DemoFloodSensors> demo;
    private final RainfallWatch watch;
    private final LiveForecast forecast;

    FloodResponsePages(HeadquartersBoard board, FloodWarnings warnings, EmergencyResponses responses, FloodTasks tasks, FloodReports reports, CityArea area,
                       CurrentUsers users, MessageSource messages, JsonMapper json, org.springframework.beans.factory.ObjectProvider<DemoFloodSensors> demo,
                       RainfallWatch watch, LiveForecast forecast) {
        this.demo = demo;
        this.watch = watch;
        this.forecast = forecast;
        this.board = board;
        this.warnings = warnings;
        this.responses = responses;
        this.tasks = tasks;
        this.reports = reports;
        this.area = area;
        this.users = users;
        this.messages = messages;
        this.json = json;
    }

    @Performs(Action.READ_FLOOD_RESPONSE)
    @GetMapping("/flood/command")
    String command(@RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = users.require();
        HeadquartersBoard.Board b = board.board(user, Math.max(0, page));
        model.addAttribute("board", b);
        model.addAttribute("windows", board.windows());
        model.addAttribute("mayDirect", Action.DIRECT_FLOOD_RESPONSE.allows(user.roles()));
        model.addAttribute("mayReadScenarios", Action.READ_FLOOD_SCENARIOS.allows(user.roles()));
        model.addAttribute("demoRain", demo.getIfAvailable() != null && Action.SIMULATE_DEMO_RAIN.allows(user.roles()));
        List<Place> districts = area.districts();
        List<AreaChoice> areas = new ArrayList<>();
        if (!districts.isEmpty()) {
            areas.add(new AreaChoice(EmergencyResponses.cityCode(districts), messages.getMessage("flood.cmd.wholeCity", null, LocaleContextHolder.getLocale())));
        }
        districts.forEach(d -> areas.add(new AreaChoice(d.code(), d.name())));
        model.addAttribute("areas", areas);
        model.addAttribute("levels", List.of("4", "3", "2", "1"));
        model.addAttribute("mapData", json.writeValueAsString(mapData(b)));
        return "flood-command";
    }

    /** What the board's map shows: gauges with their sums, incidents, open tasks with a place. */
    private Map<String, Object> mapData(HeadquartersBoard.Board b) {
        return Map.of(
                "gauges", b.gauges().stream().map(g -> Map.of("name", g.name(), "lon", g.lon(), "lat", g.lat(), "lastMm", g.lastMm(), "sums", g.mmInLast())).toList(),
                "incidents", b.incidents().stream().map(i -> Map.of("name", i.placeName(), "lon", i.lon(), "lat", i.lat(), "cm", i.deepestCm(), "reports", i.reports())).toList(),
                "tasks", b.openTasks().items().stream().filter(t -> t.lon() != null)
                        .map(t -> Map.of("id", t.id(), "title", t.title(LocaleContextHolder.getLocale()), "lon", t.lon(), "lat", t.lat(), "overdue", t.overdue())).toList());
    }

    @Performs(Action.DIRECT_FLOOD_RESPONSE)
    @PostMapping("/flood/command/responses")
    String start(@RequestParam(required = false) String area, @RequestParam(required = false) String level, @RequestParam(required = false) String reason,
                 HttpServletRequest request, RedirectAttributes redirect) {
        Integer n = level == null || !level.matches("[1-4]") ? null : Integer.valueOf(level);
        return act(redirect, request, "respond", () -> {
            EmergencyResponses.Response r = responses.startByHeadquarters(users.require(), area, n, reason);
            return messages.getMessage("flood.cmd.started", new Object[] {r.scope().name(), r.roman()}, LocaleContextHolder.getLocale());
        }, "/flood/command#respond");
    }

    @Performs(Action.DIRECT_FLOOD_RESPONSE)
    @PostMapping("/flood/command/responses/{id}/end")
    String end(@PathVariable long id, @RequestParam(required = false) String reason, HttpServletRequest request, RedirectAttributes redirect) {
        return act(redirect, request, "end-" + id, () -> {
            EmergencyResponses.Response r = responses.end(users.require(), id, reason);
            return messages.getMessage("flood.cmd.ended", new Object[] {r.scope().name(), r.roman()}, LocaleContextHolder.getLocale());
        }, "/flood/command#responses");
    }

    @Performs(Action.DIRECT_FLOOD_RESPONSE)
    @PostMapping("/flood/command/warnings/{id}/lift")
    String lift(@PathVariable long id, @RequestParam(required = false) String reason, HttpServletRequest request, RedirectAttributes redirect) {
        return act(redirect, request, "lift-" + id, () -> {
            FloodWarnings.Warning w = warnings.lift(users.require(), id, reason);
            return messages.getMessage("flood.cmd.lifted", new Object[] {w.scope().name()}, LocaleContextHolder.getLocale());
        }, "/flood/command#warnings");
    }

    /** The demo's storm through its gauges; the rule and the forecast look at once rather than at their next minute. */
    @Performs(Action.SIMULATE_DEMO_RAIN)
    @PostMapping("/flood/command/demo-rain")
    String demoRain(RedirectAttributes redirect) {
        DemoFloodSensors sensors = demo.getIfAvailable();
        if (sensors == null) {
            throw new NotFound("demo", "只有演示城市可以模拟降雨 / only the demo city simulates rain");
        }
        java.time.Instant now = java.time.Instant.now();
        sensors.replayStorm(users.require(), now);
        RainfallWatch.Look look = watch.look(now);
        forecast.forecast(now);
        redirect.addFlashAttribute("notice", messages.getMessage("flood.cmd.demoRained", new Object[] {look.acted().size()}, LocaleContextHolder.getLocale()));
        return "redirect:/flood/command";
    }

    @Performs(Action.READ_FLOOD_RESPONSE)
    @GetMapping("/flood/tasks/{id}")
    String task(@PathVariable long id, Model model) {
        CurrentUser user = users.require();
        model.addAttribute("view", tasks.task(user, id));
        model.addAttribute("mayWork", Action.WORK_FLOOD_TASK.allows(user.roles()));
        return "flood-task";
    }

    @Performs(Action.WORK_FLOOD_TASK)
    @PostMapping("/flood/tasks/{id}")
    String progress(@PathVariable long id, @RequestParam(required = false) String state, @RequestParam(required = false) String note,
                    HttpServletRequest request, RedirectAttributes redirect) {
        return act(redirect, request, "progress", () -> {
            FloodTasks.Task t = tasks.progress(users.require(), id, state, note);
            return messages.getMessage("flood.task.now." + t.state(), null, LocaleContextHolder.getLocale());
        }, "/flood/tasks/" + id);
    }

    @Performs(Action.REPORT_FLOODING)
    @GetMapping("/flood/report")
    String reportForm(Model model) {
        users.require();
        model.addAttribute("formKey", java.util.UUID.randomUUID().toString());
        model.addAttribute("depths", List.of("ANKLE", "KNEE", "WAIST"));
        return "flood-report";
    }

    @Performs(Action.REPORT_FLOODING)
    @PostMapping("/flood/report")
    String report(@RequestParam(required = false) String lat, @RequestParam(name = "long", required = false) String lon,
                  @RequestParam(required = false) String depth, @RequestParam(name = "depth_cm", required = false) String depthCm,
                  @RequestParam(required = false) String description, @RequestParam(required = false) MultipartFile media,
                  @RequestParam(required = false) String formKey, HttpServletRequest request, RedirectAttributes redirect) throws IOException {
        try {
            byte[] photo = media == null || media.isEmpty() ? null : media.getBytes();
            FloodReports.Status s = reports.report(users.require(), new FloodReports.Request(lat, lon, depth, depthCm, description, null, formKey), photo);
            redirect.addFlashAttribute("notice", messages.getMessage("flood.report.received", null, LocaleContextHolder.getLocale()));
            return "redirect:/flood/reports/" + s.report().id();
        } catch (InvalidStandardValue e) {
            org.citybrain.platform.pages.FormReply.flash(redirect, "report", request, e.all(), Map.of("long", "lat"));
            return "redirect:/flood/report";
        }
    }

    @Performs(Action.REPORT_FLOODING)
    @GetMapping("/flood/reports")
    String myReports(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("reports", reports.mine(users.require(), Math.max(0, page), 20));
        return "flood-reports";
    }

    @Performs(Action.REPORT_FLOODING)
    @GetMapping("/flood/reports/{id}")
    String myReport(@PathVariable long id, Model model) {
        model.addAttribute("status", reports.mine(users.require(), id));
        return "flood-report-status";
    }

    @Performs(Action.VIEW_FLOOD_PHOTO)
    @GetMapping("/flood/photos/{name}")
    ResponseEntity<byte[]> photo(@PathVariable String name) {
        byte[] jpeg = reports.photo(users.require(), name).orElseThrow(() -> new NotFound("photo", "没有这张照片 / no such photo"));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).cacheControl(CacheControl.noCache().cachePrivate()).body(jpeg);
    }

    private String act(RedirectAttributes redirect, HttpServletRequest request, String form, java.util.function.Supplier<String> action, String back) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (InvalidStandardValue e) {
            org.citybrain.platform.pages.FormReply.flash(redirect, form, request, e.all(), Map.of());
        } catch (Conflict | NotFound e) {
            org.citybrain.platform.pages.FormReply.flash(redirect, form, request, new InvalidStandardValue(e.field(), e.getMessage()), Map.of());
        }
        return "redirect:" + back;
    }
}
