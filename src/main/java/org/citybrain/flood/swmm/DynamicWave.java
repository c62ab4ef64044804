package org.citybrain.flood.swmm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runoff routed through the drainage network by the dynamic wave: the full Saint-Venant equations, as SWMM's Hydraulics
 * manual (Rossman 2017, Vol. II, ch. 6) sets them out, on a network of any shape (loops, several outlets, water flowing
 * back). Written from the manual's equations, not from SWMM's code.
 *
 * <p>Each conduit's flow follows the momentum equation ∂Q/∂t + ∂(Q²/A)/∂x + gA·∂H/∂x + gA·S_f = 0. With ∂Q/∂x = −∂A/∂t
 * its convective term is −2V·∂A/∂t − V²·∂A/∂x, and over the conduit's length and one time step, with its mean area, radius
 * and velocity taken at its mid depth:
 * <pre>Q = (Q° − ΔQ_pressure + ΔQ_inertia) / (1 + ΔQ_friction)
 *   ΔQ_pressure = g·Ā·(H₂ − H₁)·Δt / L
 *   ΔQ_inertia  = σ·[2·V̄·(Ā − Ā°) + V̄²·(A₂ − A₁)·Δt / L]
 *   ΔQ_friction = g·n²·|V̄|·Δt / R̄^(4/3)</pre>
 * σ damps the inertial terms as the flow nears critical (INERTIAL_DAMPING PARTIAL: 1 below a Froude number of 0.5, 0 from
 * 1, linear between). Where the water surface falls less steeply than the bed, or the inlet's flow is supercritical, the
 * flow is limited to the inlet's normal flow (NORMAL_FLOW_LIMITED BOTH).
 *
 * <p>Each node's head follows its continuity equation: its inflow less its outflow, averaged over the step, spread over
 * its own surface (MIN_SURFAREA) and half the water surface of each conduit it joins. A node whose water stands above
 * the crowns of all its conduits is surcharged and stores nothing: its head is corrected until what comes in goes out,
 * by Newton's method on the flows' response to the head (∂Q/∂H = g·Ā·Δt / (L·(1 + ΔQ_friction))). Above its rim a node
 * floods (the excess is lost) or, with ponding allowed and a ponded area, its water stands over that area and returns.
 * Flows and heads are iterated together each step (Picard, under-relaxed by half, up to MAX_TRIALS, until heads change
 * by less than HEAD_TOLERANCE). With VARIABLE_STEP the step is the Courant step of the fastest conduit times that factor,
 * at most ROUTING_STEP, at least MINIMUM_STEP. A free outfall stands at the lesser of the critical and the normal depth
 * of the flow reaching it, a normal one at the normal depth, a fixed one at its stage.
 */
public final class DynamicWave {

    private static final double G = 9.80665;
    /** A depth below which a conduit's end counts dry (m). */
    private static final double DRY = 1e-4;
    /**
     * A node counts surcharged from 96 % of its crown: the conduits' water surface narrows to nothing as they fill, and
     * spreading a node's inflow over that last sliver would make its head leap.
     */
    private static final double CROWN_CUTOFF = 0.96;
    /** A node's own water surface when MIN_SURFAREA is not given: SWMM's 12.566 ft² (a 4 ft manhole). */
    private static final double DEFAULT_SURFACE = 1.167;

    /** A node; {@code storage} gives a storage unit's surface by depth (null for a junction or an outfall). */
    private record Node(String name, double invert, double fullDepth, boolean outfall, String outfallType, double stage, double pondedArea, double initialDepth,
                        Regulators.StorageShape storage) {

        double volume(double y, double minSurface) {
            return storage != null ? storage.volume(y) : minSurface * y;
        }
    }

    private static final class Link {
        final String name;
        final int from, to;
        final double length, roughness, slope, z1, z2;
        final CrossSection section;
        final int barrels;
        final double fullFlow;
        double q, qOld, aMid, aMidOld, y1, y2, dqdh;
        /** The water surface's width at the inlet, the middle and the outlet, as of the last trial (per barrel). */
        double t1, tMid, t2;
        double peak, peakTime, peakVelocity, peakDepth;

        Link(String name, int from, int to, double length, double roughness, double slope, double z1, double z2, CrossSection section, int barrels) {
            this.name = name;
            this.from = from;
            this.to = to;
            this.length = length;
            this.roughness = roughness;
            this.slope = slope;
            this.z1 = z1;
            this.z2 = z2;
            this.section = section;
            this.barrels = barrels;
            this.fullFlow = barrels * Math.sqrt(Math.max(slope, 1e-5)) / roughness * section.sectionFactor(section.fullDepth());
        }

        /** The normal flow of all barrels at a depth (Manning, on the bed's slope). */
        double normalFlow(double y) {
            return barrels * Math.sqrt(Math.max(slope, 1e-5)) / roughness * section.sectionFactor(y);
        }

