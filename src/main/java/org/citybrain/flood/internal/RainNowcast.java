package org.citybrain.flood.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The rain of the next hours at a gauge from the rain of the last hour: its linear trend, extrapolated (Lagrangian
 * persistence at a point, the simplest of the nowcasts WMO's guidelines on nowcasting describe, with a trend term). The
 * trend is the least-squares line through the last hour's steps; extrapolated, it is kept between no rain and twice
 * the hour's heaviest step, and it fades to no rain over the horizon, since a trend says less the further it is carried.
 * A forecast from the meteorological bureau, where one covers a step, takes precedence ({@link LiveForecast}).
 */
record RainNowcast(List<Double> mmPerHour) {

    /** The next {@code steps} intensities (mm/h) after the past ones, in the same steps. */
    static RainNowcast after(List<Double> past, int stepMinutes, int steps) {
        int n = Math.min(past.size(), Math.max(2, 60 / stepMinutes));
        List<Double> recent = past.subList(past.size() - n, past.size());
        double meanX = (n - 1) / 2.0, meanY = recent.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - meanX) * (recent.get(i) - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double cap = 2 * recent.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<Double> next = new ArrayList<>(steps);
        for (int k = 1; k <= steps; k++) {
            double trend = meanY + slope * (n - 1 - meanX + k);
            double fade = 1.0 - (double) k / (steps + 1);
            next.add(Math.max(0, Math.min(cap, trend)) * fade);
        }
        return new RainNowcast(List.copyOf(next));
    }
}
