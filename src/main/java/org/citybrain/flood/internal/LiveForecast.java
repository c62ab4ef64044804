package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.city.Place;
import org.citybrain.flood.RiskLevel;
import org.citybrain.flood.swmm.InpError;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.pages.CityTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live forecast (实时预报): every five minutes while it rains, the gauges' last {@value #HISTORY_HOURS} hours and
 * the next {@value #HORIZON_MINUTES} minutes (the meteorological bureau's forecast where it covers a step, else each
 * gauge's nowcast) rain on the city's model, each subcatchment from its nearest gauge. The run is stored as a scenario
 * of its own kind (FORECAST), so the map, its time slider and the spots' pages serve it. A spot with water observed in
 * the last hour (its sensors, citizens' reports) is corrected by its bias: the mean of observed minus simulated depth
 * over that hour, added to its forecast from now on. A spot forecast to reach a risk level within the horizon gets that
 * warning. One node makes each slot's forecast: it claims the slot first (a primary key).
 */
@Component
class LiveForecast {

    private static final Logger log = LoggerFactory.getLogger(LiveForecast.class);

    static final int HISTORY_HOURS = 6;
    static final int HORIZON_MINUTES = 120;
    static final int STEP_MINUTES = 5;

    private final DrainageModels models;
    private final RainGauges gauges;
    private final RainForecasts forecasts;
    private final WaterLevels levels;
    private final ScenarioRuns scenarios;
    private final FloodWarnings warnings;
    private final RiskThresholds risk;
    private final CityTime time;
    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;
    private final TransactionTemplate transaction;

    LiveForecast(DrainageModels models, RainGauges gauges, RainForecasts forecasts, WaterLevels levels, ScenarioRuns scenarios, FloodWarnings warnings,
                 RiskThresholds risk, CityTime time, JdbcClient jdbc, FirstSubmissionWins once, TransactionTemplate transaction) {
        this.models = models;
        this.gauges = gauges;
        this.forecasts = forecasts;
        this.levels = levels;
        this.scenarios = scenarios;
        this.warnings = warnings;
        this.risk = risk;
        this.time = time;
        this.jdbc = jdbc;
        this.once = once;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${citybrain.flood.forecast-every:PT1M}", initialDelayString = "${citybrain.flood.forecast-first:PT1M}")
    void tick() {
        try {
            forecast(Instant.now()).ifPresent(s -> log.info("live forecast {}: {} spots at 15 cm or more, in {} ms", s.name(), s.spotsFlooded(), s.runMillis()));
        } catch (InpError e) {
            log.warn("the live forecast could not run the model: {}", e.getMessage());
        }
    }

    /** Makes the forecast of the five minutes {@code now} lies in, if it rains and no node made it; the stored run. */
    Optional<ScenarioRuns.Scenario> forecast(Instant now) {
        Instant slot = Instant.ofEpochSecond(now.getEpochSecond() - now.getEpochSecond() % (STEP_MINUTES * 60));
        Optional<DrainageModels.Model> model = models.current();
        List<RainGauges.Series> past = gauges.series(slot, HISTORY_HOURS, STEP_MINUTES);
        Optional<RainForecasts.Forecast> met = forecasts.latest(slot);
        int horizon = HORIZON_MINUTES / STEP_MINUTES;
        List<Double> metAhead = new ArrayList<>();
        for (int k = 0; k < horizon; k++) {
            Instant at = slot.plusSeconds(60L * STEP_MINUTES * k);
            metAhead.add(met.flatMap(f -> f.at(at)).orElse(null));
        }
        boolean raining = past.stream().anyMatch(s -> s.mmInLastSteps(60 / STEP_MINUTES) > 0)
                || metAhead.stream().anyMatch(v -> v != null && v > 0);
        if (model.isEmpty() || past.isEmpty() || !raining) {
            return Optional.empty();
        }
        boolean claimed = once.insert(() -> jdbc.sql("insert into flood_forecast_slot(slot, claimed_at) values (?, ?)")
                .params(Timestamp.from(slot), Timestamp.from(Instant.now())).update());
        if (!claimed) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        List<LiveRain.GaugeRain> rain = new ArrayList<>();
        double total = 0, peak = 0;
        for (RainGauges.Series s : past) {
            List<Double> nowcast = RainNowcast.after(s.mmPerHour(), STEP_MINUTES, horizon).mmPerHour();
            List<Double> all = new ArrayList<>(s.mmPerHour());
            for (int k = 0; k < horizon; k++) {
                all.add(metAhead.get(k) != null ? metAhead.get(k) : nowcast.get(k));
            }
            rain.add(new LiveRain.GaugeRain(s.id(), s.lon(), s.lat(), all));
            total += all.stream().mapToDouble(Double::doubleValue).sum() * STEP_MINUTES / 60.0;
            peak = Math.max(peak, all.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }
        Instant simStart = slot.minus(Duration.ofHours(HISTORY_HOURS));
        StormRun run = StormRun.over(LiveRain.fallingOn(model.get().inp(), rain, STEP_MINUTES), LocalDateTime.ofInstant(simStart, time.zone()),
                HISTORY_HOURS * 60 + HORIZON_MINUTES);
        int millis = (int) ((System.nanoTime() - started) / 1_000_000);
        int nowMinute = HISTORY_HOURS * 60;
        Map<Long, List<WaterLevels.Observed>> observed = levels.lastHour(slot);
        List<SpotPrediction> predictions = new ArrayList<>();
        List<Runnable> spotWarnings = new ArrayList<>();
        for (Map.Entry<Place, String> e : scenarios.spotJunctions(model.get()).entrySet()) {
            Place spot = e.getKey();
            double[] cm = run.surfaceCm(e.getValue());
            List<WaterLevels.Observed> seen = observed.getOrDefault(spot.id(), List.of());
            SpotPrediction p;
            if (seen.isEmpty()) {
                p = SpotPrediction.of(spot.id(), e.getValue(), cm, ScenarioRuns.STORED_STEP_MINUTES, risk);
            } else {
                double bias = seen.stream().mapToDouble(o -> o.depthCm() - cm[minuteOf(simStart, o.at(), cm.length)]).average().orElse(0);
                p = SpotPrediction.corrected(spot.id(), e.getValue(), cm, bias, nowMinute, ScenarioRuns.STORED_STEP_MINUTES, risk);
            }
            predictions.add(p);
            double ahead = 0;
            int aheadStep = -1;
            for (int k = nowMinute / ScenarioRuns.STORED_STEP_MINUTES; k < p.depthsCm().size(); k++) {
                if (p.depthsCm().get(k) > ahead) {
                    ahead = p.depthsCm().get(k);
                    aheadStep = k;
                }
            }
            RiskLevel level = risk.of(ahead);
            if (level != RiskLevel.NONE) {
                String at = time.zone() == null ? "" : DateTimeFormatter.ofPattern("HH:mm")
                        .format(simStart.plusSeconds(60L * ScenarioRuns.STORED_STEP_MINUTES * (aheadStep + 1)).atZone(time.zone()));
                double deepest = ahead;
                spotWarnings.add(() -> warnings.raise(new WarningScope(WarningScope.Kind.SPOT, String.valueOf(spot.id()), spot.name()), level,
                        String.format("实时预报：未来2小时最深约%.0f厘米（%s）/ live forecast: about %.0f cm within 2 hours (at %s)", deepest, at, deepest, at), FloodActs.RULE));
            }
        }
        String name = "实时预报 " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(slot.atZone(time.zone()));
        double totalMm = total / rain.size(), peakMm = peak;
        return transaction.execute(status -> {
            Optional<ScenarioRuns.Scenario> stored = scenarios.storeForecast(name, totalMm, peakMm, simStart, model.get(), run, millis, predictions);
            stored.ifPresent(s -> spotWarnings.forEach(Runnable::run));
            return stored;
        });
    }

    /** The index of the minute an observation falls in (the engine reports minute 1 first), kept within the run. */
    private static int minuteOf(Instant simStart, Instant at, int minutes) {
        long m = Duration.between(simStart, at).toMinutes() - 1;
        return (int) Math.max(0, Math.min(minutes - 1, m));
    }
}
