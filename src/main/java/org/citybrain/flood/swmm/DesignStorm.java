package org.citybrain.flood.swmm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A design storm: the rain a drainage system is sized against, from a city's rainstorm intensity formula (暴雨强度公式)
 * in the form GB 50014 (室外排水设计标准) uses, q = A·(1 + C·lg P) / (t + b)^n in L/(s·ha), t the duration in minutes
 * and P the return period in years, distributed in time as a Chicago hyetograph (Keifer and Chu, "Synthetic storm
 * pattern for drainage design", J. Hydraulics Div. ASCE 83(4), 1957): the peak at r of the storm's duration, and every
 * window around the peak (r of it before, 1 − r after) holding exactly the depth the formula gives for its length.
 *
 * <p>The formula is data: a city enters its own coefficients and names the version it uses ({@code source}).
 */
public record DesignStorm(Formula formula, double returnPeriodYears, double durationMinutes, double stepMinutes, double peakRatio) {

    /** A rainstorm intensity formula q = A·(1 + C·lg P)/(t + b)^n, q in L/(s·ha). */
    public record Formula(double a, double c, double b, double n, String source) {

        /**
         * Zhengzhou's coefficients as the water-supply and drainage design handbook's city table quotes them (A = 3073,
         * C = 0.892, b = 15.1, n = 0.824). Not checked against the city's own published text (it has published 1982,
         * 2002 and 2015 versions): a deployment replaces them with the version its engineers use.
         */
        public static final Formula ZHENGZHOU_HANDBOOK = new Formula(3073, 0.892, 15.1, 0.824, "郑州 (给水排水设计手册, city table; to be replaced by the city's published version)");

        /** The average intensity over a storm of t minutes, in mm/min (1 L/(s·ha) = 0.006 mm/min). */
        public double intensity(double returnPeriodYears, double minutes) {
            return 0.006 * a * (1 + c * Math.log10(returnPeriodYears)) / Math.pow(minutes + b, n);
        }

        /** The depth of rain in t minutes, in mm. */
        public double depth(double returnPeriodYears, double minutes) {
            return intensity(returnPeriodYears, minutes) * minutes;
        }
    }

    public DesignStorm {
        if (returnPeriodYears < 1 || durationMinutes <= 0 || stepMinutes <= 0 || stepMinutes > durationMinutes || peakRatio <= 0 || peakRatio >= 1) {
            throw new IllegalArgumentException("a design storm needs a return period of at least 1 year, a duration, a step within it and a peak ratio between 0 and 1");
        }
    }

    /** The mean intensity of each step, in mm/h, from the storm's start. */
    public List<Double> intensities() {
        List<Double> out = new ArrayList<>();
        int steps = (int) Math.ceil(durationMinutes / stepMinutes - 1e-9);
        for (int k = 0; k < steps; k++) {
            double from = k * stepMinutes;
            double to = Math.min(durationMinutes, from + stepMinutes);
            out.add((cumulative(to) - cumulative(from)) / (to - from) * 60);
        }
        return out;
    }

    /** The depth fallen from the start to time t (mm): the Chicago storm's mass curve. */
    double cumulative(double t) {
        double peak = peakRatio * durationMinutes;
        double before = sideDepth(peak, peakRatio);
        if (t <= peak) {
            return before - sideDepth(peak - t, peakRatio);
        }
        return before + sideDepth(t - peak, 1 - peakRatio);
    }

    /** The depth within span minutes of the peak on one side: that side's share of the window of span/share minutes. */
    private double sideDepth(double span, double share) {
        if (span <= 0) {
            return 0;
        }
        return share * formula.depth(returnPeriodYears, span / share);
    }

    /** The total depth (mm): the formula's depth for the whole duration. */
    public double totalDepth() {
        return cumulative(durationMinutes);
    }

    /** The storm as a hyetograph of its steps, named for its return period and duration. */
    public Hyetograph hyetograph() {
        return new Hyetograph(String.format(Locale.ROOT, "DESIGN_P%s_%dMIN", trim(returnPeriodYears), Math.round(durationMinutes)), stepMinutes, intensities());
    }

    /** The model with this storm falling on every rain gage from the simulation's start ({@link Hyetograph#fallingOn}). */
    public InpFile fallingOn(InpFile model) {
        return hyetograph().fallingOn(model);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v).replace('.', '_');
    }
}
