package org.citybrain.flood.swmm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The links that are not conduits and the nodes that store water, as the dynamic wave routes them (SWMM 5 user's
 * manual, "Visual objects"; Hydraulics manual, Vol. II, ch. 7 "Flow regulators" and ch. 2 "Storage units"), each from
 * its textbook formula:
 * <ul>
 * <li>orifices: Q = C·A·√(2g·h), h from the opening's centre, or from the water beyond it when that is higher; partly
 * covered, the opening acts as a weir over its bottom, Q = C·A(h)·√(g·h);</li>
 * <li>weirs (Villemonte 1947 for a submerged crest): transverse Q = Cw·(L − 0.1·n·h)·h^1.5 with n end contractions,
 * side-flow Q = Cw·L·h^(5/3), V-notch Q = Cw·(W/(2·H))·h^2.5, trapezoidal the transverse part plus a V-notch part with
 * the end coefficient;</li>
 * <li>outlets: a rating curve of the depth or the head, Q = C·h^e or a table;</li>
 * <li>pumps: their curves (PUMP1 by the wet well's volume and PUMP2 by its depth, in steps; PUMP3 by the head against
 * it, PUMP4 by the depth, interpolated), or IDEAL (it passes what reaches its inlet), switched on and off by start-up
 * and shut-off depths and by [CONTROLS];</li>
 * <li>storage units: their surface area by depth, FUNCTIONAL A = a·y^b + c, TABULAR from a curve, or CYLINDRICAL
 * (π·L·W/4).</li>
 * </ul>
 * A setting (0–1, 1 unless a control changes it) opens an orifice, weir or outlet by that share and runs a pump at that
 * share of its curve's flow.
 */
final class Regulators {

    static final double G = 9.80665;

    private Regulators() {
    }

    /** A curve of [CURVES]: its type and its points, x ascending, in the model's units. */
    record Curve(String name, String type, double[] x, double[] y) {

        /** Linear between points, the end values beyond them. */
        double at(double v) {
            if (x.length == 0) {
                return 0;
            }
            if (v <= x[0]) {
                return y[0];
            }
            for (int i = 1; i < x.length; i++) {
                if (v <= x[i]) {
                    return y[i - 1] + (y[i] - y[i - 1]) * (v - x[i - 1]) / (x[i] - x[i - 1]);
                }
            }
            return y[y.length - 1];
        }

        /** In steps: the value of the last point at or below v (PUMP1, PUMP2). */
        double step(double v) {
            double out = 0;
            for (int i = 0; i < x.length; i++) {
                if (v >= x[i]) {
                    out = y[i];
                }
            }
            return out;
        }
    }

