package org.citybrain.flood.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.flood.RiskLevel;
import org.citybrain.flood.swmm.DesignStorm;
import org.citybrain.flood.swmm.Hyetograph;
import org.citybrain.flood.swmm.InpError;
import org.citybrain.flood.swmm.InpFile;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scenario runs (情景推演) of the flood-control headquarters: a named storm — one of the city's design storms, or the
 * storm of 2021-07-20 — run on the city's drainage model, and what it predicts at each waterlogging spot, stored so
 * that scenarios are compared side by side. Reading them and running one are actions of the permission model.
 */
@Service
class ScenarioRuns {

    /** The return periods of the city's design storms (years). */
    static final List<Integer> RETURN_PERIODS = List.of(1, 2, 3, 5, 10, 20, 50, 100);
    /** Spots are matched to the model's nearest junction within this distance (m). */
    static final double SPOT_REACH_METRES = 300;
    /** Predictions are stored every five minutes; the engine reports every minute. */
    static final int STORED_STEP_MINUTES = 5;
    /** The storm of 7·20 starts at 2021-07-19 20:00 in Zhengzhou. */
    static final Instant ZZ720_START = java.time.LocalDateTime.of(2021, 7, 19, 20, 0).toInstant(ZoneOffset.ofHours(8));

    /** What the headquarters asks for: a name and a storm (a design storm's return period, duration and peak position). */
    record Request(String name, String storm, Integer returnPeriodYears, Integer durationMinutes, Integer peakPercent, String hyetograph, String routing) {

        /** Routed by the kinematic wave, as the city's scenarios are unless the headquarters asks for the dynamic wave. */
        Request(String name, String storm, Integer returnPeriodYears, Integer durationMinutes, Integer peakPercent, String hyetograph) {
            this(name, storm, returnPeriodYears, durationMinutes, peakPercent, hyetograph, null);
        }
    }

    /** The longest hyetograph taken (characters). */
    static final int MAX_HYETOGRAPH = 20_000;

    record Scenario(long id, String name, String storm, String hyetograph, Integer returnPeriodYears, Integer durationMinutes, Integer peakPercent, double totalMm,
                    double peakMmPerHour, Instant startsAt, int stepMinutes, double simulatedHours, int spotsFlooded, double runoffError,
                    double routingError, int runMillis, String createdBy, Instant createdAt, String routing) {
    }

    /** A spot with its prediction, named as the city names it. */
    record SpotView(long spotId, String name, String districtCode, double lon, double lat, SpotPrediction prediction) {
    }

    /** Two scenarios side by side, spot by spot (the spots of either). */
    record Comparison(Scenario first, Scenario second, List<SpotView[]> spots) {
    }

    private final JdbcClient jdbc;
    private final DrainageModels models;
    private final CityMap city;
    private final RiskThresholds risk;
    private final FirstSubmissionWins once;
    private final TransactionTemplate transaction;

    ScenarioRuns(JdbcClient jdbc, DrainageModels models, CityMap city, RiskThresholds risk, FirstSubmissionWins once, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.models = models;
        this.city = city;
        this.risk = risk;
        this.once = once;
        this.transaction = transaction;
    }

    /** Runs a scenario and stores it; a retry of the same request under the same name answers the first run. */
    Scenario run(CurrentUser user, Request request) {
        Action.RUN_FLOOD_SCENARIO.demand(user);
        Request asked = valid(request);
        Hyetograph storm = stormOf(asked);
        DrainageModels.Model model = models.current()
                .orElseThrow(() -> new NotFound("model", "本市尚无排水模型，请先导入 / the city has no drainage model yet: import one"));
        // routed as asked, or as the city's model says
        Request r = asked.routing() != null ? asked : new Request(asked.name(), asked.storm(), asked.returnPeriodYears(), asked.durationMinutes(),
                asked.peakPercent(), asked.hyetograph(), routingOf(model));
        long started = System.nanoTime();
        StormRun result;
        try {
            // the dynamic wave at a variable step (Courant 0.75, at most the model's routing step), as SWMM users run it
            InpFile inp = r.routing().equals(routingOf(model)) ? model.inp()
                    : r.routing().equals("DYNWAVE") ? model.inp().withOption("FLOW_ROUTING", "DYNWAVE").withOption("VARIABLE_STEP", "0.75")
                    : model.inp().withOption("FLOW_ROUTING", "KINWAVE");
            result = StormRun.of(inp, storm);
        } catch (InpError e) {
            throw new Conflict("model", "排水模型无法计算：" + e.getMessage() + " / the drainage model cannot be run: " + e.getMessage());
        }
        int millis = (int) ((System.nanoTime() - started) / 1_000_000);
        List<SpotPrediction> predictions = predict(model, result);
        double peakIntensity = storm.mmPerHour().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return transaction.execute(status -> store(r, storm.totalDepth(), peakIntensity, r.storm().equals("ZZ720") ? ZZ720_START : null, model, result, millis,
                predictions, user.username()).orElseGet(() -> {
                    Scenario first = byName(r.name());
                    if (!sameStorm(first, r)) {
                        throw new Conflict("name", "已有同名情景「" + r.name() + "」，请换一个名称 / a scenario named " + r.name() + " exists: choose another name");
                    }
                    return first;
                }));
    }

