package org.citybrain.flood.internal;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.pages.Paged;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Warnings, emergency responses and their tasks over HTTP: the same actions as the headquarters' and the units' pages. */
@RestController
@RequestMapping("/api/flood/v1")
@Tag(name = "Flood response", description = "Warnings from the gauges and the spots, emergency responses at the plan's levels IV–I, and their tasks")
class FloodResponseApi {

    record ResponseRequest(String area, Integer level, String reason) {
    }

    record Reason(String reason) {
    }

    record Progress(String state, String note) {
    }

    record RainForecastRequest(String source, String issuedAt, String startsAt, Integer stepMinutes, List<Double> mmPerHour) {
    }

    private final FloodWarnings warnings;
    private final EmergencyResponses responses;
    private final FloodTasks tasks;
    private final HeadquartersBoard board;
    private final CurrentUsers users;
    private final RainForecasts forecasts;

    FloodResponseApi(FloodWarnings warnings, EmergencyResponses responses, FloodTasks tasks, HeadquartersBoard board, CurrentUsers users, RainForecasts forecasts) {
        this.forecasts = forecasts;
        this.warnings = warnings;
        this.responses = responses;
        this.tasks = tasks;
        this.board = board;
        this.users = users;
    }

    @Performs(Action.READ_FLOOD_RESPONSE)
    @GetMapping("/warnings")
    @Operation(summary = "The warnings in force (city, districts, spots), the highest level first")
    List<FloodWarnings.Warning> warnings() {
        return warnings.active(users.require());
    }

    @Performs(Action.DIRECT_FLOOD_RESPONSE)
    @PostMapping("/warnings/{id}/lift")
    @Operation(summary = "Lift a warning, saying why: {reason}")
    FloodWarnings.Warning lift(@PathVariable long id, @RequestBody Reason body) {
        return warnings.lift(users.require(), id, body.reason());
    }

    @Performs(Action.READ_FLOOD_RESPONSE)
    @GetMapping("/responses")
    @Operation(summary = "The emergency responses in force, the most serious first (level 1 = I), each with its tasks by state")
    List<HeadquartersBoard.ResponseLine> responses() {
        return board.responses(users.require());
    }

    @Performs(Action.DIRECT_FLOOD_RESPONSE)
    @PostMapping("/responses")
    @Operation(summary = "Start or raise a response: {area: the city's or a district's code, level: 4 (IV) .. 1 (I), reason}; opens the tasks of the level's actions")
    ResponseEntity<EmergencyResponses.Response> start(@RequestBody ResponseRequest body) {
        EmergencyResponses.Response r = responses.startByHeadquarters(users.require(), body.area(), body.level(), body.reason());
        return ResponseEntity.status(201).header("Location", "/api/flood/v1/responses/" + r.id()).body(r);
    }

    @Performs(Action.DIRECT_FLOOD_RESPONSE)
    @PostMapping("/responses/{id}/end")
    @Operation(summary = "End a response, saying why: {reason}; its open tasks are cancelled")
    EmergencyResponses.Response end(@PathVariable long id, @RequestBody Reason body) {
        return responses.end(users.require(), id, body.reason());
    }

    @Performs(Action.READ_FLOOD_RESPONSE)
    @GetMapping("/tasks")
    @Operation(summary = "The flood tasks in the caller's jurisdiction: open ones (overdue first) or all, newest first")
    Paged<FloodTasks.Task> tasks(@RequestParam(defaultValue = "true") boolean open, @RequestParam(defaultValue = "0") int page,
                                 @RequestParam(defaultValue = "20") int size) {
        return tasks.list(users.require(), open, Math.max(0, page), Math.clamp(size, 1, 100));
    }

    @Performs(Action.READ_FLOOD_RESPONSE)
    @GetMapping("/tasks/{id}")
    @Operation(summary = "One task with its timeline of acts (who, when, why)")
    FloodTasks.TaskView task(@PathVariable long id) {
        return tasks.task(users.require(), id);
    }

    @Performs(Action.WORK_FLOOD_TASK)
    @PostMapping("/tasks/{id}/progress")
    @Operation(summary = "Report progress on a task: {state: ACCEPTED | DONE, note} (DONE needs a note of what was done)")
    FloodTasks.Task progress(@PathVariable long id, @RequestBody Progress body) {
        return tasks.progress(users.require(), id, body.state(), body.note());
    }

    @Performs(Action.READ_FLOOD_RESPONSE)
    @GetMapping("/gauges")
    @Operation(summary = "The rain gauges: location, last reading, and the rain (mm) in each warning window up to now")
    Map<String, Object> gauges() {
        return Map.of("windowsHours", board.windows(), "gauges", board.gauges(users.require()));
    }

    @Performs(Action.FEED_RAIN_FORECAST)
    @PostMapping("/rain-forecasts")
    @Operation(summary = "The meteorological bureau's rainfall forecast for the city: {source, issuedAt, startsAt (ISO 8601 with offset), stepMinutes, "
            + "mmPerHour: [...]}; the live forecast rains it on the model where it covers a step. Resent, it is the same forecast.")
    ResponseEntity<RainForecasts.Forecast> rainForecast(@RequestBody RainForecastRequest body) {
        return ResponseEntity.status(201).body(forecasts.receive(users.require(),
                new RainForecasts.Request(body.source(), body.issuedAt(), body.startsAt(), body.stepMinutes(), body.mmPerHour())));
    }
}
