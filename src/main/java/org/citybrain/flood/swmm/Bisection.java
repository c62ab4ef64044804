package org.citybrain.flood.swmm;

import java.util.function.DoubleUnaryOperator;

/**
 * The root of a function negative at lo and not negative at hi, by halving the interval: what the engine's monotone
 * relations need (a depth from an area, a depth from a flow, the outlet depth of a conduit's continuity equation).
 */
final class Bisection {

    private Bisection() {
    }

    static double root(DoubleUnaryOperator f, double lo, double hi, int halvings) {
        for (int i = 0; i < halvings; i++) {
            double mid = (lo + hi) / 2;
            if (f.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
