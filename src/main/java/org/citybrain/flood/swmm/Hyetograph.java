package org.citybrain.flood.swmm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rain as equal steps of mean intensity (mm/h) from a storm's start: a design storm, or a recorded one. */
public record Hyetograph(String name, double stepMinutes, List<Double> mmPerHour) {

    public Hyetograph {
        mmPerHour = List.copyOf(mmPerHour);
    }

    /** The total depth (mm). */
    public double totalDepth() {
        return mmPerHour.stream().mapToDouble(i -> i * stepMinutes / 60).sum();
    }

    /**
     * The storm of 2021-07-20 at Zhengzhou's national station, hour by hour from 19 July 20:00 to 20 July 20:00 (UTC+8):
     * 552.5 mm, of which only the hour 16:00–17:00 (201.9 mm) is an observed hourly value; the other hours are
     * reconstructed from the published totals (the resource {@code flood/zz720_hourly.csv} marks each row).
     */
    public static Hyetograph zhengzhou20210720() {
        List<Double> depths = new ArrayList<>();
        try (InputStream in = Hyetograph.class.getResourceAsStream("/flood/zz720_hourly.csv");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                // after its note (;;) and its header: date, hour_start, depth_mm, kind (observed or reconstructed)
                if (!line.isBlank() && !line.startsWith(";") && !line.startsWith("date,")) {
                    depths.add(Double.parseDouble(line.split(",")[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Hyetograph("ZZ20210720", 60, depths);
    }

    /**
     * The model with this rain falling on every rain gage from the simulation's start, in the model's own units: each
     * gage reads a new time series of intensities at this rain's step. Everything else in the model stays.
     */
    public InpFile fallingOn(InpFile model) {
        Units units = Units.of(model.options().get("FLOW_UNITS"));
        List<InpFile.Row> points = new ArrayList<>();
        for (int k = 0; k < mmPerHour.size(); k++) {
            double value = units.us() ? mmPerHour.get(k) / 25.4 : mmPerHour.get(k);
            points.add(new InpFile.Row(0, List.of(name, clock(k * stepMinutes), String.format(Locale.ROOT, "%.4f", value)), null));
        }
        points.add(new InpFile.Row(0, List.of(name, clock(mmPerHour.size() * stepMinutes), "0"), null));
        List<InpFile.Section> sections = new ArrayList<>();
        boolean hadSeries = false;
        for (InpFile.Section s : model.sections()) {
            switch (s.name().toUpperCase(Locale.ROOT)) {
                case "RAINGAGES" -> sections.add(new InpFile.Section(s.name(), s.rows().stream().map(r -> r.values().isEmpty() ? r
                        : new InpFile.Row(r.line(), List.of(r.value(0), "INTENSITY", clock(stepMinutes), "1.0", "TIMESERIES", name), r.comment())).toList()));
                case "TIMESERIES" -> {
                    List<InpFile.Row> rows = new ArrayList<>(s.rows());
                    rows.addAll(points);
                    sections.add(new InpFile.Section(s.name(), rows));
                    hadSeries = true;
                }
                default -> sections.add(s);
            }
        }
        if (!hadSeries) {
            sections.add(new InpFile.Section("TIMESERIES", points));
        }
        return new InpFile(sections);
    }

    private static String clock(double minutes) {
        long m = Math.round(minutes);
        return String.format(Locale.ROOT, "%d:%02d", m / 60, m % 60);
    }
}