    /**
     * Stores a live forecast (storm FORECAST) made by the system: named by its slot, so that of two nodes making the
     * same slot's forecast one stores it; empty when the other did. Within a transaction.
     */
    Optional<Scenario> storeForecast(String name, double totalMm, double peakMmPerHour, Instant startsAt, DrainageModels.Model model, StormRun result, int millis,
                                     List<SpotPrediction> predictions) {
        return store(new Request(name, "FORECAST", null, null, null, null, routingOf(model)), totalMm, peakMmPerHour, startsAt, model, result, millis, predictions, FloodActs.RULE);
    }

    private Optional<Scenario> store(Request r, double totalMm, double peakIntensity, Instant startsAt, DrainageModels.Model model, StormRun result, int millis,
                                     List<SpotPrediction> predictions, String by) {
        int flooded = (int) predictions.stream().filter(p -> p.peakCm() >= risk.yellow()).count();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        boolean stored = once.insert(() -> jdbc.sql("""
                insert into flood_scenario(name, storm, hyetograph, return_period, duration_minutes, peak_ratio, total_mm, peak_mm_per_hour, model_id,
                                           starts_at, step_minutes, simulated_hours, spots_flooded, runoff_error, routing_error, run_millis, created_by,
                                           created_at, routing)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.name(), r.storm(), r.hyetograph(), r.returnPeriodYears(), r.durationMinutes(), r.peakPercent() == null ? null : r.peakPercent() / 100.0,
                        round(totalMm, 1), round(peakIntensity, 1), model.id(), startsAt == null ? null : Timestamp.from(startsAt),
                        STORED_STEP_MINUTES, round(result.simulatedHours(), 1), flooded, round(result.runoff().continuity().errorPercent(), 3),
                        round(result.routing().continuity().errorPercent(), 3), millis, by, Timestamp.from(Instant.now()),
                        r.routing() == null ? "KINWAVE" : r.routing())
                .update(key, "id"));
        if (!stored) {
            return Optional.empty();
        }
        long id = key.getKey().longValue();
        for (SpotPrediction p : predictions) {
            jdbc.sql("""
                    insert into flood_spot_prediction(scenario_id, spot_id, node, peak_cm, peak_minute, ponding_minute, minutes_over_15, minutes_over_27,
                                                      minutes_over_50, risk, depths_cm, bias_cm)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, p.spotId(), p.node(), p.peakCm(), p.peakMinute(), p.pondingMinute(), p.minutesOver15(), p.minutesOver27(), p.minutesOver50(),
                            p.risk().name(), p.depthsText(), p.biasCm())
                    .update();
        }
        return Optional.of(scenario(id));
    }

    /** How the city's model routes its flows (FLOW_ROUTING), KINWAVE when it does not say. */
    private static String routingOf(DrainageModels.Model model) {
        return model.inp().options().getOrDefault("FLOW_ROUTING", "KINWAVE").toUpperCase(java.util.Locale.ROOT);
    }

    /** The newest live forecast, if one was made. */
    Optional<Scenario> latestForecast(CurrentUser user) {
        Action.READ_FLOOD_SCENARIOS.demand(user);
        return jdbc.sql("select * from flood_scenario where storm = 'FORECAST' order by id desc fetch first 1 rows only").query(ScenarioRuns::scenarioRow).optional();
    }

    /** The scenarios, newest first. */
    Paged<Scenario> list(CurrentUser user, int page, int size) {
        Action.READ_FLOOD_SCENARIOS.demand(user);
        // the live forecasts are not the headquarters' scenarios: the newest is at /flood/live
        long total = jdbc.sql("select count(*) from flood_scenario where storm <> 'FORECAST'").query(Long.class).single();
        List<Scenario> rows = jdbc.sql("select * from flood_scenario where storm <> 'FORECAST' order by id desc limit ? offset ?").params(size, (long) Paged.firstRow(page, size))
                .query(ScenarioRuns::scenarioRow).list();
        return new Paged<>(rows, page, size, total);
    }

    Scenario scenario(CurrentUser user, long id) {
        Action.READ_FLOOD_SCENARIOS.demand(user);
        return scenario(id);
    }

