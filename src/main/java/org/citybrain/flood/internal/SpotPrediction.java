package org.citybrain.flood.internal;

import java.util.Arrays;
import java.util.List;

import org.citybrain.flood.RiskLevel;

/**
 * What a scenario predicts at one waterlogging spot: the water standing on the road (cm), its peak and when, when it
 * starts to pond, the minutes it stays at or above 15, 27 and 50 cm, the risk level, and the depth at every stored
 * step (minutes from the storm's start: {@code stepMinutes}, {@code 2·stepMinutes}, ...). A live forecast's prediction
 * carries the bias (cm) it was corrected by, from the water-level sensors at the spot; null when none was applied.
 */
record SpotPrediction(long spotId, String node, double peakCm, Integer peakMinute, Integer pondingMinute, int minutesOver15, int minutesOver27,
                      int minutesOver50, RiskLevel risk, List<Double> depthsCm, Double biasCm) {

    /** Below this the road is wet, not ponded (cm). */
    static final double PONDING_CM = 1;

    /**
     * The prediction from the depth on the road every minute (cm, the first at minute 1), stored every
     * {@code stepMinutes}; durations count the minutes at or above each depth.
     */
    static SpotPrediction of(long spotId, String node, double[] everyMinuteCm, int stepMinutes, RiskThresholds risk) {
        double peak = 0;
        Integer peakAt = null, pondingAt = null;
        int over15 = 0, over27 = 0, over50 = 0;
        for (int m = 0; m < everyMinuteCm.length; m++) {
            double d = everyMinuteCm[m];
            if (d > peak) {
                peak = d;
                peakAt = m + 1;
            }
            if (pondingAt == null && d >= PONDING_CM) {
                pondingAt = m + 1;
            }
            over15 += d >= 15 ? 1 : 0;
            over27 += d >= 27 ? 1 : 0;
            over50 += d >= 50 ? 1 : 0;
        }
        Double[] stored = new Double[everyMinuteCm.length / stepMinutes];
        for (int k = 0; k < stored.length; k++) {
            stored[k] = Math.round(everyMinuteCm[(k + 1) * stepMinutes - 1] * 10) / 10.0;
        }
        double peakCm = Math.round(peak * 10) / 10.0;
        return new SpotPrediction(spotId, node, peakCm, peak >= PONDING_CM ? peakAt : null, pondingAt, over15, over27, over50, risk.of(peakCm), Arrays.asList(stored), null);
    }

    /**
     * The prediction from depths corrected by a bias (observed minus simulated, cm) from minute {@code fromMinute} on:
     * the forecast is corrected, the simulated past it was measured against is kept as it was.
     */
    static SpotPrediction corrected(long spotId, String node, double[] everyMinuteCm, double biasCm, int fromMinute, int stepMinutes, RiskThresholds risk) {
        double[] cm = everyMinuteCm.clone();
        for (int m = Math.max(0, fromMinute); m < cm.length; m++) {
            cm[m] = Math.max(0, everyMinuteCm[m] + biasCm);
        }
        SpotPrediction p = of(spotId, node, cm, stepMinutes, risk);
        return new SpotPrediction(p.spotId, p.node, p.peakCm, p.peakMinute, p.pondingMinute, p.minutesOver15, p.minutesOver27, p.minutesOver50, p.risk, p.depthsCm,
                Math.round(biasCm * 10) / 10.0);
    }

    /** The depths as stored: cm with one decimal, comma-separated. */
    String depthsText() {
        StringBuilder out = new StringBuilder();
        for (Double d : depthsCm) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(d == Math.rint(d) ? String.valueOf(d.longValue()) : d.toString());
        }
        return out.toString();
    }

    static List<Double> depthsOf(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(Double::valueOf).toList();
    }
}
