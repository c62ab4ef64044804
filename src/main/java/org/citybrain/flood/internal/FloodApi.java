package org.citybrain.flood.internal;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.pages.Paged;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/flood/v1")
@Tag(name = "Flood control", description = "Scenario runs of the city's drainage model and their predictions at the waterlogging spots")
class FloodApi {

    record ScenarioRequest(@Schema(maxLength = 100, description = "the scenario's name, unique") String name,
                           @Schema(allowableValues = {"DESIGN", "ZZ720", "UPLOADED"}, description = "a design storm, the storm of 2021-07-20, or a hyetograph of one's own") String storm,
                           @Schema(allowableValues = {"1", "2", "3", "5", "10", "20", "50", "100"}) Integer returnPeriodYears,
                           @Schema(minimum = "60", maximum = "1440") Integer durationMinutes,
                           @Schema(minimum = "5", maximum = "95", description = "where the peak falls, in % of the duration") Integer peakPercent,
                           @Schema(maxLength = 20000, description = "for UPLOADED: CSV rows of minute from the start and intensity in mm/h, equal steps from 0") String hyetograph,
                           @Schema(allowableValues = {"KINWAVE", "DYNWAVE"}, description = "flow routing: the kinematic wave (default) or the dynamic wave (backwater, surcharge)") String routing) {
    }

    private final ScenarioRuns scenarios;
    private final DrainageModels models;
    private final CurrentUsers users;
    private final RiskThresholds risk;

    FloodApi(ScenarioRuns scenarios, DrainageModels models, CurrentUsers users, RiskThresholds risk) {
        this.models = models;
        this.risk = risk;
        this.scenarios = scenarios;
        this.users = users;
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/model")
    @Operation(summary = "The city's drainage model in use, as an EPA SWMM 5 .inp file")
    ResponseEntity<String> model() {
        // the file whatever the client accepts: a preset Content-Type is what Spring writes
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.parseMediaType("text/plain;charset=UTF-8")).header("Content-Disposition", "attachment; filename=\"citybrain-drainage.inp\"").body(models.export(users.require()));
    }

    @Performs(Action.MANAGE_DRAINAGE_MODEL)
    @PutMapping("/model")
    @Operation(summary = "Import the city's own EPA SWMM 5 model (.inp as the body) as the model in use; refused naming the line when it cannot be read or solved")
    ResponseEntity<Map<String, Object>> importModel(@RequestParam String name, @RequestBody String inp) {
        DrainageModels.Model m = models.importModel(users.require(), name, inp);
        return ResponseEntity.status(201).body(Map.of("id", m.id(), "name", m.name(), "junctions", m.inp().rows("JUNCTIONS").size(),
                "conduits", m.inp().rows("CONDUITS").size(), "subcatchments", m.inp().rows("SUBCATCHMENTS").size()));
    }

    @Performs(Action.RUN_FLOOD_SCENARIO)
    @PostMapping("/scenarios")
    @Operation(summary = "Run a scenario on the city's drainage model: {name, storm: DESIGN|ZZ720|UPLOADED, returnPeriodYears, durationMinutes, peakPercent, hyetograph}. "
            + "The same request under the same name answers the first run.")
    ResponseEntity<ScenarioRuns.Scenario> run(@RequestBody ScenarioRequest body) {
        ScenarioRuns.Scenario s = scenarios.run(users.require(), new ScenarioRuns.Request(body.name(), body.storm(), body.returnPeriodYears(),
                body.durationMinutes(), body.peakPercent(), body.hyetograph(), body.routing()));
        return ResponseEntity.status(201).header("Location", "/api/flood/v1/scenarios/" + s.id()).body(s);
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/scenarios")
    @Operation(summary = "The scenarios, newest first")
    Paged<ScenarioRuns.Scenario> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return scenarios.list(users.require(), Math.max(0, page), Math.clamp(size, 1, 100));
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/scenarios/{id}")
    @Operation(summary = "A scenario with every spot's prediction (peak, timing, durations over 15/27/50 cm, risk), the deepest first")
    Map<String, Object> scenario(@PathVariable long id) {
        var user = users.require();
        return Map.of("scenario", scenarios.scenario(user, id), "spots", scenarios.spots(user, id));
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/forecast")
    @Operation(summary = "The newest live forecast (a scenario of storm FORECAST: the gauges' last 6 hours and the next 2), with its spots; 404 when none was made")
    Map<String, Object> forecast() {
        var user = users.require();
        ScenarioRuns.Scenario s = scenarios.latestForecast(user)
                .orElseThrow(() -> new org.citybrain.platform.NotFound("forecast", "还没有实时预报：预报在下雨时每5分钟运行 / no live forecast yet: it runs every 5 minutes while it rains"));
        return Map.of("scenario", s, "spots", scenarios.spots(user, s.id()));
    }

    @Performs(Action.READ_FLOOD_SCENARIOS)
    @GetMapping("/scenarios/{id}/spots.geojson")
    @Operation(summary = "A scenario's spots as GeoJSON points, each with its prediction and its depth (cm) at every stored step; the risk levels' depths beside them")
    Map<String, Object> spotsGeoJson(@PathVariable long id) {
        var user = users.require();
        ScenarioRuns.Scenario s = scenarios.scenario(user, id);
        List<Map<String, Object>> features = scenarios.spots(user, id).stream().map(v -> Map.<String, Object>of(
                "type", "Feature",
                "geometry", Map.of("type", "Point", "coordinates", List.of(v.lon(), v.lat())),
                "properties", Map.of("spotId", v.spotId(), "name", v.name(), "peakCm", v.prediction().peakCm(), "risk", v.prediction().risk().name(),
                        "depthsCm", v.prediction().depthsCm()))).toList();
        return Map.of("type", "FeatureCollection", "stepMinutes", s.stepMinutes(), "riskCm", risk, "features", features);
    }
}
