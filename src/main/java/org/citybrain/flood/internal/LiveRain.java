package org.citybrain.flood.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.citybrain.flood.swmm.InpFile;
import org.citybrain.flood.swmm.Units;

/**
 * The city's gauges raining on its model: each gauge a SWMM rain gage with its own intensity series, and each
 * subcatchment assigned to the gauge nearest its outlet (Thiessen polygons: the gauge whose polygon holds the point is
 * the nearest one, Thiessen 1911). A subcatchment whose outlet has no coordinates keeps the nearest gauge to the
 * network's centre.
 */
final class LiveRain {

    /** One gauge's rain for the run: intensities (mm/h) in equal steps from the run's start. */
    record GaugeRain(String id, double lon, double lat, List<Double> mmPerHour) {
    }

    private LiveRain() {
    }

    static InpFile fallingOn(InpFile model, List<GaugeRain> gauges, int stepMinutes) {
        Units units = Units.of(model.options().get("FLOW_UNITS"));
        Map<String, double[]> at = new java.util.HashMap<>();
        model.rows("COORDINATES").forEach(r -> at.put(r.value(0), new double[] {r.number(1, "X-Coord"), r.number(2, "Y-Coord")}));
        double[] centre = at.values().stream().reduce(new double[] {0, 0}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        double[] middle = at.isEmpty() ? new double[] {0, 0} : new double[] {centre[0] / at.size(), centre[1] / at.size()};
        List<InpFile.Row> gages = new ArrayList<>();
        List<InpFile.Row> series = new ArrayList<>();
        for (int g = 0; g < gauges.size(); g++) {
            String gage = "LIVE" + (g + 1), ts = "LIVE_TS" + (g + 1);
            gages.add(new InpFile.Row(0, List.of(gage, "INTENSITY", clock(stepMinutes), "1.0", "TIMESERIES", ts), gauges.get(g).id()));
            List<Double> mm = gauges.get(g).mmPerHour();
            for (int k = 0; k < mm.size(); k++) {
                double v = units.us() ? mm.get(k) / 25.4 : mm.get(k);
                series.add(new InpFile.Row(0, List.of(ts, clock(k * stepMinutes), String.format(Locale.ROOT, "%.4f", v)), null));
            }
            series.add(new InpFile.Row(0, List.of(ts, clock(mm.size() * stepMinutes), "0"), null));
        }
        List<InpFile.Section> sections = new ArrayList<>();
        boolean hadSeries = false, hadGages = false;
        for (InpFile.Section s : model.sections()) {
            switch (s.name().toUpperCase(Locale.ROOT)) {
                case "RAINGAGES" -> {
                    sections.add(new InpFile.Section(s.name(), gages));
                    hadGages = true;
                }
                case "TIMESERIES" -> {
                    List<InpFile.Row> rows = new ArrayList<>(s.rows());
                    rows.addAll(series);
                    sections.add(new InpFile.Section(s.name(), rows));
                    hadSeries = true;
                }
                case "SUBCATCHMENTS" -> sections.add(new InpFile.Section(s.name(), s.rows().stream().map(r -> {
                    if (r.values().size() < 3) {
                        return r;
                    }
                    double[] p = at.getOrDefault(r.value(2), middle);
                    List<String> v = new ArrayList<>(r.values());
                    v.set(1, "LIVE" + (nearest(gauges, p) + 1));
                    return new InpFile.Row(r.line(), v, r.comment());
                }).toList()));
                default -> sections.add(s);
            }
        }
        if (!hadGages) {
            sections.add(new InpFile.Section("RAINGAGES", gages));
        }
        if (!hadSeries) {
            sections.add(new InpFile.Section("TIMESERIES", series));
        }
        return new InpFile(sections);
    }

    private static int nearest(List<GaugeRain> gauges, double[] p) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int g = 0; g < gauges.size(); g++) {
            double d = DemoDrainageNetwork.metres(p[0], p[1], gauges.get(g).lon(), gauges.get(g).lat());
            if (d < bestD) {
                bestD = d;
                best = g;
            }
        }
        return best;
    }

    private static String clock(double minutes) {
        long m = Math.round(minutes);
        return String.format(Locale.ROOT, "%d:%02d", m / 60, m % 60);
    }
}
