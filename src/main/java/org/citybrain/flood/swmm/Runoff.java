package org.citybrain.flood.swmm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;


/**
 * Rain turned into runoff, subcatchment by subcatchment, as SWMM's Hydrology manual (Rossman and Huber 2016, Vol. I,
 * ch. 3) describes it. Each subcatchment is three nonlinear reservoirs — impervious without depression storage,
 * impervious with it, pervious — whose depth d follows dd/dt = i − e − f − α·(d − ds)^(5/3), the outflow being
 * Manning's equation for overland flow across the subcatchment's width (α = W·√S / (Aj·n), SI units, Aj the
 * subarea's own area: each subarea spans the whole width). Over each runoff
 * step the rain, evaporation and infiltration are held constant (infiltration limited to the water available: the
 * rain, the run-on and the ponded depth) and the equation is integrated with a Dormand–Prince 5(4) method with step
 * control. The step is the model's WET_STEP while rain falls or water stands above depression storage or soaks into
 * the pervious area, its DRY_STEP otherwise, and never steps over a change in the rain.
 *
 * <p>Volumes are kept exactly from each reservoir's mass balance (what came in, less the losses, less the change in
 * storage), so the runoff continuity error reported is the integration's own.
 */
public final class Runoff {

    /** One subcatchment's totals over the run: depths over its whole area (m), its runoff volume (m³) and peak (m³/s). */
    public record SubcatchmentTotals(String name, double area, double precipitation, double runon, double evaporation, double infiltration,
                                     double imperviousRunoff, double perviousRunoff, double runoffVolume, double peakRunoff) {

        public double runoffDepth() {
            return runoffVolume / area;
        }

        /** The share of what fell (and ran on) that ran off. */
        public double coefficient() {
            double in = precipitation + runon;
            return in > 0 ? runoffDepth() / in : 0;
        }
    }

    /** The runoff quantity continuity of the whole area, volumes in m³; the error as SWMM reports it, in per cent. */
    public record Continuity(double area, double precipitation, double evaporation, double infiltration, double runoff, double initialStorage,
                             double finalStorage) {

        public double errorPercent() {
            double in = precipitation + initialStorage;
            return in > 0 ? 100 * (in - evaporation - infiltration - runoff - finalStorage) / in : 0;
        }
    }

    /** Each subcatchment's outflow at the end of each runoff step: times (s from the start) and flows (m³/s). */
    public record Hydrograph(double[] times, double[] flows) {

        /** The flow at time t, linearly between the steps' ends (how routing takes runoff between runoff steps). */
        public double at(double t) {
            int i = java.util.Arrays.binarySearch(times, t);
            if (i >= 0) {
                return flows[i];
            }
            int after = -i - 1;
            if (after == 0) {
                return flows[0];
            }
            if (after >= times.length) {
                return flows[times.length - 1];
            }
            double f = (t - times[after - 1]) / (times[after] - times[after - 1]);
            return flows[after - 1] + f * (flows[after] - flows[after - 1]);
        }
    }

    /** The run's totals, each subcatchment's outflow, and the simulated duration (s). */
    public record Result(List<SubcatchmentTotals> subcatchments, Continuity continuity, Map<String, Hydrograph> outflows, double duration) {
    }

    /** The number of subcatchments from which a step's surfaces are advanced on all cores. */
    private static final int PARALLEL_FROM = 64;

    private final Units units;
    private final Rainfall rain;
    private final List<Subcatchment> subcatchments;
    private final double duration;
    private final double wetStep;
    private final double dryStep;
    private final Evaporation evaporation;
    private final LocalDateTime start;