        /** The depth of normal flow for a flow (the lower root, below the depth of the largest flow). */
        double normalDepth(double flow) {
            double f = Math.abs(flow);
            if (f <= 0) {
                return 0;
            }
            double top = section.closed() ? 0.938 * section.fullDepth() : section.fullDepth();
            if (normalFlow(top) <= f) {
                return section.fullDepth();
            }
            return Roots.of(y -> normalFlow(y) - f, 0, top);
        }

        /** The critical depth of a flow: Q²·T = g·A³ (per barrel). */
        double criticalDepth(double flow) {
            double f = Math.abs(flow) / barrels;
            if (f <= 0) {
                return 0;
            }
            double top = section.fullDepth() * (section.closed() ? 0.99 : 1);
            java.util.function.DoubleUnaryOperator excess = y -> {
                double a = section.area(y);
                return G * a * a * a - f * f * Math.max(section.topWidth(y), 1e-9);
            };
            if (excess.applyAsDouble(top) <= 0) {
                return section.fullDepth();
            }
            return Roots.of(excess::applyAsDouble, 1e-6, top);
        }
    }

    private DynamicWave() {
    }

    /** Routes the runoff of a model (FLOW_ROUTING DYNWAVE) through its network, from its start to its end. */
    public static KinematicWave.Result route(InpFile inp, Runoff.Result runoff) {
        Map<String, String> options = inp.options();
        Units units = Units.of(options.get("FLOW_UNITS"));
        for (String section : List.of("DIVIDERS")) {
            if (!inp.rows(section).isEmpty()) {
                throw new InpError(inp.rows(section).get(0).line(), "[" + section + "] is not routed yet");
            }
        }
        boolean ponding = options.getOrDefault("ALLOW_PONDING", "NO").equalsIgnoreCase("YES");
        double squareMetres = units.length(1) * units.length(1);
        boolean offsetsAreElevations = options.getOrDefault("LINK_OFFSETS", "DEPTH").equalsIgnoreCase("ELEVATION");
        double minSlope = number(options, "MIN_SLOPE", 0) / 100;
        double minSurface = number(options, "MIN_SURFAREA", 0) > 0 ? number(options, "MIN_SURFAREA", 0) * squareMetres : DEFAULT_SURFACE;
        int trials = (int) number(options, "MAX_TRIALS", 0) > 0 ? (int) number(options, "MAX_TRIALS", 0) : 8;
        // SWMM's default tolerance is 0.005 ft (0.0015 m)
        double tolerance = number(options, "HEAD_TOLERANCE", 0) > 0 ? units.length(number(options, "HEAD_TOLERANCE", 0)) : 0.0015;
        double courant = number(options, "VARIABLE_STEP", 0);
        double minStep = number(options, "MINIMUM_STEP", 0) > 0 ? number(options, "MINIMUM_STEP", 0) : 0.5;
        String damping = options.getOrDefault("INERTIAL_DAMPING", "PARTIAL").toUpperCase(Locale.ROOT);
        String limited = options.getOrDefault("NORMAL_FLOW_LIMITED", "BOTH").toUpperCase(Locale.ROOT);

        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (InpFile.Row r : inp.rows("JUNCTIONS")) {
            index.put(r.value(0), nodes.size());
            double area = ponding && r.size() > 5 ? r.number(5, "Aponded") * squareMetres : 0;
            nodes.add(new Node(r.value(0), units.length(r.number(1, "Elevation")), units.length(r.number(2, "MaxDepth")), false, null, 0, Math.max(0, area),
                    r.size() > 3 ? units.length(r.number(3, "InitDepth")) : 0, null));
        }
        Map<String, Regulators.Curve> curves = Regulators.curves(inp);
        for (InpFile.Row r : inp.rows("STORAGE")) {
            index.put(r.value(0), nodes.size());
            nodes.add(new Node(r.value(0), units.length(r.number(1, "Elevation")), units.length(r.number(2, "MaxDepth")), false, null, 0, 0,
                    units.length(r.number(3, "InitDepth")), Regulators.storage(r, units, curves)));
        }
        for (InpFile.Row r : inp.rows("OUTFALLS")) {
            index.put(r.value(0), nodes.size());
            String type = r.size() > 2 ? r.value(2).toUpperCase(Locale.ROOT) : "FREE";
            double stage = type.equals("FIXED") && r.size() > 3 ? units.length(r.number(3, "Stage")) : 0;
            if (!type.equals("FREE") && !type.equals("NORMAL") && !type.equals("FIXED")) {
                throw new InpError(r.line(), "outfall " + r.value(0) + " of type " + type + " is not simulated yet (FREE, NORMAL and FIXED are)");
            }
            nodes.add(new Node(r.value(0), units.length(r.number(1, "Elevation")), 0, true, type, stage, 0, 0, null));
        }
        Map<String, InpFile.Row> xsections = new HashMap<>();
        inp.rows("XSECTIONS").forEach(r -> xsections.putIfAbsent(r.value(0), r));
        List<Link> links = new ArrayList<>();
        for (InpFile.Row r : inp.rows("CONDUITS")) {
            Integer from = index.get(r.value(1));
            Integer to = index.get(r.value(2));
            InpFile.Row x = xsections.get(r.value(0));
            if (from == null || to == null || x == null) {
                throw new InpError(r.line(), "conduit " + r.value(0) + " joins a node that is neither a junction nor an outfall, or has no row in [XSECTIONS]");
            }
            double length = units.length(r.number(3, "Length"));
            double in = units.length(r.number(5, "InOffset"));
            double out = units.length(r.number(6, "OutOffset"));
            if (offsetsAreElevations) {
                in -= nodes.get(from).invert();
                out -= nodes.get(to).invert();
            }
            double z1 = nodes.get(from).invert() + in, z2 = nodes.get(to).invert() + out;
            double slope = Math.max((z1 - z2) / length, minSlope);
            int barrels = x.size() > 6 ? Math.max(1, (int) x.number(6, "Barrels")) : 1;
            Link link = new Link(r.value(0), from, to, length, r.number(4, "Roughness"), slope, z1, z2, CrossSection.of(x, units), barrels);
            link.q = link.qOld = r.size() > 7 ? units.flow(r.number(7, "InitFlow")) : 0;
            links.add(link);
        }

        List<Regulators.Regulator> regulators = regulators(inp, units, index, nodes, xsections, curves, offsetsAreElevations);
        List<Controls.Rule> rules = Controls.read(inp);
        int n = nodes.size();
        List<List<Runoff.Hydrograph>> lateral = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            lateral.add(new ArrayList<>());
        }
        Map<String, String> outlets = new HashMap<>();
        inp.rows("SUBCATCHMENTS").forEach(r -> outlets.put(r.value(0), r.value(2)));
        runoff.outflows().forEach((name, h) -> {
            Integer node = index.get(outlets.get(name));
            if (node != null) {
                lateral.get(node).add(h);
            }
        });
        List<List<Regulators.Regulator>> regulated = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            regulated.add(new ArrayList<>());
        }
        for (Regulators.Regulator g : regulators) {
            regulated.get(g.from).add(g);
            regulated.get(g.to).add(g);
        }
        List<List<Link>> joined = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            joined.add(new ArrayList<>());
        }
        for (Link l : links) {
            joined.get(l.from).add(l);
            joined.get(l.to).add(l);
        }
        // the crown of a node: the highest top of the conduits it joins, above its invert
        double[] crown = new double[n];
        for (Link l : links) {
            crown[l.from] = Math.max(crown[l.from], l.z1 - nodes.get(l.from).invert() + l.section.fullDepth());
            crown[l.to] = Math.max(crown[l.to], l.z2 - nodes.get(l.to).invert() + l.section.fullDepth());
        }

        double maxStep = Rainfall.hours(0, options.getOrDefault("ROUTING_STEP", "0:00:20")) * 3600;
        double startHour = Rainfall.hours(0, options.getOrDefault("START_TIME", "0:00:00"));
        double end = runoff.duration();
        double reportStep = Rainfall.hours(0, options.getOrDefault("REPORT_STEP", "0:15:00")) * 3600;
        int reports = (int) Math.floor(end / reportStep + 1e-9);

        double[] y = new double[n], yOld = new double[n], yIter = new double[n], net = new double[n], netOld = new double[n], lat = new double[n];
        double[] ponded = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = nodes.get(k).initialDepth();
        }
        double[] depthSum = new double[n], maxDepth = new double[n], depthTime = new double[n], flooded = new double[n], maxFlood = new double[n],
                floodTime = new double[n], floodVolume = new double[n], maxInflow = new double[n], inflowTime = new double[n], outVolume = new double[n],
                flowing = new double[n], maxPonded = new double[n], lastOut = new double[n];
        float[][] series = new float[n][reports];
        double[] previousReported = y.clone();
        double initialStored = 0;
        for (Link l : links) {
            setEnds(l, nodes, y);
            l.aMid = l.aMidOld = l.section.area((l.y1 + l.y2) / 2);
            initialStored += l.aMid * l.length * l.barrels;
        }
        for (int k = 0; k < n; k++) {
            initialStored += nodes.get(k).volume(y[k], minSurface);
        }

        // Water never passes between parts of the network that no conduit joins (each outfall's own catchment, in a city
        // of many), so each part is routed on its own, at its own Courant step, and the parts share the cores.
        List<int[]> parts = parts(n, links, regulators);
        java.util.function.Function<int[], double[]> routePart = ks -> {
            java.util.Set<Integer> inPart = new java.util.HashSet<>();
            for (int k : ks) {
                inPart.add(k);
            }
            List<Link> ls = links.stream().filter(l -> inPart.contains(l.from)).toList();
            List<Regulators.Regulator> gs = regulators.stream().filter(g -> inPart.contains(g.from)).toList();
            Map<String, Regulators.Regulator> byName = new HashMap<>();
            gs.forEach(g -> byName.put(g.name, g));
            double t = 0, dt = maxStep, inflowVolume = 0, lost = 0;
            double[] overflow = new double[n];
            int reported = 0;
            for (int k : ks) {
                for (Runoff.Hydrograph h : lateral.get(k)) {
                    lat[k] += h.at(0);
                }
                netOld[k] = lat[k];
            }
            for (Link l : ls) {
                netOld[l.from] -= l.q;
                netOld[l.to] += l.q;
            }
            Map<String, Integer> partNodes = new HashMap<>();
            for (int k : ks) {
                partNodes.put(nodes.get(k).name(), k);
            }
            Map<String, Link> partLinks = new HashMap<>();
            ls.forEach(l -> partLinks.put(l.name, l));
            double[] clockNow = {0};
            Controls.State state = new Controls.State() {
                public double node(String name, String attribute) {
                    Integer k = partNodes.get(name);
                    if (k == null) {
                        return 0;
                    }
                    return switch (attribute) {
                        case "HEAD" -> units.toLength(nodes.get(k).invert() + y[k]);
                        case "INFLOW" -> units.toFlow(Math.max(0, lat[k]));
                        default -> units.toLength(y[k]);
                    };
                }

                public double link(String name, String attribute) {
                    Regulators.Regulator g = byName.get(name);
                    if (g != null) {
                        return switch (attribute) {
                            case "STATUS" -> g.on ? 1 : 0;
                            case "SETTING" -> g.setting;
                            default -> units.toFlow(g.q);
                        };
                    }
                    Link l = partLinks.get(name);
                    if (l == null) {
                        return 0;
                    }
                    return attribute.equals("DEPTH") ? units.toLength((l.y1 + l.y2) / 2) : units.toFlow(l.q);
                }

                public double hours() {
                    return clockNow[0] / 3600;
                }

                public double clock() {
                    return (startHour + clockNow[0] / 3600) % 24;
                }
            };
            while (t < end - 1e-6) {
                // the pumps' own switches, then the rules, as of the step's start
                for (Regulators.Regulator g : gs) {
                    if (g instanceof Regulators.Pump pump) {
                        pump.switchByDepth(y[g.from]);
                    }
                }
                if (!rules.isEmpty()) {
                    clockNow[0] = t;
                    for (Controls.Action a : Controls.actions(rules, state)) {
                        Regulators.Regulator g = byName.get(a.name());
                        if (g != null && a.attribute().equals("STATUS")) {
                            g.on = a.value() > 0;
                        } else if (g != null) {
                            g.setting = Math.clamp(a.value(), 0, g instanceof Regulators.Pump ? 10 : 1);
                        }
                    }
                }
                if (courant > 0) {
                    dt = courantStep(ls, courant, maxStep, minStep);
                }
                dt = Math.min(dt, end - t);
                double now = t + dt;
                for (int k : ks) {
                    double in = 0;
                    for (Runoff.Hydrograph h : lateral.get(k)) {
                        in += h.at(now);
                    }
                    inflowVolume += (in + lat[k]) / 2 * dt;
                    lat[k] = in;
                }
                for (int k : ks) {
                    yOld[k] = y[k];
                }
                for (Link l : ls) {
                    l.qOld = l.q;
                    l.aMidOld = l.aMid;
                }
                for (int trial = 1; trial <= trials; trial++) {
                    for (int k : ks) {
                        yIter[k] = y[k];
                    }
                    for (Link l : ls) {
                        flow(l, nodes, y, dt, trial, damping, limited, now);
                    }
                    for (int k : ks) {
                        net[k] = lat[k];
                    }
                    for (Link l : ls) {
                        net[l.from] -= l.q;
                        net[l.to] += l.q;
                    }
                    for (Regulators.Regulator g : gs) {
                        regulate(g, nodes, y, net, minSurface, trial);
                        net[g.from] -= g.q;
                        net[g.to] += g.q;
                    }
                    boolean converged = true;
                    for (int k : ks) {
                        Node node = nodes.get(k);
                        overflow[k] = 0;
                        double next;
                        if (node.outfall()) {
                            next = outfallDepth(node, joined.get(k), k);
                        } else if (node.storage() == null && y[k] > CROWN_CUTOFF * crown[k] && crown[k] > 0 && !ponds(node, y[k])) {
                            double sum = 0;
                            for (Link l : joined.get(k)) {
                                sum += l.dqdh;
                            }
                            for (Regulators.Regulator g : regulated.get(k)) {
                                sum += g.dqdh;
                            }
                            next = sum > 0 ? y[k] + net[k] / sum : yOld[k] + net[k] * dt / minSurface;
                        } else {
                            double surface = node.storage() != null ? Math.max(minSurface, node.storage().area(y[k])) : minSurface;
                            for (Link l : joined.get(k)) {
                                surface += l.barrels * l.length / 2 * ((l.from == k ? l.t1 : l.t2) + l.tMid) / 2;
                            }
                            if (ponds(node, y[k])) {
                                surface += node.pondedArea();
                            }
                            next = yOld[k] + (netOld[k] + net[k]) / 2 * dt / surface;
                        }
                        if (trial > 1 && !node.outfall()) {
                            next = (next + y[k]) / 2;
                        }
                        if (node.pondedArea() > 0 && node.fullDepth() > 0 && (ponded[k] > 0 || next > node.fullDepth())) {
                            // water over the rim stands on the ponded area as a volume of its own: what the step brought
                            // above the rim, never a head the surcharge correction reached
                            double volume = ponded[k] + (netOld[k] + net[k]) / 2 * dt;
                            next = volume > 0 ? node.fullDepth() + volume / node.pondedArea() : Math.min(next, node.fullDepth());
                        }
                        next = Math.max(0, next);
                        if (!node.outfall() && node.fullDepth() > 0 && next > node.fullDepth() && node.pondedArea() <= 0) {
                            // the manhole overflows: what would rise above its rim is lost as flooding
                            overflow[k] = Math.max(0, net[k]);
                            next = node.fullDepth();
                        }
                        if (Math.abs(next - y[k]) > tolerance) {
                            converged = false;
                        }
                        y[k] = next;
                    }
                    if (converged && trial > 1) {
                        break;
                    }
                }
                t = now;
                for (Link l : ls) {
                    double v = l.aMid > 0 ? Math.abs(l.q) / (l.aMid * l.barrels) : 0;
                    if (!Double.isFinite(l.q)) {
                        throw new InpError(0, String.format(Locale.ROOT, "the dynamic-wave routing went unstable in conduit %s at %s from the start", l.name,
                                KinematicWave.clock(t)));
                    }
                    if (Math.abs(l.q) > l.peak) {
                        l.peak = Math.abs(l.q);
                        l.peakTime = t;
                    }
                    l.peakVelocity = Math.max(l.peakVelocity, v);
                    l.peakDepth = Math.max(l.peakDepth, Math.max(l.y1, l.y2));
                }
                for (Regulators.Regulator g : gs) {
                    if (!Double.isFinite(g.q)) {
                        throw new InpError(0, String.format(Locale.ROOT, "the dynamic-wave routing went unstable at %s %s at %s from the start",
                                g.kind.toLowerCase(Locale.ROOT), g.name, KinematicWave.clock(t)));
                    }
                    if (Math.abs(g.q) > g.peak) {
                        g.peak = Math.abs(g.q);
                        g.peakTime = t;
                    }
                }
                for (int k : ks) {
                    Node node = nodes.get(k);
                    double inflow = lat[k];
                    for (Link l : joined.get(k)) {
                        inflow += l.to == k ? Math.max(0, l.q) : Math.max(0, -l.q);
                    }
                    for (Regulators.Regulator g : regulated.get(k)) {
                        inflow += g.to == k ? Math.max(0, g.q) : Math.max(0, -g.q);
                    }
                    if (inflow > maxInflow[k]) {
                        maxInflow[k] = inflow;
                        inflowTime[k] = t;
                    }
                    if (node.outfall()) {
                        double leaving = 0;
                        for (Link l : joined.get(k)) {
                            leaving += l.to == k ? l.q : -l.q;
                        }
                        for (Regulators.Regulator g : regulated.get(k)) {
                            leaving += g.to == k ? g.q : -g.q;
                        }
                        leaving += lat[k];
                        outVolume[k] += (leaving + lastOut[k]) / 2 * dt;
                        flowing[k] += leaving > 1e-9 ? dt : 0;
                        lastOut[k] = leaving;
                        continue;
                    }
                    if (overflow[k] > 0) {
                        flooded[k] += dt;
                        floodVolume[k] += overflow[k] * dt;
                        lost += overflow[k] * dt;
                        if (overflow[k] > maxFlood[k]) {
                            maxFlood[k] = overflow[k];
                            floodTime[k] = t;
                        }
                    }
                    if (node.pondedArea() > 0 && y[k] > node.fullDepth()) {
                        ponded[k] = (y[k] - node.fullDepth()) * node.pondedArea();
                        maxPonded[k] = Math.max(maxPonded[k], ponded[k]);
                        flooded[k] += dt;
                    } else {
                        ponded[k] = 0;
                    }
                    // what the node took in this step is its net inflow from now on (the flooding left it)
                    netOld[k] = net[k] - overflow[k];
                }
                for (int k : ks) {
                    if (nodes.get(k).outfall()) {
                        netOld[k] = net[k];
                    }
                    depthSum[k] += y[k] * dt;
                    if (y[k] > maxDepth[k]) {
                        maxDepth[k] = y[k];
                        depthTime[k] = t;
                    }
                }
                reported = KinematicWave.sample(series, reported, reports, reportStep, t, dt, ks, previousReported, y);
                for (int k : ks) {
                    previousReported[k] = y[k];
                }
            }
            return new double[] {inflowVolume, lost};
        };
        java.util.stream.Stream<int[]> each = parts.size() > 1 && n >= PARALLEL_FROM ? parts.parallelStream() : parts.stream();
        double inflowVolume = 0, lost = 0;
        for (double[] sums : each.map(routePart).toList()) {
            inflowVolume += sums[0];
            lost += sums[1];
        }

        Map<String, KinematicWave.NodeResult> nodeResults = new LinkedHashMap<>();
        Map<String, float[]> depths = new LinkedHashMap<>();
        double outflow = 0, stored = 0;
        for (int k = 0; k < n; k++) {
            Node node = nodes.get(k);
            nodeResults.put(node.name(), new KinematicWave.NodeResult(node.name(), node.outfall(), depthSum[k] / Math.max(end, 1e-9), maxDepth[k], depthTime[k],
                    flooded[k] / 3600, maxFlood[k], floodTime[k], floodVolume[k], maxInflow[k], inflowTime[k], outVolume[k], flowing[k] / Math.max(end, 1e-9),
                    maxPonded[k]));
            depths.put(node.name(), series[k]);
            outflow += outVolume[k];
            if (!node.outfall()) {
                stored += node.volume(Math.min(y[k], node.fullDepth() > 0 ? node.fullDepth() : y[k]), minSurface) + ponded[k];
            }
        }
        Map<String, KinematicWave.LinkResult> linkResults = new LinkedHashMap<>();
        for (Link l : links) {
            linkResults.put(l.name, new KinematicWave.LinkResult(l.name, l.peak, l.peakTime, l.peakVelocity, l.peak / l.fullFlow, l.peakDepth / l.section.fullDepth()));
            stored += l.aMid * l.length * l.barrels;
        }
        for (Regulators.Regulator g : regulators) {
            linkResults.put(g.name, new KinematicWave.LinkResult(g.name, g.peak, g.peakTime, 0, 0, 0));
        }
        return new KinematicWave.Result(nodeResults, linkResults, new KinematicWave.Continuity(inflowVolume, outflow, lost, initialStored, stored), reportStep, depths);
    }

    /** One trial of a regulator's flow from its nodes' current heads, under-relaxed as the conduits' are. */
    private static void regulate(Regulators.Regulator g, List<Node> nodes, double[] y, double[] net, double minSurface, int trial) {
        Node a = nodes.get(g.from), b = nodes.get(g.to);
        double h1 = a.invert() + y[g.from], h2 = b.invert() + y[g.to];
        // what reaches the inlet now, for an ideal pump: the node's net inflow before this regulator takes its share
        double inflow = Math.max(0, net[g.from]);
        double q = g.flow(h1, h2, y[g.from], a.volume(y[g.from], minSurface), inflow);
        if (g.headDriven()) {
            double dh = 0.001;
            g.dqdh = Math.abs(g.flow(h1 + dh, h2, y[g.from] + dh, a.volume(y[g.from] + dh, minSurface), inflow) - q) / dh;
        } else {
            g.dqdh = 0;
        }
        g.q = trial > 1 ? (q + g.q) / 2 : q;
    }

    /** The model's orifices, weirs, outlets and pumps. */
    private static List<Regulators.Regulator> regulators(InpFile inp, Units units, Map<String, Integer> index, List<Node> nodes, Map<String, InpFile.Row> xsections,
                                                         Map<String, Regulators.Curve> curves, boolean offsetsAreElevations) {
        List<Regulators.Regulator> out = new ArrayList<>();
        double flowFactor = units.flow(1), lengthUnit = units.length(1);
        for (String section : List.of("ORIFICES", "WEIRS", "OUTLETS", "PUMPS")) {
            for (InpFile.Row r : inp.rows(section)) {
                Integer from = index.get(r.value(1)), to = index.get(r.value(2));
                if (from == null || to == null) {
                    throw new InpError(r.line(), "link " + r.value(0) + " joins a node the model does not have");
                }
                double invert = nodes.get(from).invert();
                switch (section) {
                    case "ORIFICES" -> {
                        InpFile.Row x = xsection(xsections, r);
                        double offset = units.length(r.number(4, "Offset"));
                        double crest = offsetsAreElevations ? offset : invert + offset;
                        out.add(new Regulators.Orifice(r.value(0), from, to, crest, r.number(5, "Qcoeff"), r.value(6).equalsIgnoreCase("YES"), CrossSection.of(x, units)));
                    }
                    case "WEIRS" -> {
                        InpFile.Row x = xsection(xsections, r);
                        String type = r.value(3).toUpperCase(Locale.ROOT);
                        double offset = units.length(r.number(4, "CrestHt"));
                        double crest = offsetsAreElevations ? offset : invert + offset;
                        double height = units.length(x.number(2, "Geom1"));
                        double width = units.length(x.number(3, "Geom2"));
                        // a V-notch's side slope is its top width over twice its height; a trapezoid's its side's run over rise
                        double slope = type.equals("V-NOTCH") ? width / (2 * height) : x.size() > 4 ? x.number(4, "Geom3") : 0;
                        double power = type.equals("SIDEFLOW") ? 8.0 / 3 : 2.5;
                        double toSi = flowFactor / Math.pow(lengthUnit, power);
                        int contractions = r.size() > 7 ? (int) r.number(7, "EndCon") : 0;
                        double endCoefficient = r.size() > 8 ? r.number(8, "EndCoeff") * flowFactor / Math.pow(lengthUnit, 2.5) : 0;
                        out.add(new Regulators.Weir(r.value(0), from, to, type, crest, height, width, slope, r.number(5, "Qcoeff") * toSi, contractions, endCoefficient,
                                r.value(6).equalsIgnoreCase("YES")));
                    }
                    case "OUTLETS" -> {
                        double offset = units.length(r.number(3, "Offset"));
                        double crest = offsetsAreElevations ? offset : invert + offset;
                        String type = r.value(4).toUpperCase(Locale.ROOT);
                        boolean byHead = type.endsWith("HEAD");
                        Regulators.Curve rating = null;
                        double c = 0, e = 0;
                        boolean gated;
                        if (type.startsWith("TABULAR")) {
                            rating = curves.get(r.value(5));
                            if (rating == null) {
                                throw new InpError(r.line(), "outlet " + r.value(0) + " names curve " + r.value(5) + ", which [CURVES] does not have");
                            }
                            gated = r.value(6).equalsIgnoreCase("YES");
                        } else {
                            c = r.number(5, "Qcoeff");
                            e = r.number(6, "Qexpon");
                            gated = r.value(7).equalsIgnoreCase("YES");
                        }
                        out.add(new Regulators.Outlet(r.value(0), from, to, crest, c, e, rating, byHead, gated, flowFactor, lengthUnit));
                    }
                    default -> {
                        Regulators.Curve curve = r.value(3).equals("*") ? null : curves.get(r.value(3));
                        if (curve == null && !r.value(3).equals("*")) {
                            throw new InpError(r.line(), "pump " + r.value(0) + " names curve " + r.value(3) + ", which [CURVES] does not have");
                        }
                        boolean on = !r.value(4).equalsIgnoreCase("OFF");
                        double startup = r.size() > 5 ? units.length(r.number(5, "Startup")) : 0;
                        double shutoff = r.size() > 6 ? units.length(r.number(6, "Shutoff")) : 0;
                        out.add(new Regulators.Pump(r.value(0), from, to, curve, on, startup, shutoff, flowFactor, lengthUnit, lengthUnit * lengthUnit * lengthUnit));
                    }
                }
            }
        }
        return out;
    }

    private static InpFile.Row xsection(Map<String, InpFile.Row> xsections, InpFile.Row r) {
        InpFile.Row x = xsections.get(r.value(0));
        if (x == null) {
            throw new InpError(r.line(), "link " + r.value(0) + " has no row in [XSECTIONS]");
        }
        return x;
    }

    /** The number of nodes from which the network's parts are routed on all cores. */
    private static final int PARALLEL_FROM = 64;

    /** The network's parts: the sets of nodes that conduits join, each the larger first. */
    private static List<int[]> parts(int n, List<Link> links, List<Regulators.Regulator> regulators) {
        int[] root = new int[n];
        for (int k = 0; k < n; k++) {
            root[k] = k;
        }
        List<int[]> ends = new ArrayList<>();
        links.forEach(l -> ends.add(new int[] {l.from, l.to}));
        regulators.forEach(g -> ends.add(new int[] {g.from, g.to}));
        for (int[] e : ends) {
            int a = find(root, e[0]), b = find(root, e[1]);
            if (a != b) {
                root[a] = b;
            }
        }
        Map<Integer, List<Integer>> by = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            by.computeIfAbsent(find(root, k), r -> new ArrayList<>()).add(k);
        }
        return by.values().stream().sorted((x, y) -> y.size() - x.size()).map(p -> p.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    private static int find(int[] root, int k) {
        while (root[k] != k) {
            root[k] = root[root[k]];
            k = root[k];
        }
        return k;
    }

    /** A conduit's depths at its ends from its nodes' depths, at most full. */
    private static void setEnds(Link l, List<Node> nodes, double[] y) {
        double h1 = nodes.get(l.from).invert() + y[l.from], h2 = nodes.get(l.to).invert() + y[l.to];
        l.y1 = Math.clamp(h1 - l.z1, 0, l.section.fullDepth());
        l.y2 = Math.clamp(h2 - l.z2, 0, l.section.fullDepth());
    }

    /** One trial of a conduit's momentum equation for the step, from its nodes' current heads. */
    private static void flow(Link l, List<Node> nodes, double[] y, double dt, int trial, String damping, String limited, double now) {
        setEnds(l, nodes, y);
        double h1 = nodes.get(l.from).invert() + y[l.from], h2 = nodes.get(l.to).invert() + y[l.to];
        if (l.y1 <= DRY && l.y2 <= DRY) {
            l.q = 0;
            l.aMid = 0;
            l.dqdh = 0;
            l.t1 = l.t2 = l.tMid = 0;
            return;
        }
        CrossSection s = l.section;
        double y1 = Math.max(l.y1, DRY), y2 = Math.max(l.y2, DRY), yMid = (y1 + y2) / 2;
        double a1 = s.area(y1), a2 = s.area(y2), aMid = Math.max(s.area(yMid), 1e-8);
        // R^(4/3) as (Ψ/A)², Ψ = A·R^(2/3) being tabulated: no arc cosine and no power in the innermost loop
        double psi = s.sectionFactor(yMid);
        double r43 = Math.max(psi / aMid * (psi / aMid), 1e-12);
        double qPer = l.q / l.barrels, qOldPer = l.qOld / l.barrels;
        double v = Math.clamp(qPer / aMid, -50, 50);
        double width = s.topWidth(yMid);
        l.t1 = s.topWidth(l.y1);
        l.t2 = s.topWidth(l.y2);
        l.tMid = width;
        double froude = width > 1e-6 ? Math.abs(v) / Math.sqrt(G * aMid / width) : 0;
        double sigma = switch (damping) {
            case "NONE" -> 1;
            case "FULL" -> 0;
            default -> froude <= 0.5 ? 1 : froude >= 1 ? 0 : 2 * (1 - froude);
        };
        double friction = dt * G * l.roughness * l.roughness * Math.abs(v) / r43;
        double pressure = dt * G * aMid * (h2 - h1) / l.length;
        double inertia = sigma * (2 * v * (aMid - l.aMidOld) + v * v * (a2 - a1) * dt / l.length);
        double q = (qOldPer - pressure + inertia) / (1 + friction);
        // the inlet's normal flow caps a flow the water surface does not drive (its slope less than the bed's) or a supercritical inlet
        if (q > 0 && !limited.equals("NO")) {
            double w1 = Math.max(l.t1, s.topWidth(y1));
            double inletFroude = w1 > 1e-6 ? Math.abs(q / a1) / Math.sqrt(G * a1 / w1) : 0;
            boolean bySlope = (limited.equals("SLOPE") || limited.equals("BOTH")) && (h1 - h2) / l.length < l.slope;
            boolean byFroude = (limited.equals("FROUDE") || limited.equals("BOTH")) && inletFroude >= 1;
            if (bySlope || byFroude) {
                q = Math.min(q, l.normalFlow(y1) / l.barrels);
            }
        }
        if (trial > 1) {
            q = (q + qPer) / 2;
        }
        l.q = q * l.barrels;
        l.aMid = aMid;
        l.dqdh = l.barrels * G * aMid * dt / l.length / (1 + friction);
    }

    /** An outfall's depth from the flow reaching it: the lesser of critical and normal depth (FREE), normal (NORMAL), its stage (FIXED). */
    private static double outfallDepth(Node node, List<Link> links, int k) {
        if (node.outfallType().equals("FIXED")) {
            return Math.max(0, node.stage() - node.invert());
        }
        double depth = 0;
        for (Link l : links) {
            double q = l.to == k ? l.q : -l.q;
            if (q <= 0) {
                continue;
            }
            double yn = l.normalDepth(q);
            double d = node.outfallType().equals("NORMAL") ? yn : Math.min(yn, l.criticalDepth(q));
            double end = l.to == k ? l.z2 : l.z1;
            depth = Math.max(depth, end - node.invert() + d);
        }
        return depth;
    }

    /** Whether a junction's water stands over its ponded area. */
    private static boolean ponds(Node node, double y) {
        return node.pondedArea() > 0 && node.fullDepth() > 0 && y > node.fullDepth();
    }

    /** The Courant step of the fastest conduit, times the factor, within [minimum, maximum] (s). */
    private static double courantStep(List<Link> links, double factor, double max, double min) {
        double step = max;
        for (Link l : links) {
            if (l.aMid <= 0 || Math.abs(l.q) < 1e-9) {
                continue;
            }
            double yMid = (l.y1 + l.y2) / 2;
            double width = l.section.topWidth(yMid);
            double celerity = width > 1e-6 ? Math.sqrt(G * l.aMid / width) : Math.sqrt(G * l.section.fullDepth());
            double v = Math.abs(l.q) / (l.aMid * l.barrels);
            step = Math.min(step, factor * l.length / (v + celerity));
        }
        return Math.max(min, step);
    }

    private static double number(Map<String, String> options, String name, double otherwise) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new InpError(0, "option " + name + " is not a number: " + v);
        }
    }
}
