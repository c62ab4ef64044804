package org.citybrain.flood.swmm;

/**
 * The depth of water on a subarea after a step: SWMM's nonlinear reservoir (Hydrology manual, Vol. I, §3.3),
 * dd/dt = i − α·(d − ds)^(5/3), integrated by the Dormand–Prince 5(4) pair (Dormand and Prince, "A family of embedded
 * Runge–Kutta formulae", J. Comp. Appl. Math. 6(1), 1980) with the step size controlled to the error of the embedded
 * fourth-order solution (Hairer, Nørsett and Wanner, Solving ODEs I, §II.4).
 *
 * <p>Written out for this one scalar equation rather than run through Commons Math's integrator, which gave the same
 * depths: a city's model integrates it millions of times a run, and the general integrator's objects and
 * interpolators took most of the run's time.
 */
final class NonlinearReservoir {

    private static final double ABSOLUTE = 1e-10;
    private static final double RELATIVE = 1e-8;

    /** The step size the last run accepted: the next runoff step usually takes the same (s). */
    private double step = Double.MAX_VALUE;

    private static double rate(double d, double net, double a, double ds) {
        double x = d - ds;
        // x^(5/3) as x·∛(x²): a cube root is cheaper than a general power
        return x > 0 ? net - a * x * Math.cbrt(x * x) : net;
    }

    /** The depth after dt seconds from d0, under net inflow {@code net} (m/s), with α = a and depression storage ds. */
    double depthAfter(double d0, double net, double a, double ds, double dt) {
        double t = 0, y = d0;
        double h = Math.min(step, dt);
        int steps = 0;
        // the pair's last stage is the next step's first (FSAL): one evaluation fewer per accepted step
        double k1 = rate(y, net, a, ds);
        while (t < dt && steps++ < 10_000) {
            double left = dt - t;
            boolean last = h >= left;
            double hh = last ? left : h;
            double k2 = rate(y + hh * (k1 / 5), net, a, ds);
            double k3 = rate(y + hh * (3 * k1 / 40 + 9 * k2 / 40), net, a, ds);
            double k4 = rate(y + hh * (44 * k1 / 45 - 56 * k2 / 15 + 32 * k3 / 9), net, a, ds);
            double k5 = rate(y + hh * (19372 * k1 / 6561 - 25360 * k2 / 2187 + 64448 * k3 / 6561 - 212 * k4 / 729), net, a, ds);
            double k6 = rate(y + hh * (9017 * k1 / 3168 - 355 * k2 / 33 + 46732 * k3 / 5247 + 49 * k4 / 176 - 5103 * k5 / 18656), net, a, ds);
            double next = y + hh * (35 * k1 / 384 + 500 * k3 / 1113 + 125 * k4 / 192 - 2187 * k5 / 6784 + 11 * k6 / 84);
            double k7 = rate(next, net, a, ds);
            double error = Math.abs(hh * (71 * k1 / 57600 - 71 * k3 / 16695 + 71 * k4 / 1920 - 17253 * k5 / 339200 + 22 * k6 / 525 - k7 / 40));
            double tolerance = ABSOLUTE + RELATIVE * Math.max(Math.abs(y), Math.abs(next));
            double factor = error == 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(tolerance / error, 0.2)));
            if (error <= tolerance) {
                t = last ? dt : t + hh;
                y = next;
                k1 = k7;
                // a step cut short to end the interval says nothing about the size the equation allows
                if (!last) {
                    step = hh * factor;
                    h = step;
                }
            } else {
                h = hh * factor;
                step = h;
            }
        }
        return y;
    }
}
