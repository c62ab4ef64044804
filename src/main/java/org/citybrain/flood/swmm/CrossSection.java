package org.citybrain.flood.swmm;

import java.util.Locale;

/**
 * A conduit's cross-section ([XSECTIONS]), in metres: its flow area and hydraulic radius at a depth, and the section
 * factor Ψ = A·R^(2/3) that Manning's equation multiplies (Q = (1/n)·√S·Ψ). Shapes computed from their geometry
 * (SWMM 5 user's manual, "Cross-Section Shapes"); the other shapes of SWMM are refused by name until they are built.
 */
public sealed interface CrossSection {

    double fullDepth();

    double area(double depth);

    double wettedPerimeter(double depth);

    default double fullArea() {
        return area(fullDepth());
    }

    default double sectionFactor(double depth) {
        double a = area(depth);
        double p = wettedPerimeter(depth);
        if (a <= 0 || p <= 0) {
            return 0;
        }
        // R^(2/3) as ∛(R²): a cube root is cheaper than a general power, and routing asks millions of times
        double r = a / p;
        return a * Math.cbrt(r * r);
    }

    /**
     * The width of the water surface at a depth, dA/dy, by a central difference (one ten-thousandth of the full depth):
     * what dynamic-wave routing spreads a node's inflow over. A closed conduit's is zero when it runs full.
     */
    default double topWidth(double depth) {
        double full = fullDepth();
        double h = 1e-4 * full;
        double lo = Math.max(0, depth - h), hi = Math.min(full, depth + h);
        return hi > lo ? (area(hi) - area(lo)) / (hi - lo) : 0;
    }

    /** Whether the conduit closes over the water (it can run full and under pressure). */
    default boolean closed() {
        return true;
    }

    /** The depth at which the flow area is a (area grows with depth). */
    default double depthOf(double a) {
        if (a <= 0) {
            return 0;
        }
        if (a >= fullArea()) {
            return fullDepth();
        }
        return Roots.of(y -> area(y) - a, 0, fullDepth());
    }

    /**
     * A circle of diameter d: the wetted angle θ at depth y is 2·acos(1 − 2y/d). Its area and section factor are read
     * from a table of the unit circle at every thousandth of its depth, interpolated, as SWMM tabulates its circular
     * geometry (Hydraulics manual, Vol. II, App. A): routing evaluates them millions of times a run, and the arc cosine
     * was most of its time. Up to 98 % of the depth the table is within 10⁻⁵ of the full values. Above, where the
     * section factor turns sharply (its slope is infinite at the crown), a second table steps evenly in √(1 − y/d),
     * in which it is smooth: within 2·10⁻⁷ there.
     */
    final class Circular implements CrossSection {
        private static final int ENTRIES = 1000;
        private static final double[] UNIT_AREA = new double[ENTRIES + 1];
        private static final double[] UNIT_FACTOR = new double[ENTRIES + 1];
        private static final double TOP = 0.98;
        private static final int TOP_ENTRIES = 200;
        private static final double TOP_ROOT = Math.sqrt(1 - TOP);
        /** The section factor at 1 − (TOP_ROOT·i/TOP_ENTRIES)² of the depth: from the crown (i = 0) down to 98 %. */
        private static final double[] TOP_FACTOR = new double[TOP_ENTRIES + 1];

        static {
            for (int i = 0; i <= TOP_ENTRIES; i++) {
                double s = TOP_ROOT * i / TOP_ENTRIES;
                TOP_FACTOR[i] = exactUnitFactor(1 - s * s);
            }
            for (int i = 0; i <= ENTRIES; i++) {
                double theta = 2 * Math.acos(1 - 2.0 * i / ENTRIES);
                double a = (theta - Math.sin(theta)) / 8;
                double p = theta / 2;
                UNIT_AREA[i] = a;
                UNIT_FACTOR[i] = a <= 0 ? 0 : a * Math.pow(a / p, 2.0 / 3);
            }
        }

        private static double exactUnitFactor(double r) {
            double theta = 2 * Math.acos(1 - 2 * r);
            double a = (theta - Math.sin(theta)) / 8;
            return a <= 0 ? 0 : a * Math.pow(a / (theta / 2), 2.0 / 3);
        }

