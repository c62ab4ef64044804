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

        public double mmInLast(int hours) {
            return mmInLast.getOrDefault(hours, 0.0);
        }
    }

    /** A gauge's rain as intensities (mm/h) in equal steps from {@code from}: what the live forecast rains on the model. */
    record Series(String id, String name, double lon, double lat, Instant from, int stepMinutes, List<Double> mmPerHour) {

        /** The rain of the last {@code steps} steps (mm). */
        double mmInLastSteps(int steps) {
            return mmPerHour.subList(Math.max(0, mmPerHour.size() - steps), mmPerHour.size()).stream().mapToDouble(Double::doubleValue).sum() * stepMinutes / 60.0;
        }
    }

    private final TwinEntities twin;

    RainGauges(TwinEntities twin) {
        this.twin = twin;
    }

    /**
     * Every gauge's rain over the {@code hours} before {@code to}, in steps of {@code stepMinutes}: each reading's depth
     * spread evenly over its interval (from the gauge's previous reading; the first over the gauge's usual interval, the
     * median of its gaps, or one step), so a gauge that reports hourly rains as steadily as it measured.
     */
    List<Series> series(Instant to, int hours, int stepMinutes) {
        Instant from = to.minus(Duration.ofHours(hours));
        int steps = hours * 60 / stepMinutes;
        List<Series> out = new ArrayList<>();
        for (List<TwinEntities.Observation> readings : readings(from.minus(Duration.ofHours(2)), to)) {
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < readings.size(); i++) {
                gaps.add(Duration.between(readings.get(i - 1).observedAt(), readings.get(i).observedAt()).toSeconds());
            }
            long usual = gaps.isEmpty() ? stepMinutes * 60L : gaps.stream().sorted().toList().get(gaps.size() / 2);
            double[] mm = new double[steps];
            for (int i = 0; i < readings.size(); i++) {
                TwinEntities.Observation r = readings.get(i);
                Instant end = r.observedAt();
                Instant start = i > 0 ? readings.get(i - 1).observedAt() : end.minusSeconds(usual);
                double seconds = Math.max(1, Duration.between(start, end).toSeconds());
                for (int k = 0; k < steps; k++) {
                    Instant a = from.plusSeconds(60L * stepMinutes * k), b = a.plusSeconds(60L * stepMinutes);
                    long overlap = Math.min(b.getEpochSecond(), end.getEpochSecond()) - Math.max(a.getEpochSecond(), start.getEpochSecond());
                    if (overlap > 0) {
                        mm[k] += r.value() * overlap / seconds;
                    }
                }
            }
            List<Double> intensity = new ArrayList<>(steps);
            for (double d : mm) {
                intensity.add(d * 60.0 / stepMinutes);
            }
            TwinEntities.Observation last = readings.getLast();
            out.add(new Series(last.entityId(), last.name(), last.lon(), last.lat(), from, stepMinutes, intensity));
        }
        out.sort(java.util.Comparator.comparing(Series::id));
        return out;
    }

    /** Every gauge with the rain of the last {@code windows} hours at {@code now}; gauges silent in the longest window too. */
    List<Gauge> at(Instant now, List<Integer> windows) {
        int longest = windows.stream().mapToInt(Integer::intValue).max().orElse(12);
        List<Gauge> gauges = new ArrayList<>();
        for (List<TwinEntities.Observation> readings : readings(now.minus(Duration.ofHours(longest)), now)) {
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

    /** Each gauge's readings from {@code since} to {@code to}, oldest first, one per time (a retry's is the last written). */
    private java.util.Collection<List<TwinEntities.Observation>> readings(Instant since, Instant to) {
        Map<String, Map<Instant, TwinEntities.Observation>> byGauge = new LinkedHashMap<>();
        for (TwinEntities.Observation o : twin.observations(TwinEntities.DEFAULT_TENANT, "Sensor", "rainfall", since)) {
            if (!o.observedAt().isAfter(to)) {
                byGauge.computeIfAbsent(o.entityId(), k -> new java.util.TreeMap<>()).put(o.observedAt(), o);
            }
        }
        return byGauge.values().stream().map(kept -> List.copyOf(kept.values())).toList();
    }
}