    private Runoff(InpFile inp) {
        Map<String, String> options = inp.options();
        this.units = Units.of(options.get("FLOW_UNITS"));
        this.start = dateTime(options.getOrDefault("START_DATE", "1/1/2004"), options.getOrDefault("START_TIME", "0:00:00"));
        LocalDateTime end = dateTime(options.getOrDefault("END_DATE", options.getOrDefault("START_DATE", "1/1/2004")), options.getOrDefault("END_TIME", "24:00:00"));
        this.duration = Duration.between(start, end).toMillis() / 1000.0;
        if (duration <= 0) {
            throw new InpError(0, "the simulation ends (" + end + ") before it starts (" + start + ")");
        }
        this.wetStep = Rainfall.hours(0, options.getOrDefault("WET_STEP", "0:05:00")) * 3600;
        this.dryStep = Rainfall.hours(0, options.getOrDefault("DRY_STEP", "1:00:00")) * 3600;
        this.rain = Rainfall.of(inp, units, start);
        this.subcatchments = Subcatchment.of(inp, units, options.getOrDefault("INFILTRATION", "HORTON").toUpperCase(Locale.ROOT));
        for (Subcatchment s : subcatchments) {
            if (!rain.has(s.gage())) {
                throw new InpError(0, "subcatchment " + s.name() + " names rain gage " + s.gage() + ", which [RAINGAGES] does not have");
            }
        }
        this.evaporation = Evaporation.of(inp, units);
    }

    private static LocalDateTime dateTime(String date, String time) {
        return Rainfall.date(0, date).atStartOfDay().plusSeconds(Math.round(Rainfall.hours(0, time) * 3600));
    }

    /** Runs the model's runoff from its start to its end. */
    public static Result run(InpFile inp) {
        return new Runoff(inp).simulate();
    }