    /** A scenario's spots, the deepest first. */
    List<SpotView> spots(CurrentUser user, long scenarioId) {
        Action.READ_FLOOD_SCENARIOS.demand(user);
        scenario(scenarioId);
        Map<Long, Place> places = spotPlaces();
        return jdbc.sql("select * from flood_spot_prediction where scenario_id = ? order by peak_cm desc, spot_id").param(scenarioId)
                .query((rs, n) -> predictionRow(rs)).list().stream()
                .filter(p -> places.containsKey(p.spotId()))
                .map(p -> view(places.get(p.spotId()), p)).toList();
    }

    /** One spot under a scenario. */
    SpotView spot(CurrentUser user, long scenarioId, long spotId) {
        return spots(user, scenarioId).stream().filter(s -> s.spotId() == spotId).findFirst()
                .orElseThrow(() -> new NotFound("spot", "本情景没有这个易积水点 / this scenario has no such waterlogging spot"));
    }

    Comparison compare(CurrentUser user, long first, long second) {
        Action.READ_FLOOD_SCENARIOS.demand(user);
        Scenario a = scenario(first);
        Scenario b = scenario(second);
        Map<Long, SpotView> inB = new HashMap<>();
        spots(user, second).forEach(s -> inB.put(s.spotId(), s));
        List<SpotView[]> pairs = new ArrayList<>();
        Set<Long> seen = new java.util.HashSet<>();
        for (SpotView s : spots(user, first)) {
            pairs.add(new SpotView[] {s, inB.get(s.spotId())});
            seen.add(s.spotId());
        }
        inB.values().stream().filter(s -> !seen.contains(s.spotId())).sorted(Comparator.comparing(SpotView::name))
                .forEach(s -> pairs.add(new SpotView[] {null, s}));
        return new Comparison(a, b, pairs);
    }

    private Scenario scenario(long id) {
        return jdbc.sql("select * from flood_scenario where id = ?").param(id).query(ScenarioRuns::scenarioRow).optional()
                .orElseThrow(() -> new NotFound("scenario", "没有这个情景 / no such scenario"));
    }

    private Scenario byName(String name) {
        return jdbc.sql("select * from flood_scenario where name = ?").param(name).query(ScenarioRuns::scenarioRow).single();
    }

    private static boolean sameStorm(Scenario s, Request r) {
        return s.storm().equals(r.storm()) && s.routing().equals(r.routing()) && Objects.equals(s.hyetograph(), r.hyetograph()) && Objects.equals(s.returnPeriodYears(), r.returnPeriodYears())
                && Objects.equals(s.durationMinutes(), r.durationMinutes()) && Objects.equals(s.peakPercent(), r.peakPercent());
    }

    /** Each spot of the city at the model's nearest junction within reach; a spot with none is left out of the run. */
    private List<SpotPrediction> predict(DrainageModels.Model model, StormRun result) {
        List<SpotPrediction> out = new ArrayList<>();
        spotJunctions(model).forEach((spot, node) -> out.add(SpotPrediction.of(spot.id(), node, result.surfaceCm(node), STORED_STEP_MINUTES, risk)));
        return out;
    }

    /** The city's spots, each with the model's junction nearest it within reach (spots with none are left out). */
    Map<Place, String> spotJunctions(DrainageModels.Model model) {
        Map<String, double[]> junctions = StormRun.junctionsAt(model.inp());
        Map<Place, String> out = new java.util.LinkedHashMap<>();
        for (Place spot : spotPlaces().values()) {
            String nearest = StormRun.nearestJunction(junctions, spot.lon(), spot.lat(), SPOT_REACH_METRES);
            if (nearest != null) {
                out.put(spot, nearest);
            }
        }
        return out;
    }

    private Map<Long, Place> spotPlaces() {
        Map<Long, Place> spots = new java.util.LinkedHashMap<>();
        city.places(PlaceKind.WATERLOGGING_SPOT, null, 10_000).forEach(p -> spots.put(p.id(), p));
        return spots;
    }

    private static SpotView view(Place p, SpotPrediction prediction) {
        return new SpotView(p.id(), p.name(), p.districtCode(), p.lon(), p.lat(), prediction);
    }

