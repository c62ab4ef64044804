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
 * full normal flow: Manning's at full depth) overflows its upstream node. With ponding not allowed it is lost as flooding
 * and the flooded node stands full; with ponding allowed ({@code ALLOW_PONDING YES}) and a ponded area at the junction,
 * it stands on the surface over the node, as deep as its volume over that area, and drains back into the node as soon as
 * the conduit has room (Vol. II, §3.2: "ponded water ... re-enters the drainage system when capacity exists"). The method
 * needs a tree: each node has at most one conduit leaving it.
 */
public final class KinematicWave {

    private static final double TIME_WEIGHT = 0.6;
    private static final double SPACE_WEIGHT = 0.6;

    /**
     * A node's figures over the run (m, s, m³/s, m³). Its depth is measured from its invert; above its full depth (its
     * rim) the water stands on the surface, ponded ({@code maxPondedVolume}) or, with no ponding, for no longer than a step.
     */
    public record NodeResult(String name, boolean outfall, double averageDepth, double maxDepth, double timeOfMaxDepth, double hoursFlooded,
                             double maxFloodRate, double timeOfMaxFlood, double floodVolume, double maxInflow, double timeOfMaxInflow,
                             double outflowVolume, double flowingShare, double maxPondedVolume) {

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

    /**
     * What the run found. {@code depths} holds every node's depth (m above its invert) at every report step from the
     * start ({@code REPORT_STEP}, {@code reportStep} seconds), the first at {@code reportStep}: what a spot's chart plots.
     */
    public record Result(Map<String, NodeResult> nodes, Map<String, LinkResult> links, Continuity continuity, double reportStep,
                         Map<String, float[]> depths) {

        /** A node's depths at the report steps, or none for a node the model does not have. */
        public float[] depthsAt(String node) {
            float[] d = depths.get(node);
            return d == null ? new float[0] : d;
        }
    }

    /** A node of the network; {@code pondedArea} (m²) is the surface over a junction that holds its overflow when ponding is allowed. */
    private record Node(String name, double invert, double fullDepth, boolean outfall, double pondedArea) {
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
        /** Taking its full flow: SWMM then counts it full from end to end, and so do the depths reported at its nodes. */
        boolean full;
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
            return Roots.near(y -> flow(y) - q, y1, 0, depthOfMaxFlow);
        }

        /** One step: the inflow at the upstream end now (≤ fullFlow); answers the outflow at the downstream end now. */
        double route(double inflow, double dt, double now) {
            if (inflow <= 0 && a1 <= 0 && a2 <= 1e-12) {
                // dry, and staying so
                a2 = y2 = q2 = 0;
                full = false;
                return 0;
            }
            // taking its full normal flow, the conduit's inlet runs full (Vol. II §5: the excess stays at the node)
            double y1New = inflow >= fullFlow ? section.fullDepth() : depthFor(inflow);
            double a1New = section.area(y1New);
            // φ·(A2 − A2°)/Δt + (1 − φ)·(A1 − A1°)/Δt + [θ·(Q2 − Q1) + (1 − θ)·(Q2° − Q1°)]/L = 0, for the depth at the outlet
            double c = -SPACE_WEIGHT * a2 / dt + (1 - SPACE_WEIGHT) * (a1New - a1) / dt - TIME_WEIGHT * inflow / length
                    + (1 - TIME_WEIGHT) * (q2 - q1) / length;
            double outlet;
            if (residual(0, c, dt) >= 0) {
                outlet = 0;
            } else if (residual(depthOfMaxFlow, c, dt) >= 0) {
                // below the depth of its largest flow both area and flow grow with depth: one root
                outlet = Roots.near(y -> residual(y, c, dt), y2, 0, depthOfMaxFlow);
            } else {
                // Above it a closed conduit's flow falls again, so the equation may have two roots there: take the one
                // that continues the conduit's last state (the nearest to its last depth).
                outlet = Double.NaN;
                int parts = 8;
                double previous = residual(depthOfMaxFlow, c, dt);
                for (int i = 1; i <= parts; i++) {
                    double yLo = depthOfMaxFlow + (section.fullDepth() - depthOfMaxFlow) * (i - 1) / parts;
                    double yHi = depthOfMaxFlow + (section.fullDepth() - depthOfMaxFlow) * i / parts;
                    double r = residual(yHi, c, dt);
                    if (previous < 0 && r >= 0) {
                        double root = Roots.of(y -> residual(y, c, dt), yLo, yHi);
                        if (Double.isNaN(outlet) || Math.abs(root - y2) < Math.abs(outlet - y2)) {
                            outlet = root;
                        }
                    }
                    previous = r;
                }
                if (Double.isNaN(outlet)) {
                    // more comes in than the conduit can pass even full: it runs full
                    outlet = section.fullDepth();
                }
            }
            a1 = a1New;
            y1 = y1New;
            q1 = inflow;
            full = inflow >= fullFlow;
            y2 = outlet;
            a2 = section.area(y2);
            q2 = flow(y2);
            if (!Double.isFinite(q2) || !Double.isFinite(inflow)) {
                // never a NaN in a result: the run stops, naming where and when
                throw new InpError(0, String.format(java.util.Locale.ROOT, "the routing went unstable in conduit %s at %s from the start (inflow %s)", name,
                        clock(now), inflow));
            }
            record(Math.max(q1, q2), now);
            peakDepth = full ? section.fullDepth() : Math.max(peakDepth, Math.max(y1, y2));
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

    /**
     * Routes the runoff of a model through its network, from its start to its end, at its ROUTING_STEP: by the kinematic
     * wave, or by the dynamic wave ({@link DynamicWave}) when the model's FLOW_ROUTING is DYNWAVE.
     */
    public static Result route(InpFile inp, Runoff.Result runoff) {
        Map<String, String> options = inp.options();
        Units units = Units.of(options.get("FLOW_UNITS"));
        String routing = options.getOrDefault("FLOW_ROUTING", "KINWAVE").toUpperCase(Locale.ROOT);
        if (routing.equals("DYNWAVE")) {
            return DynamicWave.route(inp, runoff);
        }
        if (!routing.equals("KINWAVE")) {
            throw new InpError(0, "flow routing by " + routing + " is not simulated yet (KINWAVE and DYNWAVE are)");
        }
        for (String section : List.of("STORAGE", "DIVIDERS", "PUMPS", "ORIFICES", "WEIRS", "OUTLETS")) {
            if (!inp.rows(section).isEmpty()) {
                throw new InpError(inp.rows(section).get(0).line(), "[" + section + "] is routed by the dynamic wave only (FLOW_ROUTING DYNWAVE)"
                        + (section.equals("DIVIDERS") ? ", and not yet" : ""));
            }
        }
        boolean ponding = options.getOrDefault("ALLOW_PONDING", "NO").equalsIgnoreCase("YES");
        double squareMetres = units.length(1) * units.length(1);
        boolean offsetsAreElevations = options.getOrDefault("LINK_OFFSETS", "DEPTH").equalsIgnoreCase("ELEVATION");
        double minSlope = Double.parseDouble(options.getOrDefault("MIN_SLOPE", "0")) / 100;

        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (InpFile.Row r : inp.rows("JUNCTIONS")) {
            index.put(r.value(0), nodes.size());
            double area = ponding && r.size() > 5 ? r.number(5, "Aponded") * squareMetres : 0;
            if (area < 0) {
                throw new InpError(r.line(), "junction " + r.value(0) + " has a negative ponded area");
            }
            nodes.add(new Node(r.value(0), units.length(r.number(1, "Elevation")), units.length(r.number(2, "MaxDepth")), false, area));
        }
        for (InpFile.Row r : inp.rows("OUTFALLS")) {
            index.put(r.value(0), nodes.size());
            nodes.add(new Node(r.value(0), units.length(r.number(1, "Elevation")), 0, true, 0));
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
                throw new InpError(r.line(), "node " + r.value(1) + " has two conduits leaving it: kinematic wave routing needs a tree (route it by the dynamic wave: FLOW_ROUTING DYNWAVE)");
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
        double reportStep = Rainfall.hours(0, options.getOrDefault("REPORT_STEP", "0:15:00")) * 3600;
        int n = nodes.size();
        State state = new State(nodes, conduits, leaving, lateral, n, (int) Math.floor(end / reportStep + 1e-9));
        // Water never passes from one outfall's tree to another's, so each tree is routed on its own, and a city's
        // dozens of trees share the cores; a small model is not worth the hand-over.
        List<int[]> trees = trees(order, leaving, conduits, n);
        java.util.stream.Stream<int[]> each = trees.size() > 1 && n >= PARALLEL_FROM ? trees.parallelStream() : trees.stream();
        double[][] sums = each.map(tree -> state.routeTree(tree, dt, end, reportStep)).toArray(double[][]::new);
        double inflowVolume = 0, lost = 0;
        for (double[] sum : sums) {
            inflowVolume += sum[0];
            lost += sum[1];
        }
        int steps = (int) Math.round(sums.length > 0 ? sums[0][2] : 0);
        Map<String, NodeResult> nodeResults = new LinkedHashMap<>();
        Map<String, float[]> depths = new LinkedHashMap<>();
        double outflow = 0, stored = 0;
        for (int k = 0; k < n; k++) {
            Node node = nodes.get(k);
            nodeResults.put(node.name(), new NodeResult(node.name(), node.outfall(), state.depthSum[k] / Math.max(1, steps), state.maxDepth[k],
                    state.depthTime[k], state.flooded[k] / 3600, state.maxFlood[k], state.floodTime[k], state.floodVolume[k], state.maxInflow[k],
                    state.inflowTime[k], state.outVolume[k], state.flowingSteps[k] / Math.max(1, steps), state.maxPonded[k]));
            depths.put(node.name(), state.series[k]);
            outflow += state.outVolume[k];
            // water still ponded at the end is stored, not lost
            stored += state.ponded[k];
        }
        Map<String, LinkResult> linkResults = new LinkedHashMap<>();
        for (Conduit c : conduits) {
            linkResults.put(c.name, new LinkResult(c.name, c.peak, c.peakTime, c.peakVelocity, c.peak / c.fullFlow, c.peakDepth / c.section.fullDepth()));
            stored += c.stored();
        }
        return new Result(nodeResults, linkResults, new Continuity(inflowVolume, outflow, lost, 0, stored), reportStep, depths);
    }

    /**
     * Records the depths at the report times that fall within the step ending at t: a report time between two steps
     * reads the depth between them, as SWMM interpolates its reported values. Answers how many are recorded now.
     */
    static int sample(float[][] series, int reported, int reports, double reportStep, double t, double dt, int[] nodes, double[] before, double[] now) {
        while (reported < reports && reportStep * (reported + 1) <= t + 1e-6) {
            double w = dt > 0 ? 1 - (t - reportStep * (reported + 1)) / dt : 1;
            for (int k : nodes) {
                series[k][reported] = (float) (before[k] + w * (now[k] - before[k]));
            }
            reported++;
        }
        return reported;
    }

    /** Seconds from the start as h:mm:ss. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** The number of nodes from which the trees of a network are routed on all cores. */
    private static final int PARALLEL_FROM = 64;

    /** The network's trees: for each node with nothing leaving it (an outfall, a dead end), the nodes that drain to it, upstream first. */
    private static List<int[]> trees(List<Integer> order, int[] leaving, List<Conduit> conduits, int n) {
        int[] root = new int[n];
        java.util.Arrays.fill(root, -1);
        // downstream first, each node takes the root of the node it drains to
        for (int i = order.size() - 1; i >= 0; i--) {
            int k = order.get(i);
            root[k] = leaving[k] < 0 ? k : root[conduits.get(leaving[k]).to];
        }
        Map<Integer, List<Integer>> members = new LinkedHashMap<>();
        for (int k : order) {
            members.computeIfAbsent(root[k], r -> new ArrayList<>()).add(k);
        }
        return members.values().stream().map(m -> m.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** The routing's state, node by node; each tree's nodes are touched only by the routing of that tree. */
    private static final class State {
        final List<Node> nodes;
        final List<Conduit> conduits;
        final int[] leaving;
        final List<Runoff.Hydrograph>[] lateral;
        final int reports;
        final float[][] series;
        final double[] ponded, maxPonded, depthSum, depthTime, floodTime, inflowTime, flowingSteps, maxDepth, flooded, maxFlood, floodVolume,
                maxInflow, outVolume, lastLateral, lastOutfall, arriving;

        @SuppressWarnings("unchecked")
        State(List<Node> nodes, List<Conduit> conduits, int[] leaving, Map<Integer, List<Runoff.Hydrograph>> lateral, int n, int reports) {
            this.nodes = nodes;
            this.conduits = conduits;
            this.leaving = leaving;
            this.lateral = new List[n];
            for (int k = 0; k < n; k++) {
                this.lateral[k] = lateral.getOrDefault(k, List.of());
            }
            this.reports = reports;
            this.series = new float[n][reports];
            ponded = new double[n];
            maxPonded = new double[n];
            depthSum = new double[n];
            depthTime = new double[n];
            floodTime = new double[n];
            inflowTime = new double[n];
            flowingSteps = new double[n];
            maxDepth = new double[n];
            flooded = new double[n];
            maxFlood = new double[n];
            floodVolume = new double[n];
            maxInflow = new double[n];
            outVolume = new double[n];
            lastLateral = new double[n];
            lastOutfall = new double[n];
            arriving = new double[n];
        }

        /** Routes one tree (its nodes upstream first) from start to end; answers its inflow volume, its water lost and the steps taken. */
        double[] routeTree(int[] tree, double dt, double end, double reportStep) {
            int n = nodes.size();
            double[] depthNow = new double[n], previousDepth = new double[n];
            List<Conduit> own = new ArrayList<>();
            for (int k : tree) {
                if (leaving[k] >= 0) {
                    own.add(conduits.get(leaving[k]));
                }
            }
            double inflowVolume = 0, lost = 0;
            int steps = 0, reported = 0;
            for (double t = dt; t <= end + 1e-6; t += dt) {
                steps++;
                for (int k : tree) {
                    arriving[k] = 0;
                }
                for (int k : tree) {
                    depthNow[k] = 0;
                }
                for (int k : tree) {
                    double lat = 0;
                    for (Runoff.Hydrograph h : lateral[k]) {
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
                        // water ponded over the node is offered to the conduit again before anything new
                        double available = inflow + ponded[k] / dt;
                        double taken = Math.min(available, c.fullFlow);
                        double overflow = inflow - Math.min(inflow, c.fullFlow);
                        if (overflow > 1e-9) {
                            floodVolume[k] += overflow * dt;
                            if (overflow > maxFlood[k]) {
                                maxFlood[k] = overflow;
                                floodTime[k] = t;
                            }
                        }
                        double excess = (available - taken) * dt;
                        if (node.pondedArea() > 0) {
                            ponded[k] = excess > 1e-9 ? excess : 0;
                            maxPonded[k] = Math.max(maxPonded[k], ponded[k]);
                        } else {
                            ponded[k] = 0;
                            lost += Math.max(0, excess);
                        }
                        if (overflow > 1e-9 || ponded[k] > 0) {
                            flooded[k] += dt;
                            depth = node.fullDepth() + (node.pondedArea() > 0 ? ponded[k] / node.pondedArea() : 0);
                        }
                        arriving[c.to] += c.route(taken, dt, t);
                        depth = Math.max(depth, c.inOffset + c.y1);
                    } else {
                        // a junction nothing leaves: what reaches it overflows
                        flooded[k] += inflow > 1e-9 ? dt : 0;
                        floodVolume[k] += inflow * dt;
                        maxFlood[k] = Math.max(maxFlood[k], inflow);
                        if (node.pondedArea() > 0) {
                            ponded[k] += inflow * dt;
                            maxPonded[k] = Math.max(maxPonded[k], ponded[k]);
                            depth = ponded[k] > 0 ? node.fullDepth() + ponded[k] / node.pondedArea() : 0;
                        } else {
                            lost += inflow * dt;
                        }
                    }
                    depthNow[k] = Math.max(depthNow[k], depth);
                }
                // a node stands as high as the water at the ends of the conduits that reach it
                for (Conduit c : own) {
                    depthNow[c.to] = Math.max(depthNow[c.to], c.outOffset + (c.full ? c.section.fullDepth() : c.y2));
                }
                for (int k : tree) {
                    depthSum[k] += depthNow[k];
                    if (depthNow[k] > maxDepth[k]) {
                        maxDepth[k] = depthNow[k];
                        depthTime[k] = t;
                    }
                }
                reported = sample(series, reported, reports, reportStep, t, dt, tree, previousDepth, depthNow);
                double[] swap = previousDepth;
                previousDepth = depthNow;
                depthNow = swap;
            }
            return new double[] {inflowVolume, lost, steps};
        }
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
