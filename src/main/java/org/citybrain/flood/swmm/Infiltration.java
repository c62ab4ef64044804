package org.citybrain.flood.swmm;

/**
 * Infiltration into a subcatchment's pervious area, one object per subcatchment holding its soil's state. Rates in
 * metres per second, depths in metres, times in seconds.
 */
sealed interface Infiltration {

    /**
     * A Horton soil's parameters: the initial and final rates (m/s), the decay constant (1/s), the drying time (s) and
     * the largest volume it takes (m; 0 for no limit).
     */
    record Soil(double f0, double fmin, double kd, double dryTime, double maxVolume) {

        public Soil {
            fmin = Math.min(fmin, f0);
        }

        /** Horton's capacity after t seconds along the curve (m/s). */
        double rateAt(double t) {
            return kd > 0 ? fmin + (f0 - fmin) * Math.exp(-kd * t) : f0;
        }

        /** Horton's cumulative infiltration over the first t seconds along the curve (m). */
        double cumulativeTo(double t) {
            return kd > 0 ? fmin * t + (f0 - fmin) / kd * (1 - Math.exp(-kd * t)) : f0 * t;
        }

        /** A capacity (m/s) over dt, no more than what the soil's maximum volume still takes after total (m). */
        double withinMaxVolume(double capacity, double total, double dt) {
            return maxVolume > 0 ? Math.min(capacity, Math.max(0, maxVolume - total) / dt) : capacity;
        }

        /** The recovery constant: 98 % of the capacity back within the drying time. */
        double recovery() {
            return dryTime > 0 ? -Math.log(0.02) / dryTime : 0;
        }
    }

    /**
     * How much infiltrates over the next dt (m/s, averaged over the step), given what falls and runs on in the step
     * (m/s) and the water available at the surface (that, and the ponded depth spread over the step); advances the
     * soil's state.
     */
    double infiltrate(double falling, double available, double dt);

    /**
     * Horton's equation (Horton 1940), as SWMM's Hydrology manual (Rossman and Huber 2016, Vol. I, §4.2) applies it:
     * the capacity f = fmin + (f0 − fmin)·e^(−kd·t) along the curve, t the time the soil has been wetted; over a step
     * the capacity is the curve's integral divided by the step. When less water comes than the soil could take, the
     * soil moves along the curve only as far as what it took (the equivalent time, found from the cumulative
     * infiltration by Newton's method). In a dry step the capacity recovers towards f0, exponentially, 98 % of the way
     * within the drying time (the user's manual: the days a fully saturated soil takes to dry). A maximum volume, when
     * given, caps the cumulative infiltration.
     */
    final class Horton implements Infiltration {
        private final Soil soil;
        private double tp;
        private double total;

        Horton(Soil soil) {
            this.soil = soil;
        }

        @Override
        public double infiltrate(double falling, double available, double dt) {
            if (available <= 0) {
                recover(dt);
                return 0;
            }
            double capacity = (soil.cumulativeTo(tp + dt) - soil.cumulativeTo(tp)) / dt;
            capacity = soil.withinMaxVolume(capacity, total, dt);
            double f = Math.min(capacity, available);
            if (f >= capacity) {
                tp += dt;
            } else {
                tp = equivalentTime(soil.cumulativeTo(tp) + f * dt);
            }
            total += f * dt;
            return f;
        }

        /** The time along the curve at which the cumulative infiltration is F (Newton's method: F is increasing and concave). */
        private double equivalentTime(double target) {
            double t = tp;
            for (int i = 0; i < 30; i++) {
                double step = (soil.cumulativeTo(t) - target) / soil.rateAt(t);
                t -= step;
                if (Math.abs(step) < 1e-6) {
                    break;
                }
            }
            return Math.max(t, 0);
        }

        private void recover(double dt) {
            if (soil.recovery() <= 0 || tp <= 0 || soil.kd() <= 0) {
                return;
            }
            double recovered = soil.f0() - (soil.f0() - soil.rateAt(tp)) * Math.exp(-soil.recovery() * dt);
            tp = recovered >= soil.f0() ? 0 : Math.max(0, -Math.log((recovered - soil.fmin()) / (soil.f0() - soil.fmin())) / soil.kd());
            if (soil.maxVolume() > 0) {
                total *= Math.exp(-soil.recovery() * dt);
            }
        }
    }

    /**
     * The modified Horton method (Akan 1992, as SWMM's Hydrology manual Vol. I §4.3 describes it): the state is the
     * cumulative infiltration in excess of the minimum rate, Fe, and the capacity f0 − kd·Fe (never below fmin),
     * which keeps light rain from wearing the soil's capacity down as if it had been ponded. Recovery in dry steps as
     * for Horton.
     */
    final class ModifiedHorton implements Infiltration {
        private final Soil soil;
        private double excess;
        private double total;

        ModifiedHorton(Soil soil) {
            this.soil = soil;
        }

