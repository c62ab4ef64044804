package org.citybrain.flood.swmm;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * The root of a function that changes sign between lo and hi, by Brent's method (Commons Math): what the engine's
 * monotone relations need (a depth from an area, a depth from a flow, the outlet depth of a conduit's continuity
 * equation), in a handful of evaluations where halving the interval took forty — the routing of a city's network
 * solves millions of them.
 */
final class Roots {

    /** To a micrometre of depth's millionth: far below anything a report prints. */
    private static final double ACCURACY = 1e-12;

    private Roots() {
    }

    /**
     * The root between lo and hi, looked for first within 2 % of a guess (the conduit's last state: from one routing
     * step to the next a depth changes little), where the solver needs a few evaluations instead of a dozen.
     */
    static double near(UnivariateFunction f, double guess, double lo, double hi) {
        if (guess > lo && guess < hi) {
            double span = Math.max(1e-6, 0.02 * guess);
            double a = Math.max(lo, guess - span), b = Math.min(hi, guess + span);
            double fa = f.value(a);
            if (fa < 0) {
                double fb = f.value(b);
                if (fb >= 0) {
                    return fb == 0 ? b : new BrentSolver(ACCURACY).solve(200, f, a, b);
                }
                return of(f, b, hi);
            }
            return of(f, lo, a);
        }
        return of(f, lo, hi);
    }

    static double of(UnivariateFunction f, double lo, double hi) {
        double flo = f.value(lo);
        if (flo >= 0) {
            return lo;
        }
        double fhi = f.value(hi);
        if (fhi <= 0) {
            return hi;
        }
        // a solver keeps the count of its evaluations: one per call keeps parallel runs apart
        return new BrentSolver(ACCURACY).solve(200, f, lo, hi);
    }
}
