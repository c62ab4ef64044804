package org.citybrain.flood.swmm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runoff routed through the drainage network by the kinematic wave, as SWMM's Hydraulics manual (Rossman 2017,
 * Vol. II, ch. 5) describes it: in each conduit the flow is the normal flow of its depth (Manning: Q = (1/n)·√S·Ψ(y),
 * the water surface parallel to the pipe), and the continuity equation ∂A/∂t + ∂Q/∂x = 0 is solved over the conduit's
 * length as a four-point implicit (box) scheme weighted 0.6 in time and space, for the flow area at its downstream
 * end; nodes hold no water and pass on what reaches them, upstream first. What a conduit cannot take (more than its
 * full normal flow: Manning's at full depth) overflows its upstream node and, with ponding not allowed, is lost as flooding; a flooded
 * node stands full. The method needs a tree: each node has at most one conduit leaving it.
 */
public final class KinematicWave {

    private static final double TIME_WEIGHT = 0.6;
    private static final double SPACE_WEIGHT = 0.6;

    /** A node's figures over the run (m, s, m³/s, m³). */
    public record NodeResult(String name, boolean outfall, double averageDepth, double maxDepth, double timeOfMaxDepth, double hoursFlooded,
                             double maxFloodRate, double timeOfMaxFlood, double floodVolume, double maxInflow, double timeOfMaxInflow,
                             double outflowVolume, double flowingShare) {

        /** An outfall's average flow while it flows (m³/s), as SWMM's outfall loading summary gives it. */
        public double averageFlowWhileFlowing(double duration) {
            return flowingShare > 0 ? outflowVolume / (duration * flowingShare) : 0;
        }
    }

    /** A conduit's figures over the run: its largest flow (m³/s) and that flow and depth as shares of full. */
    public record LinkResult(String name, double maxFlow, double timeOfMax, double maxVelocity, double maxOverFullFlow, double maxOverFullDepth) {
    }

    /** Flow routing continuity (m³): inflow from runoff, what left by the outfalls, flooding, storage; error as SWMM reports it. */
    public record Continuity(double wetWeatherInflow, double externalOutflow, double flooding, double initialStored, double finalStored) {

        public double errorPercent() {
            double in = wetWeatherInflow + initialStored;
            return in > 0 ? 100 * (in - externalOutflow - flooding - finalStored) / in : 0;
        }
    }

    public record Result(Map<String, NodeResult> nodes, Map<String, LinkResult> links, Continuity continuity) {
    }

    private record Node(String name, double invert, double fullDepth, boolean outfall) {
    }

    private static final class Conduit {
        final String name;
        final int from;
        final int to;
        final double length;
        final double beta;
        final double inOffset;
        final double outOffset;
        final CrossSection section;
        final double depthOfMaxFlow;
        final double maxFlow;
        final double fullFlow;
        /** The flow area, depth and flow at the inlet (1) and the outlet (2), as of the last step. */
        double a1, a2, y1, y2, q1, q2;
        double peak, peakDepth, peakTime, peakVelocity;

        Conduit(String name, int from, int to, double length, double roughness, double slope, double inOffset, double outOffset, CrossSection section, int barrels) {
            this.name = name;
            this.from = from;
            this.to = to;
            this.length = length;
            this.beta = barrels * Math.sqrt(slope) / roughness;
            this.inOffset = inOffset;
            this.outOffset = outOffset;
            this.section = section;
            // the section factor of a closed conduit peaks a little below full (a circle's at 94 % of its depth)
            double best = section.fullDepth();
            double bestPsi = section.sectionFactor(best);
            for (int i = 1; i < 2000; i++) {
                double y = section.fullDepth() * i / 2000;
                double psi = section.sectionFactor(y);
                if (psi > bestPsi) {
                    best = y;
                    bestPsi = psi;
                }
            }
            this.depthOfMaxFlow = best;
            this.maxFlow = beta * bestPsi;
            this.fullFlow = beta * section.sectionFactor(section.fullDepth());
        }

        double flow(double depth) {
            return beta * section.sectionFactor(depth);
        }

        /** The depth whose normal flow is q (bisection below the depth of the largest flow). */
        double depthFor(double q) {
            if (q <= 0) {
                return 0;
            }
            if (q >= maxFlow) {
                return depthOfMaxFlow;
            }
            return Bisection.root(y -> flow(y) - q, 0, depthOfMaxFlow, 50);
        }

        /** One step: the inflow at the upstream end now (≤ fullFlow); answers the outflow at the downstream end now. */
        double route(double inflow, double dt, double now) {
            if (inflow >= fullFlow) {
                // taking its full normal flow, the conduit runs full from end to end, and passes that flow on
                a1 = a2 = section.fullArea();
                y1 = y2 = section.fullDepth();
                q1 = q2 = fullFlow;
                record(fullFlow, now);
                peakDepth = section.fullDepth();
                return q2;
            }
            double y1New = depthFor(inflow);
            double a1New = section.area(y1New);
            // φ·(A2 − A2°)/Δt + (1 − φ)·(A1 − A1°)/Δt + [θ·(Q2 − Q1) + (1 − θ)·(Q2° − Q1°)]/L = 0, for the depth at the outlet
            double c = -SPACE_WEIGHT * a2 / dt + (1 - SPACE_WEIGHT) * (a1New - a1) / dt - TIME_WEIGHT * inflow / length
                    + (1 - TIME_WEIGHT) * (q2 - q1) / length;
            // Above the depth of its largest flow a closed conduit's flow falls again, so the equation may have two
            // roots there: take the one that continues the conduit's last state (the nearest to its last depth).
            double last = y2;
            double outlet = Double.NaN;
            int parts = 64;
            double previous = residual(0, c, dt);
            if (previous >= 0) {
                outlet = 0;
            }
            for (int i = 1; i <= parts && !(outlet == 0); i++) {
                double yHi = section.fullDepth() * i / parts;
                double r = residual(yHi, c, dt);
                if (previous < 0 && r >= 0) {
                    double root = Bisection.root(y -> residual(y, c, dt), section.fullDepth() * (i - 1) / parts, yHi, 40);
                    if (Double.isNaN(outlet) || Math.abs(root - last) < Math.abs(outlet - last)) {
                        outlet = root;
                    }
                }
                previous = r;
            }
            if (Double.isNaN(outlet)) {
                // more comes in than the conduit can pass even full: it runs full
                outlet = section.fullDepth();
            }
            a1 = a1New;
            y1 = y1New;
            q1 = inflow;
            y2 = outlet;
            a2 = section.area(y2);
            q2 = flow(y2);
            record(Math.max(q1, q2), now);
            peakDepth = Math.max(peakDepth, Math.max(y1, y2));
            return q2;
        }

        private void record(double q, double now) {
            if (q > peak) {
                peak = q;
                peakTime = now;
            }
            if (a1 > 0) {
                peakVelocity = Math.max(peakVelocity, q1 / a1);
            }
            if (a2 > 0) {
                peakVelocity = Math.max(peakVelocity, q2 / a2);
            }
        }

        private double residual(double y, double c, double dt) {
            return SPACE_WEIGHT * section.area(y) / dt + TIME_WEIGHT * flow(y) / length + c;
        }

        double stored() {
            return (a1 + a2) / 2 * length;
        }
    }

    /** Routes the runoff of a model through its network, from its start to its end, at its ROUTING_STEP. */
    public static Result route(InpFile inp, Runoff.Result runoff) {
        Map<String, String> options = inp.options();
        Units units = Units.of(options.get("FLOW_UNITS"));
        String routing = options.getOrDefault("FLOW_ROUTING", "KINWAVE").toUpperCase(Locale.ROOT);
        if (!routing.equals("KINWAVE")) {
            throw new InpError(0, "flow routing by " + routing + " is not simulated yet (KINWAVE is)");
        }
        for (String section : List.of("STORAGE", "DIVIDERS", "PUMPS", "ORIFICES", "WEIRS", "OUTLETS")) {
            if (!inp.rows(section).isEmpty()) {
                throw new InpError(inp.rows(section).get(0).line(), "[" + section + "] is not routed yet");
            }
        }
        boolean offsetsAreElevations = options.getOrDefault("LINK_OFFSETS", "DEPTH").equalsIgnoreCase("ELEVATION");
        double minSlope = Double.parseDouble(options.getOrDefault("MIN_SLOPE", "0")) / 100;

        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (InpFile.Row r : inp.rows("JUNCTIONS")) {
            index.put(r.value(0), nodes.size());
            nodes.add(new Node(r.value(0), units.length(r.number(1, "Elevation")), units.length(r.number(2, "MaxDepth")), false));
        }
        for (InpFile.Row r : inp.rows("OUTFALLS")) {
            index.put(r.value(0), nodes.size());
            nodes.add(new Node(r.value(0), units.length(r.number(1, "Elevation")), 0, true));
        }
        Map<String, InpFile.Row> xsections = new HashMap<>();
        inp.rows("XSECTIONS").forEach(r -> xsections.putIfAbsent(r.value(0), r));
        List<Conduit> conduits = new ArrayList<>();
        int[] leaving = new int[nodes.size()];
        java.util.Arrays.fill(leaving, -1);
        for (InpFile.Row r : inp.rows("CONDUITS")) {
            Integer from = index.get(r.value(1));
            Integer to = index.get(r.value(2));
            if (from == null || to == null) {
                throw new InpError(r.line(), "conduit " + r.value(0) + " joins a node that is neither a junction nor an outfall");
            }
            InpFile.Row x = xsections.get(r.value(0));
            if (x == null) {
                throw new InpError(r.line(), "conduit " + r.value(0) + " has no row in [XSECTIONS]");
            }
            if (leaving[from] >= 0) {
                throw new InpError(r.line(), "node " + r.value(1) + " has two conduits leaving it: kinematic wave routing needs a tree (dynamic wave, which does not, is not simulated yet)");
            }
            double length = units.length(r.number(3, "Length"));
            double in = units.length(r.number(5, "InOffset"));
            double out = units.length(r.number(6, "OutOffset"));
            if (offsetsAreElevations) {
                in -= nodes.get(from).invert();
                out -= nodes.get(to).invert();
            }
            double drop = nodes.get(from).invert() + in - nodes.get(to).invert() - out;
            double slope = Math.max(Math.max(drop / length, minSlope), 1e-5);
            int barrels = x.size() > 6 ? (int) x.number(6, "Barrels") : 1;
            leaving[from] = conduits.size();
            conduits.add(new Conduit(r.value(0), from, to, length, r.number(4, "Roughness"), slope, in, out, CrossSection.of(x, units), Math.max(1, barrels)));
        }
        List<Integer> order = upstreamFirst(nodes.size(), conduits, inp);

        // each subcatchment's runoff enters its outlet node (one that runs onto another subcatchment already did)
        Map<Integer, List<Runoff.Hydrograph>> lateral = new HashMap<>();
        Map<String, String> outlets = new HashMap<>();
        inp.rows("SUBCATCHMENTS").forEach(r -> outlets.put(r.value(0), r.value(2)));
        runoff.outflows().forEach((name, h) -> {
            Integer node = index.get(outlets.get(name));
            if (node != null) {
                lateral.computeIfAbsent(node, k -> new ArrayList<>()).add(h);
            }
        });

        double dt = Rainfall.hours(0, options.getOrDefault("ROUTING_STEP", "0:00:20")) * 3600;
        double end = runoff.duration();
        int n = nodes.size();
        double[] depthSum = new double[n], depthTime = new double[n], floodTime = new double[n], inflowTime = new double[n], flowingSteps = new double[n];
        int steps = 0;
        double[] maxDepth = new double[n], flooded = new double[n], maxFlood = new double[n], floodVolume = new double[n], maxInflow = new double[n],
                outVolume = new double[n], lastLateral = new double[n], lastOutfall = new double[n];
        double inflowVolume = 0;
        double[] arriving = new double[n];
        for (double t = dt; t <= end + 1e-6; t += dt) {
            java.util.Arrays.fill(arriving, 0);
            steps++;
            double[] depthNow = new double[n];
            for (int k : order) {
                double lat = 0;
                for (Runoff.Hydrograph h : lateral.getOrDefault(k, List.of())) {
                    lat += h.at(t);
                }
                inflowVolume += (lat + lastLateral[k]) / 2 * dt;
                lastLateral[k] = lat;
                double inflow = lat + arriving[k];
                if (inflow > maxInflow[k]) {
                    maxInflow[k] = inflow;
                    inflowTime[k] = t;
                }
                Node node = nodes.get(k);
                double depth = 0;
                if (node.outfall()) {
                    outVolume[k] += (inflow + lastOutfall[k]) / 2 * dt;
                    flowingSteps[k] += inflow > 1e-9 ? 1 : 0;
                    lastOutfall[k] = inflow;
                } else if (leaving[k] >= 0) {
                    Conduit c = conduits.get(leaving[k]);
                    double taken = Math.min(inflow, c.fullFlow);
                    double overflow = inflow - taken;
                    if (overflow > 1e-9) {
                        flooded[k] += dt;
                        floodVolume[k] += overflow * dt;
                        if (overflow > maxFlood[k]) {
                            maxFlood[k] = overflow;
                            floodTime[k] = t;
                        }
                        depth = node.fullDepth();
                    }
                    arriving[c.to] += c.route(taken, dt, t);
                    depth = Math.max(depth, c.inOffset + c.y1);
                } else {
                    // a junction nothing leaves: what reaches it overflows
                    flooded[k] += inflow > 1e-9 ? dt : 0;
                    floodVolume[k] += inflow * dt;
                    maxFlood[k] = Math.max(maxFlood[k], inflow);
                }
                depthNow[k] = Math.max(depthNow[k], depth);
            }
            // a node stands as high as the water at the ends of the conduits that reach it
            for (Conduit c : conduits) {
                depthNow[c.to] = Math.max(depthNow[c.to], c.outOffset + c.y2);
            }
            for (int k = 0; k < n; k++) {
                depthSum[k] += depthNow[k];
                if (depthNow[k] > maxDepth[k]) {
                    maxDepth[k] = depthNow[k];
                    depthTime[k] = t;
                }
            }
        }
        Map<String, NodeResult> nodeResults = new LinkedHashMap<>();
        double outflow = 0, flooding = 0;
        for (int k = 0; k < n; k++) {
            Node node = nodes.get(k);
            nodeResults.put(node.name(), new NodeResult(node.name(), node.outfall(), depthSum[k] / Math.max(1, steps), maxDepth[k], depthTime[k], flooded[k] / 3600,
                    maxFlood[k], floodTime[k], floodVolume[k], maxInflow[k], inflowTime[k], outVolume[k], flowingSteps[k] / Math.max(1, steps)));
            outflow += outVolume[k];
            flooding += floodVolume[k];
        }
        Map<String, LinkResult> linkResults = new LinkedHashMap<>();
        double stored = 0;
        for (Conduit c : conduits) {
            linkResults.put(c.name, new LinkResult(c.name, c.peak, c.peakTime, c.peakVelocity, c.peak / c.fullFlow, c.peakDepth / c.section.fullDepth()));
            stored += c.stored();
        }
        return new Result(nodeResults, linkResults, new Continuity(inflowVolume, outflow, flooding, 0, stored));
    }

    /** The nodes in an order where every node comes after all nodes upstream of it; a loop is refused. */
    private static List<Integer> upstreamFirst(int n, List<Conduit> conduits, InpFile inp) {
        int[] incoming = new int[n];
        for (Conduit c : conduits) {
            incoming[c.to]++;
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int k = 0; k < n; k++) {
            if (incoming[k] == 0) {
                ready.add(k);
            }
        }
        List<Integer> order = new ArrayList<>();
        Map<Integer, List<Conduit>> from = new HashMap<>();
        conduits.forEach(c -> from.computeIfAbsent(c.from, k -> new ArrayList<>()).add(c));
        while (!ready.isEmpty()) {
            int k = ready.poll();
            order.add(k);
            for (Conduit c : from.getOrDefault(k, List.of())) {
                if (--incoming[c.to] == 0) {
                    ready.add(c.to);
                }
            }
        }
        if (order.size() < n) {
            throw new InpError(0, "the conduits form a loop: kinematic wave routing needs a tree");
        }
        return order;
    }
}