        private final double diameter;
        /** Ψ = A·R^(2/3) scales as d^(8/3). */
        private final double factorScale;

        Circular(double diameter) {
            this.diameter = diameter;
            this.factorScale = Math.pow(diameter, 8.0 / 3);
        }

        public double diameter() {
            return diameter;
        }

        public double fullDepth() {
            return diameter;
        }

        public double area(double y) {
            return diameter * diameter * unit(UNIT_AREA, y);
        }

        public double wettedPerimeter(double y) {
            return diameter * angle(y) / 2;
        }

        @Override
        public double topWidth(double y) {
            double d = Math.clamp(y, 0, diameter);
            return 2 * Math.sqrt(d * (diameter - d));
        }

        @Override
        public double sectionFactor(double y) {
            if (y > TOP * diameter) {
                double x = Math.sqrt(Math.max(0, 1 - y / diameter)) / TOP_ROOT * TOP_ENTRIES;
                int i = Math.min((int) x, TOP_ENTRIES - 1);
                double w = x - i;
                return factorScale * (TOP_FACTOR[i] + w * (TOP_FACTOR[i + 1] - TOP_FACTOR[i]));
            }
            return factorScale * unit(UNIT_FACTOR, y);
        }


        private double unit(double[] table, double y) {
            double x = Math.clamp(y / diameter, 0, 1) * ENTRIES;
            int i = Math.min((int) x, ENTRIES - 1);
            double w = x - i;
            return table[i] + w * (table[i + 1] - table[i]);
        }

        private double angle(double y) {
            double r = Math.clamp(y / diameter, 0, 1);
            return 2 * Math.acos(1 - 2 * r);
        }
    }

    /** A rectangle, closed (its top wetted when full) or open. */
    record Rectangular(double height, double width, boolean closed) implements CrossSection {
        public boolean closed() {
            return closed;
        }

        public double fullDepth() {
            return height;
        }

        public double area(double y) {
            return width * Math.clamp(y, 0, height);
        }

        public double wettedPerimeter(double y) {
            double d = Math.clamp(y, 0, height);
            return width + 2 * d + (closed && d >= height ? width : 0);
        }

        @Override
        public double topWidth(double y) {
            return closed && y >= height ? 0 : width;
        }
    }

    /** A trapezoid: bottom width and the two side slopes (horizontal over vertical). */
    record Trapezoidal(double height, double bottom, double leftSlope, double rightSlope) implements CrossSection {
        public boolean closed() {
            return false;
        }

        public double fullDepth() {
            return height;
        }

        public double area(double y) {
            double d = Math.clamp(y, 0, height);
            return d * (bottom + d * (leftSlope + rightSlope) / 2);
        }

        public double wettedPerimeter(double y) {
            double d = Math.clamp(y, 0, height);
            return bottom + d * (Math.sqrt(1 + leftSlope * leftSlope) + Math.sqrt(1 + rightSlope * rightSlope));
        }

        @Override
        public double topWidth(double y) {
            return bottom + Math.clamp(y, 0, height) * (leftSlope + rightSlope);
        }
    }

    static CrossSection of(InpFile.Row r, Units units) {
        String shape = r.value(1).toUpperCase(Locale.ROOT);
        double g1 = units.length(r.number(2, "Geom1"));
        return switch (shape) {
            case "CIRCULAR" -> new Circular(g1);
            case "RECT_CLOSED" -> new Rectangular(g1, units.length(r.number(3, "Geom2")), true);
            case "RECT_OPEN" -> new Rectangular(g1, units.length(r.number(3, "Geom2")), false);
            case "TRAPEZOIDAL" -> new Trapezoidal(g1, units.length(r.number(3, "Geom2")), r.number(4, "Geom3"), r.number(5, "Geom4"));
            default -> throw new InpError(r.line(), "cross-section shape " + shape + " is not simulated yet (CIRCULAR, RECT_CLOSED, RECT_OPEN and TRAPEZOIDAL are)");
        };
    }
}
