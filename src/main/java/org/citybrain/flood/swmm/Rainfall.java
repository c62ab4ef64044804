package org.citybrain.flood.swmm;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The rain each gage records, from [RAINGAGES] and [TIMESERIES]: a gage's series gives, at each recorded time, an
 * intensity, the depth that fell in the recording interval, or the cumulative depth (the gage's format), and the rain
 * keeps that intensity for one recording interval (SWMM 5 user's manual, "Rain Gages"). Times are seconds from the
 * simulation's start; intensities in metres per second, multiplied by the gage's snow catch factor.
 */
public final class Rainfall {

    /** One gage's rain: the start of each interval with rain and its intensity. */
    record Gage(String name, double interval, double[] starts, double[] intensities) {

        double at(double t) {
            int lo = 0;
            int hi = starts.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] <= t) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found >= 0 && t < starts[found] + interval ? intensities[found] : 0;
        }
    }

    private final Map<String, Gage> gages;
    private final NavigableSet<Double> changes = new TreeSet<>();

    private Rainfall(Map<String, Gage> gages) {
        this.gages = gages;
        for (Gage g : gages.values()) {
            for (double s : g.starts()) {
                changes.add(s);
                changes.add(s + g.interval());
            }
        }
    }

    /** Rain intensity at the gage at time t (m/s). */
    public double intensity(String gage, double t) {
        Gage g = gages.get(gage);
        return g == null ? 0 : g.at(t);
    }

    /** Whether rain falls on any gage at time t. */
    public boolean raining(double t) {
        return gages.values().stream().anyMatch(g -> g.at(t) > 0);
    }

    /** The first time after t at which some gage's intensity may change; infinity when none does. */
    public double nextChangeAfter(double t) {
        Double next = changes.higher(t);
        return next == null ? Double.POSITIVE_INFINITY : next;
    }

    public boolean has(String gage) {
        return gages.containsKey(gage);
    }

    static Rainfall of(InpFile inp, Units units, LocalDateTime start) {
        Map<String, List<double[]>> series = timeSeries(inp, start);
        Map<String, Gage> gages = new LinkedHashMap<>();
        for (InpFile.Row r : inp.rows("RAINGAGES")) {
            if (r.size() < 6) {
                throw new InpError(r.line(), "[RAINGAGES] row needs Name Format Interval SCF Source ...");
            }
            String format = r.value(1).toUpperCase(Locale.ROOT);
            double interval = hours(r.line(), r.value(2)) * 3600;
            double scf = r.number(3, "SCF");
            if (!r.value(4).equalsIgnoreCase("TIMESERIES")) {
                throw new InpError(r.line(), "rain gage " + r.value(0) + ": only TIMESERIES sources are read yet (a FILE source is not)");
            }
            List<double[]> points = series.get(r.value(5));
            if (points == null) {
                throw new InpError(r.line(), "rain gage " + r.value(0) + " names time series " + r.value(5) + ", which [TIMESERIES] does not have");
            }
            double[] starts = new double[points.size()];
            double[] intensities = new double[points.size()];
            double previous = 0;
            for (int i = 0; i < points.size(); i++) {
                double value = points.get(i)[1];
                double perHour = switch (format) {
                    case "INTENSITY" -> value;
                    case "VOLUME" -> value / (interval / 3600);
                    case "CUMULATIVE" -> (value - previous) / (interval / 3600);
                    default -> throw new InpError(r.line(), "rain gage format must be INTENSITY, VOLUME or CUMULATIVE, not " + r.value(1));
                };
                previous = value;
                starts[i] = points.get(i)[0];
                intensities[i] = units.rate(Math.max(0, perHour)) * scf;
            }
            gages.put(r.value(0), new Gage(r.value(0), interval, starts, intensities));
        }
        return new Rainfall(gages);
    }

    /** Each series' points as (seconds from the start, value), in time order. */
    private static Map<String, List<double[]>> timeSeries(InpFile inp, LocalDateTime start) {
        Map<String, List<double[]>> all = new LinkedHashMap<>();
        for (InpFile.Row r : inp.rows("TIMESERIES")) {
            if (r.size() >= 2 && r.value(1).equalsIgnoreCase("FILE")) {
                throw new InpError(r.line(), "time series " + r.value(0) + " from a FILE is not read yet");
            }
            List<double[]> points = all.computeIfAbsent(r.value(0), k -> new ArrayList<>());
            // a row holds one or more (time, value) pairs, each time with or without a date before it
            int i = 1;
            while (i < r.size()) {
                double t;
                if (r.value(i).contains("/") && i + 2 < r.size()) {
                    t = java.time.Duration.between(start, date(r.line(), r.value(i)).atTime(clock(r.line(), r.value(i + 1)))).toMillis() / 1000.0;
                    i += 2;
                } else {
                    t = hours(r.line(), r.value(i)) * 3600;
                    i += 1;
                }
                if (i >= r.size()) {
                    throw new InpError(r.line(), "time series " + r.value(0) + ": a time without its value");
                }
                points.add(new double[] {t, r.number(i, "value")});
                i += 1;
            }
        }
        return all;
    }

    /** Hours as SWMM writes them: decimal hours ({@code 1.5}) or hours and minutes ({@code 27:00}, {@code 0:15:30}). */
    static double hours(int line, String value) {
        try {
            if (value.contains(":")) {
                String[] p = value.split(":");
                double h = Double.parseDouble(p[0]) + Double.parseDouble(p[1]) / 60;
                return p.length > 2 ? h + Double.parseDouble(p[2]) / 3600 : h;
            }
            return Double.parseDouble(value);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new InpError(line, "not a time: " + value);
        }
    }

    static LocalDate date(int line, String value) {
        try {
            return LocalDate.parse(value, DateTimeFormatter.ofPattern("M/d/yyyy"));
        } catch (DateTimeParseException e) {
            throw new InpError(line, "not a date (month/day/year): " + value);
        }
    }

    static LocalTime clock(int line, String value) {
        double h = hours(line, value);
        return LocalTime.ofSecondOfDay(Math.round(h * 3600) % 86_400);
    }
}
