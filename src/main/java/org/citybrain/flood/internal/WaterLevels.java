package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.twin.TwinEntities;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Water observed at the waterlogging spots: by water-level sensors (twin Sensors reporting {@code waterDepth}, the water
 * on the road in cm, within {@link #SENSOR_REACH_METRES} of a spot) and by citizens' reports. Each observation is
 * stored once per spot and source ({@code flood_spot_observation}); a depth at a risk level raises the spot's warning.
 * The live forecast corrects itself from them, and the spot's page draws them against the prediction.
 */
@Component
class WaterLevels {

    static final double SENSOR_REACH_METRES = 100;

    /** One observation of a spot. */
    record Observed(long spotId, Instant at, int depthCm, String source) {
    }

    private final TwinEntities twin;
    private final CityMap city;
    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;
    private final FloodWarnings warnings;
    private final RiskThresholds risk;

    WaterLevels(TwinEntities twin, CityMap city, JdbcClient jdbc, FirstSubmissionWins once, FloodWarnings warnings, RiskThresholds risk) {
        this.twin = twin;
        this.city = city;
        this.jdbc = jdbc;
        this.once = once;
        this.warnings = warnings;
        this.risk = risk;
    }

    /** Takes the sensors' readings since {@code since} as observations of their spots; returns how many were new. */
    int readSensors(Instant since) {
        List<TwinEntities.Observation> readings = twin.observations(TwinEntities.DEFAULT_TENANT, "Sensor", "waterDepth", since);
        if (readings.isEmpty()) {
            return 0;
        }
        List<Place> spots = city.places(PlaceKind.WATERLOGGING_SPOT, null, 10_000);
        int n = 0;
        for (TwinEntities.Observation o : readings) {
            Place spot = spots.stream().filter(s -> DemoDrainageNetwork.metres(s.lon(), s.lat(), o.lon(), o.lat()) <= SENSOR_REACH_METRES)
                    .min(java.util.Comparator.comparingDouble(s -> DemoDrainageNetwork.metres(s.lon(), s.lat(), o.lon(), o.lat()))).orElse(null);
            if (spot != null && observe(spot, o.observedAt(), (int) Math.round(Math.max(0, o.value())), "sensor:" + o.entityId() + "@" + o.observedAt().getEpochSecond())) {
                n++;
            }
        }
        return n;
    }

    /** Stores one observation of a spot (once per source) and raises the spot's warning to its level; true when new. */
    boolean observe(Place spot, Instant at, int cm, String source) {
        boolean stored = once.insert(() -> jdbc.sql("insert into flood_spot_observation(spot_id, observed_at, depth_cm, source) values (?, ?, ?, ?)")
                .params(spot.id(), Timestamp.from(at), cm, source).update());
        var level = risk.of(cm);
        if (stored && level != org.citybrain.flood.RiskLevel.NONE) {
            warnings.raise(new WarningScope(WarningScope.Kind.SPOT, String.valueOf(spot.id()), spot.name()), level,
                    String.format("%s观测积水%d厘米（%s）/ %d cm of water observed at the spot (%s)", spot.name(), cm, source, cm, source), FloodActs.RULE);
        }
        return stored;
    }

    /** A spot's observations between two times, oldest first. */
    List<Observed> at(long spotId, Instant from, Instant to) {
        return jdbc.sql("select * from flood_spot_observation where spot_id = ? and observed_at >= ? and observed_at <= ? order by observed_at")
                .params(spotId, Timestamp.from(from), Timestamp.from(to))
                .query((rs, i) -> new Observed(rs.getLong("spot_id"), rs.getTimestamp("observed_at").toInstant(), rs.getInt("depth_cm"), rs.getString("source"))).list();
    }

    /** The spots observed in the hour before {@code now}, with their observations. */
    java.util.Map<Long, List<Observed>> lastHour(Instant now) {
        java.util.Map<Long, List<Observed>> by = new java.util.LinkedHashMap<>();
        jdbc.sql("select * from flood_spot_observation where observed_at > ? and observed_at <= ? order by observed_at")
                .params(Timestamp.from(now.minus(Duration.ofHours(1))), Timestamp.from(now))
                .query((rs, i) -> new Observed(rs.getLong("spot_id"), rs.getTimestamp("observed_at").toInstant(), rs.getInt("depth_cm"), rs.getString("source")))
                .list().forEach(o -> by.computeIfAbsent(o.spotId(), k -> new java.util.ArrayList<>()).add(o));
        return by;
    }
}