    private static Request valid(Request r) {
        List<InvalidStandardValue> problems = new ArrayList<>();
        String name = r.name() == null ? "" : r.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            problems.add(new InvalidStandardValue("name", "请填写情景名称（不超过100字） / give the scenario a name of at most 100 characters"));
        }
        String storm = r.storm() == null ? "" : r.storm().strip().toUpperCase(java.util.Locale.ROOT);
        if (!storm.equals("DESIGN") && !storm.equals("ZZ720") && !storm.equals("UPLOADED")) {
            problems.add(new InvalidStandardValue("storm", "降雨为设计暴雨（DESIGN）、“7·20”暴雨（ZZ720）或上传的雨型（UPLOADED） / the storm is DESIGN, ZZ720 or UPLOADED"));
        }
        String hyetograph = r.hyetograph() == null ? "" : r.hyetograph().strip();
        String routing = r.routing() == null || r.routing().isBlank() ? null : r.routing().strip().toUpperCase(java.util.Locale.ROOT);
        if (routing != null && !routing.equals("KINWAVE") && !routing.equals("DYNWAVE")) {
            problems.add(new InvalidStandardValue("routing", "汇流演算为运动波（KINWAVE）或动力波（DYNWAVE） / routing: KINWAVE or DYNWAVE"));
        }
        if (storm.equals("UPLOADED")) {
            if (hyetograph.isEmpty() || hyetograph.length() > MAX_HYETOGRAPH) {
                problems.add(new InvalidStandardValue("hyetograph", "请提供不超过2万字符的雨型CSV（分钟,毫米/小时） / give the hyetograph as CSV (minute, mm/h) of at most 20,000 characters"));
            } else {
                try {
                    Hyetograph.fromCsv("UPLOADED", hyetograph);
                } catch (InpError e) {
                    problems.add(new InvalidStandardValue("hyetograph", "雨型CSV有误：" + e.getMessage() + " / the hyetograph: " + e.getMessage()));
                }
            }
        }
        if (storm.equals("DESIGN")) {
            if (r.returnPeriodYears() == null || !RETURN_PERIODS.contains(r.returnPeriodYears())) {
                problems.add(new InvalidStandardValue("returnPeriodYears", "重现期为1、2、3、5、10、20、50或100年 / the return period is 1, 2, 3, 5, 10, 20, 50 or 100 years"));
            }
            if (r.durationMinutes() == null || r.durationMinutes() < 60 || r.durationMinutes() > 1440) {
                problems.add(new InvalidStandardValue("durationMinutes", "历时为60至1440分钟 / the duration is 60 to 1440 minutes"));
            }
            if (r.peakPercent() == null || r.peakPercent() < 5 || r.peakPercent() > 95) {
                problems.add(new InvalidStandardValue("peakPercent", "雨峰位置为历时的5%至95% / the peak is at 5 % to 95 % of the duration"));
            }
        }
        if (!problems.isEmpty()) {
            throw problems.get(0).withOthers(problems);
        }
        return switch (storm) {
            case "ZZ720" -> new Request(name, storm, null, null, null, null, routing);
            case "UPLOADED" -> new Request(name, storm, null, null, null, hyetograph, routing);
            default -> new Request(name, storm, r.returnPeriodYears(), r.durationMinutes(), r.peakPercent(), null, routing);
        };
    }

    private static Hyetograph stormOf(Request r) {
        if (r.storm().equals("ZZ720")) {
            return Hyetograph.zhengzhou20210720();
        }
        if (r.storm().equals("UPLOADED")) {
            return Hyetograph.fromCsv("UPLOADED", r.hyetograph());
        }
        return new DesignStorm(DesignStorm.Formula.ZHENGZHOU_HANDBOOK, r.returnPeriodYears(), r.durationMinutes(), 5, r.peakPercent() / 100.0).hyetograph();
    }

    private static Scenario scenarioRow(ResultSet rs, int n) throws SQLException {
        BigDecimal period = rs.getBigDecimal("return_period");
        BigDecimal peak = rs.getBigDecimal("peak_ratio");
        Timestamp starts = rs.getTimestamp("starts_at");
        int minutes = rs.getInt("duration_minutes");
        Integer duration = rs.wasNull() ? null : minutes;
        return new Scenario(rs.getLong("id"), rs.getString("name"), rs.getString("storm"), rs.getString("hyetograph"), period == null ? null : period.intValue(),
                duration, peak == null ? null : (int) Math.round(peak.doubleValue() * 100), rs.getDouble("total_mm"),
                rs.getDouble("peak_mm_per_hour"), starts == null ? null : starts.toInstant(), rs.getInt("step_minutes"), rs.getDouble("simulated_hours"),
                rs.getInt("spots_flooded"), rs.getDouble("runoff_error"), rs.getDouble("routing_error"), rs.getInt("run_millis"), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("routing"));
    }

    private static SpotPrediction predictionRow(ResultSet rs) throws SQLException {
        int peakMinute = rs.getInt("peak_minute");
        Integer peakAt = rs.wasNull() ? null : peakMinute;
        int pondingMinute = rs.getInt("ponding_minute");
        Integer pondingAt = rs.wasNull() ? null : pondingMinute;
        return new SpotPrediction(rs.getLong("spot_id"), rs.getString("node"), rs.getDouble("peak_cm"), peakAt, pondingAt, rs.getInt("minutes_over_15"),
                rs.getInt("minutes_over_27"), rs.getInt("minutes_over_50"), RiskLevel.valueOf(rs.getString("risk")), SpotPrediction.depthsOf(rs.getString("depths_cm")),
                rs.getObject("bias_cm") == null ? null : rs.getDouble("bias_cm"));
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
