package org.citybrain.flood.swmm;

import java.util.Locale;

/**
 * The units a SWMM model is written in, chosen by its FLOW_UNITS option (SWMM 5 user's manual, "Units of
 * measurement"): CFS, GPM or MGD mean US customary units throughout (acres, feet, inches, inches per hour), CMS, LPS
 * or MLD mean SI (hectares, metres, millimetres, millimetres per hour). The engine computes in metres and seconds;
 * this converts what is read and what is reported.
 */
public enum Units {

    CFS(true, 0.028316846592), GPM(true, 0.028316846592 / 448.831), MGD(true, 0.028316846592 / 0.64631689),
    CMS(false, 1.0), LPS(false, 0.001), MLD(false, 1000.0 / 86_400);

    private static final double FOOT = 0.3048;
    private static final double INCH = 0.0254;
    private static final double ACRE = 4046.8564224;

    private final boolean us;
    private final double cubicMetresPerSecond;

    Units(boolean us, double cubicMetresPerSecond) {
        this.us = us;
        this.cubicMetresPerSecond = cubicMetresPerSecond;
    }

    public static Units of(String flowUnits) {
        try {
            return valueOf(flowUnits == null || flowUnits.isBlank() ? "CFS" : flowUnits.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InpError(0, "FLOW_UNITS must be CFS, GPM, MGD, CMS, LPS or MLD, not " + flowUnits);
        }
    }

    public boolean us() {
        return us;
    }

    /** Subcatchment area (acres or hectares) in square metres. */
    public double area(double value) {
        return value * (us ? ACRE : 10_000);
    }

    /** A length (feet or metres: widths, elevations, pipe sizes) in metres. */
    public double length(double value) {
        return value * (us ? FOOT : 1);
    }

    /** A depth of water on a surface (inches or millimetres: depression storage, rainfall depth) in metres. */
    public double depth(double value) {
        return value * (us ? INCH : 0.001);
    }

    /** A rate (inches or millimetres per hour: rainfall, infiltration) in metres per second. */
    public double rate(double value) {
        return depth(value) / 3600;
    }

    /** Metres back to the report's depth unit (inches or millimetres). */
    public double toDepth(double metres) {
        return metres / (us ? INCH : 0.001);
    }

    /** Metres in the report's length unit (feet or metres). */
    public double toLength(double metres) {
        return metres / (us ? FOOT : 1);
    }

    /** A flow in the model's flow unit in cubic metres per second. */
    public double flow(double value) {
        return value * cubicMetresPerSecond;
    }

    /** Cubic metres per second in the model's flow unit. */
    public double toFlow(double cubicMetresPerSecond) {
        return cubicMetresPerSecond / this.cubicMetresPerSecond;
    }

    /** Cubic metres in the report's volume unit for runoff: acre-feet or hectare-metres. */
    public double toRunoffVolume(double cubicMetres) {
        return us ? cubicMetres / (ACRE * FOOT) : cubicMetres / 10_000;
    }

    /** Cubic metres in the report's volume of water passed: 10^6 gallons or 10^6 litres. */
    public double toMillionsOfVolume(double cubicMetres) {
        return us ? cubicMetres / 3785.411784 : cubicMetres / 1000;
    }

    /** A volume in m³ in thousands of the model's cubic units (1000 ft³ or 1000 m³: ponded volumes). */
    public double toThousandsOfCubic(double cubicMetres) {
        return us ? cubicMetres / (FOOT * FOOT * FOOT) / 1000 : cubicMetres / 1000;
    }
}
