package org.citybrain.flood.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.twin.TwinEntities;
import org.springframework.stereotype.Component;

/**
 * The city's rain gauges as the twin knows them: every located Sensor that reports {@code rainfall}. A gauge reports
 * the rain (mm) that fell in the interval ending at each observation's time, as automatic weather stations report it
 * (every 5 minutes, or every hour); the rain in the last n hours is the sum of the readings within them, whatever the
 * gauge's interval. A reading sent twice for the same time (a device's retry) counts once: the last one written.
 */
@Component
class RainGauges {

    /** One gauge: where, its last reading, and the rain it measured in each window (hours → mm) up to now. */
    record Gauge(String id, String name, double lon, double lat, Instant lastAt, double lastMm, Map<Integer, Double> mmInLast) {

        double mmInLast(int hours) {
            return mmInLast.getOrDefault(hours, 0.0);
        }
    }

    private final TwinEntities twin;

    RainGauges(TwinEntities twin) {
        this.twin = twin;
    }

    /** Every gauge with the rain of the last {@code windows} hours at {@code now}; gauges silent in the longest window too. */
    List<Gauge> at(Instant now, List<Integer> windows) {
        int longest = windows.stream().mapToInt(Integer::intValue).max().orElse(12);
        Map<String, Map<Instant, TwinEntities.Observation>> byGauge = new LinkedHashMap<>();
        for (TwinEntities.Observation o : twin.observations(TwinEntities.DEFAULT_TENANT, "Sensor", "rainfall", now.minus(Duration.ofHours(longest)))) {
            if (!o.observedAt().isAfter(now)) {
                byGauge.computeIfAbsent(o.entityId(), k -> new LinkedHashMap<>()).put(o.observedAt(), o);
            }
        }
        List<Gauge> gauges = new ArrayList<>();
        for (Map<Instant, TwinEntities.Observation> kept : byGauge.values()) {
            List<TwinEntities.Observation> readings = List.copyOf(kept.values());
            TwinEntities.Observation last = readings.stream().max(java.util.Comparator.comparing(TwinEntities.Observation::observedAt)).orElseThrow();
            Map<Integer, Double> sums = new LinkedHashMap<>();
            for (int h : windows) {
                Instant from = now.minus(Duration.ofHours(h));
                sums.put(h, readings.stream().filter(r -> r.observedAt().isAfter(from)).mapToDouble(TwinEntities.Observation::value).sum());
            }
            gauges.add(new Gauge(last.entityId(), last.name(), last.lon(), last.lat(), last.observedAt(), last.value(), sums));
        }
        gauges.sort(java.util.Comparator.comparing(Gauge::id));
        return gauges;
    }
}
