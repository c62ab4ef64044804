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
     * A hyetograph as engineers write one in CSV: each row the minute from the storm's start at which an intensity
     * begins and that intensity in mm/h ({@code 0,12.5}), in equal steps of 1 to 60 minutes from minute 0, for at most
     * 48 hours; a header row and {@code ;} comments are skipped. A row that breaks this is refused naming its line.
     */
    public static Hyetograph fromCsv(String name, String csv) {
        List<Double> intensities = new ArrayList<>();
        double step = 0, last = -1;
        int n = 0;
        for (String raw : csv.split("\\R", -1)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || intensities.isEmpty() && last < 0 && !Character.isDigit(line.charAt(0))) {
                continue;
            }
            String[] cols = line.split("[,;\\t]");
            if (cols.length < 2) {
                throw new InpError(n, "a row is the minute and the intensity in mm/h, as 0,12.5");
            }
            double minute, mmPerHour;
            try {
                minute = Double.parseDouble(cols[0].strip());
                mmPerHour = Double.parseDouble(cols[1].strip());
            } catch (NumberFormatException e) {
                throw new InpError(n, "'" + line + "' is not a minute and an intensity in mm/h");
            }
            if (!Double.isFinite(minute) || !Double.isFinite(mmPerHour) || mmPerHour < 0 || mmPerHour > 500) {
                throw new InpError(n, "the intensity is 0 to 500 mm/h");
            }
            if (last < 0 && minute != 0) {
                throw new InpError(n, "the first row is minute 0");
            }
            if (last >= 0) {
                double gap = minute - last;
                if (step == 0) {
                    step = gap;
                }
                if (gap < 1 || gap > 60 || Math.abs(gap - step) > 1e-9) {
                    throw new InpError(n, "rows come in equal steps of 1 to 60 minutes");
                }
            }
            last = minute;
            intensities.add(mmPerHour);
        }
        if (intensities.isEmpty()) {
            throw new InpError(0, "the hyetograph has no rows");
        }
        double stepMinutes = step == 0 ? 60 : step;
        if (intensities.size() * stepMinutes > 48 * 60) {
            throw new InpError(0, "a hyetograph lasts at most 48 hours");
        }
        return new Hyetograph(name, stepMinutes, intensities);
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