        @Override
        public double infiltrate(double falling, double available, double dt) {
            if (available <= 0) {
                excess *= Math.exp(-soil.recovery() * dt);
                total *= soil.maxVolume() > 0 ? Math.exp(-soil.recovery() * dt) : 1;
                return 0;
            }
            double capacity = Math.max(soil.fmin(), soil.f0() - soil.kd() * excess);
            capacity = soil.withinMaxVolume(capacity, total, dt);
            double f = Math.min(capacity, available);
            if (f > soil.fmin()) {
                excess += (f - soil.fmin()) * dt;
            }
            total += f * dt;
            return f;
        }
    }

    /**
     * Green–Ampt (Green and Ampt 1911) in the form of Mein and Larson (1973), as SWMM's Hydrology manual Vol. I §4.4
     * uses it. With water ponded the capacity is Ks·(1 + ψ·θd/F); over a step the infiltration is the implicit
     * solution F₂ − F₁ − ψ·θd·ln((F₂ + ψθd)/(F₁ + ψθd)) = Ks·Δt (Newton's method), limited to the water available.
     * Recovery between storms, for continuous simulation: an upper soil zone of depth Lu = 4·√Ks (inches, Ks in in/h)
     * holds what infiltrated and drains at the rate √Ks/75 of its capacity per hour; after Tr = 4.5/√Ks hours without
     * water a new event starts, its moisture deficit what the upper zone has drained.
     */
    final class GreenAmpt implements Infiltration {
        private static final double INCH = 0.0254;
        private final double suction;
        private final double ks;
        private final double maxDeficit;
        private final double upperZone;
        private final double drainRate;
        private final double newEventAfter;
        private double deficit;
        private double event;
        private double upperMoisture;
        private double dry;

        GreenAmpt(double suction, double ks, double initialDeficit) {
            this.suction = suction;
            this.ks = ks;
            this.maxDeficit = initialDeficit;
            this.deficit = initialDeficit;
            double ksInchesPerHour = ks / INCH * 3600;
            this.upperZone = 4 * Math.sqrt(ksInchesPerHour) * INCH;
            this.drainRate = Math.sqrt(ksInchesPerHour) / 75 / 3600;
            this.newEventAfter = ksInchesPerHour > 0 ? 4.5 / Math.sqrt(ksInchesPerHour) * 3600 : Double.POSITIVE_INFINITY;
        }

        @Override
        public double infiltrate(double falling, double available, double dt) {
            if (available <= 0) {
                upperMoisture = Math.max(0, upperMoisture - drainRate * maxDeficit * upperZone * dt);
                dry += dt;
                if (dry >= newEventAfter) {
                    deficit = upperZone > 0 ? Math.max(0, maxDeficit - upperMoisture / upperZone) : maxDeficit;
                    event = 0;
                }
                return 0;
            }
            dry = 0;
            double capacity = ks <= 0 ? 0 : (pondedInfiltration(event, dt) - event) / dt;
            double f = Math.min(capacity, available);
            event += f * dt;
            upperMoisture = Math.min(maxDeficit * upperZone, upperMoisture + f * dt);
            return f;
        }

        /** The cumulative infiltration after dt of ponding, from F₁ (Newton's method on the implicit equation). */
        private double pondedInfiltration(double f1, double dt) {
            double c = suction * deficit;
            if (c <= 0) {
                return f1 + ks * dt;
            }
            double f2 = f1 + Math.max(ks * dt, Math.sqrt(2 * ks * c * dt));
            for (int i = 0; i < 50; i++) {
                double g = f2 - f1 - c * Math.log((f2 + c) / (f1 + c)) - ks * dt;
                double dg = 1 - c / (f2 + c);
                double next = Math.max(f1 + 1e-12, f2 - g / dg);
                if (Math.abs(next - f2) < 1e-12) {
                    return next;
                }
                f2 = next;
            }
            return f2;
        }
    }

    /**
     * The curve number method (NRCS, TR-55), as SWMM's Hydrology manual Vol. I §4.5 applies it: the soil's largest
     * retention S = 1000/CN − 10 inches, and of an event's rain P so far, P·S/(P + S) has infiltrated (the runoff
     * equation without the initial abstraction, which depression storage already holds). Over a step the capacity is
     * the increase of that amount for the rain of the step; after the drying time without water a new event starts.
     */
    final class CurveNumber implements Infiltration {
        private final double retention;
        private final double dryTime;
        private double rain;
        private double infiltrated;
        private double dry;

        CurveNumber(double curveNumber, double dryTimeSeconds) {
            this.retention = (1000 / Math.clamp(curveNumber, 10, 99.9) - 10) * 0.0254;
            this.dryTime = dryTimeSeconds;
        }

        @Override
        public double infiltrate(double falling, double available, double dt) {
            if (available <= 0) {
                dry += dt;
                if (dry >= dryTime) {
                    rain = 0;
                    infiltrated = 0;
                }
                return 0;
            }
            dry = 0;
            rain += falling * dt;
            double capacity = Math.max(0, rain * retention / (rain + retention) - infiltrated) / dt;
            double f = Math.min(capacity, available);
            infiltrated += f * dt;
            return f;
        }
    }
}