    /** The model's curves by name. */
    static Map<String, Curve> curves(InpFile inp) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (InpFile.Row r : inp.rows("CURVES")) {
            String name = r.value(0);
            int i = 1;
            if (r.size() % 2 == 0) {
                // the first row of a curve names its type before its points
                types.put(name, r.value(1).toUpperCase(Locale.ROOT));
                i = 2;
            }
            for (; i + 1 < r.size(); i += 2) {
                points.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {r.number(i, "X-Value"), r.number(i + 1, "Y-Value")});
            }
        }
        Map<String, Curve> out = new LinkedHashMap<>();
        points.forEach((name, p) -> {
            p.sort(java.util.Comparator.comparingDouble(v -> v[0]));
            out.put(name, new Curve(name, types.getOrDefault(name, ""), p.stream().mapToDouble(v -> v[0]).toArray(), p.stream().mapToDouble(v -> v[1]).toArray()));
        });
        return out;
    }

    /** A storage unit's surface area (m²) and volume (m³) by depth (m). */
    interface StorageShape {
        double area(double depth);

        default double volume(double depth) {
            // Simpson's rule over 20 intervals: exact for the functional shapes of low power, close for a table
            int n = 20;
            double h = depth / n, sum = area(0) + area(depth);
            for (int i = 1; i < n; i++) {
                sum += (i % 2 == 1 ? 4 : 2) * area(i * h);
            }
            return depth <= 0 ? 0 : sum * h / 3;
        }
    }

    /** A storage row's shape: FUNCTIONAL a b c, TABULAR curve, CYLINDRICAL L W. */
    static StorageShape storage(InpFile.Row r, Units units, Map<String, Curve> curves) {
        String shape = r.value(4).toUpperCase(Locale.ROOT);
        double toSquareMetres = units.length(1) * units.length(1);
        return switch (shape) {
            case "FUNCTIONAL" -> {
                double a = r.number(5, "Coefficient"), b = r.number(6, "Exponent"), c = r.number(7, "Constant");
                double footOrMetre = units.length(1);
                // A in ft² (m²) of y in ft (m): convert y to the model's units, the area back
                yield y -> (a * Math.pow(Math.max(0, y / footOrMetre), b) + c) * toSquareMetres;
            }
            case "TABULAR" -> {
                Curve c = curves.get(r.value(5));
                if (c == null) {
                    throw new InpError(r.line(), "storage unit " + r.value(0) + " names curve " + r.value(5) + ", which [CURVES] does not have");
                }
                double footOrMetre = units.length(1);
                yield y -> c.at(y / footOrMetre) * toSquareMetres;
            }
            case "CYLINDRICAL" -> {
                double l = units.length(r.number(5, "Length")), w = units.length(r.number(6, "Width"));
                yield y -> Math.PI * l * w / 4;
            }
            default -> throw new InpError(r.line(), "storage unit " + r.value(0) + " of shape " + shape + " is not simulated yet (FUNCTIONAL, TABULAR and CYLINDRICAL are)");
        };
    }

    /** A link that is not a conduit: its flow (m³/s, from its inlet node to its outlet) from the heads at its two nodes. */
    abstract static class Regulator {
        final String name;
        final String kind;
        final int from, to;
        /** The control's setting: the share open (orifice, weir, outlet) or of the curve's flow (pump). */
        double setting = 1;
        boolean on = true;
        double q, dqdh, peak, peakTime;

        Regulator(String name, String kind, int from, int to) {
            this.name = name;
            this.kind = kind;
            this.from = from;
            this.to = to;
        }

        /**
         * The flow for heads h1 at the inlet and h2 at the outlet (m), the inlet node's depth and volume, and what
         * reaches the inlet node now (an ideal pump passes it).
         */
        abstract double flow(double h1, double h2, double depth1, double volume1, double inflow1);

        /** Whether the flow responds to the heads (a pump's mostly does not). */
        boolean headDriven() {
            return true;
        }
    }

    static final class Orifice extends Regulator {
        final double crest, height, coefficient;
        final CrossSection opening;
        final boolean gated;

        Orifice(String name, int from, int to, double crest, double coefficient, boolean gated, CrossSection opening) {
            super(name, "ORIFICE", from, to);
            this.crest = crest;
            this.coefficient = coefficient;
            this.gated = gated;
            this.opening = opening;
            this.height = opening.fullDepth();
        }

        @Override
        double flow(double h1, double h2, double depth1, double volume1, double inflow1) {
            double sign = h1 >= h2 ? 1 : -1;
            if (sign < 0 && gated) {
                return 0;
            }
            double up = Math.max(h1, h2), down = Math.min(h1, h2);
            double open = height * setting;
            double h = up - crest;
            if (h <= 0 || open <= 0) {
                return 0;
            }
            if (h < open) {
                // partly covered: a weir over the opening's bottom
                return sign * coefficient * opening.area(h) * Math.sqrt(G * h);
            }
            double area = opening.area(open);
            double head = up - Math.max(down, crest + open / 2);
            return sign * coefficient * area * Math.sqrt(2 * G * Math.max(0, head));
        }
    }

    static final class Weir extends Regulator {
        final String type;
        final double crest, height, length, coefficient, endCoefficient, sideSlope;
        final int contractions;
        final boolean gated;

        Weir(String name, int from, int to, String type, double crest, double height, double length, double sideSlope, double coefficient, int contractions,
             double endCoefficient, boolean gated) {
            super(name, "WEIR", from, to);
            this.type = type;
            this.crest = crest;
            this.height = height;
            this.length = length;
            this.sideSlope = sideSlope;
            this.coefficient = coefficient;
            this.contractions = contractions;
            this.endCoefficient = endCoefficient;
            this.gated = gated;
        }

        @Override
        double flow(double h1, double h2, double depth1, double volume1, double inflow1) {
            double sign = h1 >= h2 ? 1 : -1;
            if (sign < 0 && gated) {
                return 0;
            }
            double up = Math.max(h1, h2), down = Math.min(h1, h2);
            // a setting below 1 raises the crest by the closed share of the weir's height
            double crestNow = crest + height * (1 - setting);
            double h = up - crestNow;
            if (h <= 0) {
                return 0;
            }
            double free;
            double exponent;
            switch (type) {
                case "SIDEFLOW" -> {
                    free = coefficient * length * Math.pow(h, 5.0 / 3);
                    exponent = 5.0 / 3;
                }
                case "V-NOTCH" -> {
                    free = coefficient * sideSlope * Math.pow(h, 2.5);
                    exponent = 2.5;
                }
                case "TRAPEZOIDAL" -> {
                    free = coefficient * length * Math.pow(h, 1.5) + endCoefficient * sideSlope * Math.pow(h, 2.5);
                    exponent = 1.5;
                }
                default -> {
                    free = coefficient * Math.max(0, length - 0.1 * contractions * h) * Math.pow(h, 1.5);
                    exponent = 1.5;
                }
            }
            double downstream = down - crestNow;
            if (downstream > 0) {
                // Villemonte's submerged-weir correction
                free *= Math.pow(Math.max(0, 1 - Math.pow(downstream / h, exponent)), 0.385);
            }
            return sign * free;
        }
    }

    static final class Outlet extends Regulator {
        final double crest, coefficient, exponent, flowFactor, lengthUnit;
        final Curve rating;
        final boolean byHead, gated;

        /** The rating is in the model's units: {@code flowFactor} m³/s per flow unit, {@code lengthUnit} m per length unit. */
        Outlet(String name, int from, int to, double crest, double coefficient, double exponent, Curve rating, boolean byHead, boolean gated, double flowFactor,
               double lengthUnit) {
            super(name, "OUTLET", from, to);
            this.crest = crest;
            this.coefficient = coefficient;
            this.exponent = exponent;
            this.rating = rating;
            this.byHead = byHead;
            this.gated = gated;
            this.flowFactor = flowFactor;
            this.lengthUnit = lengthUnit;
        }

        @Override
        double flow(double h1, double h2, double depth1, double volume1, double inflow1) {
            double h = byHead ? h1 - Math.max(h2, crest) : h1 - crest;
            if (h <= 0) {
                return 0;
            }
            double hu = h / lengthUnit;
            double q = rating != null ? rating.at(hu) : coefficient * Math.pow(hu, exponent);
            return q * flowFactor * setting;
        }
    }

    static final class Pump extends Regulator {
        final Curve curve;
        final double startup, shutoff;
        /** Flow units of the curve to m³/s, and the curve's x unit per metre (depth, head) or per m³ (volume). */
        final double flowFactor, lengthUnit, volumeUnit;

        Pump(String name, int from, int to, Curve curve, boolean on, double startup, double shutoff, double flowFactor, double lengthUnit, double volumeUnit) {
            super(name, "PUMP", from, to);
            this.curve = curve;
            this.on = on;
            this.startup = startup;
            this.shutoff = shutoff;
            this.flowFactor = flowFactor;
            this.lengthUnit = lengthUnit;
            this.volumeUnit = volumeUnit;
        }

        @Override
        boolean headDriven() {
            return curve != null && curve.type().equals("PUMP3");
        }

        /** The start-up and shut-off depths switch the pump by its inlet's depth, when they are set. */
        void switchByDepth(double depth1) {
            if (startup > 0 && depth1 >= startup) {
                on = true;
            } else if (shutoff > 0 && depth1 < shutoff) {
                on = false;
            }
        }

        @Override
        double flow(double h1, double h2, double depth1, double volume1, double inflow1) {
            if (!on || setting <= 0) {
                return 0;
            }
            if (curve == null) {
                // IDEAL: what reaches the inlet, as long as the inlet has water
                return depth1 > 0 ? Math.max(0, inflow1) * setting : 0;
            }
            double q = switch (curve.type()) {
                case "PUMP1" -> curve.step(volume1 / volumeUnit);
                case "PUMP2" -> curve.step(depth1 / lengthUnit);
                case "PUMP3" -> curve.at(Math.max(0, h2 - h1) / lengthUnit);
                default -> curve.at(depth1 / lengthUnit);
            };
            // a pump does not draw a dry wet well below empty
            return depth1 > 0 ? Math.max(0, q * flowFactor * setting) : 0;
        }
    }
}
