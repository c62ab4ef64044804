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
        return a <= 0 || p <= 0 ? 0 : a * Math.pow(a / p, 2.0 / 3);
    }

    /** The depth at which the flow area is a (area grows with depth). */
    default double depthOf(double a) {
        if (a <= 0) {
            return 0;
        }
        if (a >= fullArea()) {
            return fullDepth();
        }
        return Bisection.root(y -> area(y) - a, 0, fullDepth(), 60);
    }

    /** A circle of diameter d: the wetted angle θ at depth y is 2·acos(1 − 2y/d). */
    record Circular(double diameter) implements CrossSection {
        public double fullDepth() {
            return diameter;
        }

        public double area(double y) {
            double theta = angle(y);
            return diameter * diameter / 8 * (theta - Math.sin(theta));
        }

        public double wettedPerimeter(double y) {
            return diameter * angle(y) / 2;
        }

        private double angle(double y) {
            double r = Math.clamp(y / diameter, 0, 1);
            return 2 * Math.acos(1 - 2 * r);
        }
    }

    /** A rectangle, closed (its top wetted when full) or open. */
    record Rectangular(double height, double width, boolean closed) implements CrossSection {
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
    }

    /** A trapezoid: bottom width and the two side slopes (horizontal over vertical). */
    record Trapezoidal(double height, double bottom, double leftSlope, double rightSlope) implements CrossSection {
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