    private Result simulate() {
        int n = subcatchments.size();
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < n; k++) {
            index.put(subcatchments.get(k).name(), k);
        }
        Surface[] surfaces = new Surface[n];
        for (int k = 0; k < n; k++) {
            surfaces[k] = new Surface(subcatchments.get(k));
        }
        List<List<double[]>> hydrographs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<double[]> h = new ArrayList<>();
            h.add(new double[] {0, 0});
            hydrographs.add(h);
        }
        double[] runonRate = new double[n];
        double t = 0;
        while (t < duration - 1e-6) {
            boolean wet = rain.raining(t);
            for (Surface s : surfaces) {
                wet |= s.wet();
            }
            double dt = Math.min(Math.min(wet ? wetStep : dryStep, rain.nextChangeAfter(t) - t), duration - t);
            double evap = evaporation.rate(start.plusSeconds((long) t), wet && rain.raining(t));
            double[] nextRunon = new double[n];
            double[] outs = new double[n];
            double now = t, step = dt;
            double[] runon = runonRate;
            // the subcatchments of a step are independent of each other (run-on arrives in the next step): a city's
            // hundreds share the cores; a small model is not worth the hand-over
            java.util.stream.IntStream ks = java.util.stream.IntStream.range(0, n);
            (n >= PARALLEL_FROM ? ks.parallel() : ks).forEach(k ->
                    outs[k] = surfaces[k].step(rain.intensity(subcatchments.get(k).gage(), now), runon[k], evap, step));
            for (int k = 0; k < n; k++) {
                Subcatchment c = subcatchments.get(k);
                double out = outs[k];
                if (!Double.isFinite(out)) {
                    // never a NaN in a result: the run stops, naming where and when
                    throw new InpError(0, "the runoff went unstable on subcatchment " + c.name() + " at " + KinematicWave.clock(t + dt) + " from the start");
                }
                hydrographs.get(k).add(new double[] {t + dt, out});
                Integer downstream = index.get(c.outlet());
                if (downstream != null) {
                    // runoff onto another subcatchment arrives there in the next step, spread over its whole area
                    nextRunon[downstream] += out / subcatchments.get(downstream).area();
                }
            }
            runonRate = nextRunon;
            t += dt;
        }
        List<SubcatchmentTotals> totals = new ArrayList<>();
        double area = 0, precip = 0, evap = 0, infil = 0, runoff = 0, storage = 0, runonIn = 0;
        for (int k = 0; k < n; k++) {
            Surface s = surfaces[k];
            Subcatchment c = subcatchments.get(k);
            totals.add(new SubcatchmentTotals(c.name(), c.area(), s.precipitation / c.area(), s.runon / c.area(), s.evaporation / c.area(),
                    s.infiltration / c.area(), s.imperviousOut / c.area(), s.perviousOut / c.area(), s.toOutlet, s.peak));
            area += c.area();
            precip += s.precipitation;
            evap += s.evaporation;
            infil += s.infiltration;
            storage += s.stored();
            runonIn += s.runon;
            runoff += index.containsKey(c.outlet()) ? 0 : s.toOutlet;
        }
        // runoff that ran on to another subcatchment and was still in flight at the end counts as runoff leaving the area
        double sentDownstream = 0;
        for (int k = 0; k < n; k++) {
            if (index.containsKey(subcatchments.get(k).outlet())) {
                sentDownstream += surfaces[k].toOutlet;
            }
        }
        runoff += sentDownstream - runonIn;
        Map<String, Hydrograph> outflows = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            List<double[]> h = hydrographs.get(k);
            outflows.put(subcatchments.get(k).name(), new Hydrograph(h.stream().mapToDouble(p -> p[0]).toArray(), h.stream().mapToDouble(p -> p[1]).toArray()));
        }
        return new Result(List.copyOf(totals), new Continuity(area, precip, evap, infil, runoff, 0, storage), outflows, duration);
    }

    /** One subcatchment's three reservoirs and their running totals (m³). */
    private static final class Surface {
        private static final int IMPERVIOUS_BARE = 0;
        private static final int IMPERVIOUS = 1;
        private static final int PERVIOUS = 2;

        private final Subcatchment c;
        private final double[] areas;
        private final double[] alpha = new double[3];
        private final double[] storage = new double[3];
        private final double[] depth = new double[3];
        private final NonlinearReservoir[] reservoirs = {new NonlinearReservoir(), new NonlinearReservoir(), new NonlinearReservoir()};
        private final Infiltration soil;
        private double internalRunon;
        private double precipitation, runon, evaporation, infiltration, imperviousOut, perviousOut, toOutlet, peak;

        Surface(Subcatchment c) {
            this.c = c;
            this.areas = c.subareaAreas();
            double[] n = {c.nImpervious(), c.nImpervious(), c.nPervious()};
            for (int j = 0; j < 3; j++) {
                // each subarea drains across the subcatchment's whole width: its α is the width over its own area (with
                // the width shared in proportion to area instead, every peak of Example1 came out 4–7 % below SWMM's)
                alpha[j] = n[j] > 0 && areas[j] > 0 ? c.width() * Math.sqrt(c.slope()) / (areas[j] * n[j]) : 0;
            }
            storage[IMPERVIOUS] = c.storageImpervious();
            storage[PERVIOUS] = c.storagePervious();
            this.soil = c.soil().get();
        }

        boolean wet() {
            for (int j = 0; j < 3; j++) {
                if (areas[j] > 0 && (depth[j] > storage[j] + 1e-12 || j == PERVIOUS && depth[j] > 1e-12)) {
                    return true;
                }
            }
            return false;
        }

        double stored() {
            double v = 0;
            for (int j = 0; j < 3; j++) {
                v += depth[j] * areas[j];
            }
            return v;
        }

        /** Advances the surface by dt under rain i and run-on (m/s over the whole area); answers the outflow at the step's end (m³/s). */
        double step(double i, double runonRate, double evapRate, double dt) {
            double[] out = new double[3];
            double[] outRate = new double[3];
            double imperviousArea = areas[IMPERVIOUS_BARE] + areas[IMPERVIOUS];
            for (int j = 0; j < 3; j++) {
                if (areas[j] <= 0) {
                    continue;
                }
                double inflow = i + runonRate;
                if (internalRunon > 0 && (c.routeTo() == Subcatchment.RouteTo.PERVIOUS && j == PERVIOUS
                        || c.routeTo() == Subcatchment.RouteTo.IMPERVIOUS && j != PERVIOUS && imperviousArea > 0)) {
                    inflow += internalRunon / (j == PERVIOUS ? areas[PERVIOUS] : imperviousArea);
                }
                double available = inflow + depth[j] / dt;
                double e = Math.min(evapRate, available);
                double f = j == PERVIOUS ? soil.infiltrate(inflow, available - e, dt) : 0;
                double net = inflow - e - f;
                double d = integrate(j, depth[j], net, alpha[j], storage[j], dt);
                if (d < 0) {
                    // the losses took more than there was: take them back in proportion
                    double shortfall = -d / dt;
                    double losses = e + f;
                    if (losses > 0) {
                        e -= shortfall * e / losses;
                        f -= shortfall * f / losses;
                    }
                    net = inflow - e - f;
                    d = 0;
                }
                out[j] = Math.max(0, net * dt - (d - depth[j])) * areas[j];
                outRate[j] = alpha[j] * Math.pow(Math.max(0, d - storage[j]), 5.0 / 3) * areas[j];
                precipitation += i * dt * areas[j];
                runon += runonRate * dt * areas[j];
                evaporation += e * dt * areas[j];
                infiltration += f * dt * areas[j];
                depth[j] = d;
            }
            double impOut = out[IMPERVIOUS_BARE] + out[IMPERVIOUS];
            double impRate = outRate[IMPERVIOUS_BARE] + outRate[IMPERVIOUS];
            imperviousOut += impOut;
            perviousOut += out[PERVIOUS];
            double leaving;
            double leavingRate;
            // part of one kind of surface's runoff flows over the other before it leaves (SUBAREAS RouteTo)
            if (c.routeTo() == Subcatchment.RouteTo.PERVIOUS && areas[PERVIOUS] > 0) {
                internalRunon = impRate * c.routedFraction();
                leaving = impOut * (1 - c.routedFraction()) + out[PERVIOUS];
                leavingRate = impRate * (1 - c.routedFraction()) + outRate[PERVIOUS];
            } else if (c.routeTo() == Subcatchment.RouteTo.IMPERVIOUS && imperviousArea > 0) {
                internalRunon = outRate[PERVIOUS] * c.routedFraction();
                leaving = impOut + out[PERVIOUS] * (1 - c.routedFraction());
                leavingRate = impRate + outRate[PERVIOUS] * (1 - c.routedFraction());
            } else {
                internalRunon = 0;
                leaving = impOut + out[PERVIOUS];
                leavingRate = impRate + outRate[PERVIOUS];
            }
            toOutlet += leaving;
            peak = Math.max(peak, leavingRate);
            return leavingRate;
        }

        private double integrate(int j, double d0, double net, double a, double ds, double dt) {
            // nothing flows off while the water stays within depression storage: the depth only fills or drains
            if (a <= 0 || d0 <= ds && (net <= 0 || d0 + net * dt <= ds)) {
                return d0 + net * dt;
            }
            return reservoirs[j].depthAfter(d0, net, a, ds, dt);
        }
    }

    /** The evaporation rate of [EVAPORATION]: a constant or one per month (in/day or mm/day), optionally only in dry periods. */
    record Evaporation(double[] monthly, boolean dryOnly) {

        double rate(LocalDateTime at, boolean raining) {
            return dryOnly && raining ? 0 : monthly[at.getMonthValue() - 1];
        }

        static Evaporation of(InpFile inp, Units units) {
            double[] monthly = new double[12];
            boolean dryOnly = false;
            for (InpFile.Row r : inp.rows("EVAPORATION")) {
                switch (r.value(0).toUpperCase(Locale.ROOT)) {
                    case "CONSTANT" -> java.util.Arrays.fill(monthly, units.depth(r.number(1, "evaporation rate")) / 86_400);
                    case "MONTHLY" -> {
                        for (int m = 0; m < 12; m++) {
                            monthly[m] = units.depth(r.number(m + 1, "monthly evaporation")) / 86_400;
                        }
                    }
                    case "DRY_ONLY" -> dryOnly = r.value(1).equalsIgnoreCase("YES");
                    case "RECOVERY" -> { }
                    default -> throw new InpError(r.line(), "evaporation from " + r.value(0) + " is not simulated yet (CONSTANT and MONTHLY are)");
                }
            }
            return new Evaporation(monthly, dryOnly);
        }
    }
}
