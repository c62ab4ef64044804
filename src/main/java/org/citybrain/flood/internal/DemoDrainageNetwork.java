package org.citybrain.flood.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.citybrain.city.Place;
import org.citybrain.flood.swmm.DesignStorm;
import org.citybrain.flood.swmm.InpFile;

/**
 * The demo city's storm sewers, laid under its main roads and sized as GB 50014 (室外排水设计标准) asks: by the rational
 * method, Q = ψ·q·F, with q from the city's rainstorm intensity formula for a return period of 3 years and a duration
 * of the surface's inlet time (10 minutes) plus the flow time in the pipes upstream; each pipe the smallest standard
 * size (circular to 2.4 m, then box culverts) whose full flow carries Q at its slope, laid with at least 1 m of cover
 * and crowns matched at the manholes (管顶平接). The ground falls from the west (西三环, about 108 m) to the east (东三环,
 * 88 m) and towards the three rivers that cross the core city (东风渠, 金水河, 熊耳河); every pipe drains down the
 * steepest road from its manhole, so the network is a tree that ends at outfalls on the rivers.
 *
 * <p>The 51 waterlogging spots are where they are because they are low: each dips below the road around it (a
 * 下穿隧道 by 3 m, a low road by 0.8–1.5 m), gathers the surface of twice the area, and holds what overflows on a small
 * ponded area. A few spots are real weak points: their outlet pipe was laid for a 1-year storm when the area upstream
 * was half built. So a 3-year storm floods few spots, a 50-year storm many, and the storm of 2021-07-20 most.
 *
 * <p>Written as an EPA SWMM 5 model (SI units, kinematic wave, ponding allowed, coordinates in degrees of longitude and
 * latitude), so the engineers can open it in SWMM and the engine runs it as any imported model.
 */
final class DemoDrainageNetwork {

    /** The return period the network is designed for (years). */
    static final double DESIGN_RETURN_PERIOD = 3;
    private static final double RUNOFF_COEFFICIENT = 0.7;
    private static final double INLET_MINUTES = 10;
    private static final double MANNING = 0.013;
    private static final double COVER = 1.0;
    private static final double MANHOLE_SPACING = 450;
    /** The width of land on both sides of a road whose surface drains to the road's sewer (m). */
    private static final double CORRIDOR = 250;
    private static final double[] CIRCULAR = {0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.2, 1.35, 1.5, 1.65, 1.8, 2.0, 2.2, 2.4};
    private static final double[][] BOXES = {{2.0, 2.0}, {2.5, 2.0}, {3.0, 2.0}, {3.0, 2.5}, {3.5, 2.5}, {4.0, 2.5}, {4.0, 3.0}, {5.0, 3.0}, {6.0, 3.0}, {7.0, 3.0}, {8.0, 3.5}};

    /** The rivers that cross the core city west to east, by latitude: the sewers' outfalls are on them. */
    record River(String name, double lat) {
    }

    static final List<River> RIVERS = List.of(new River("东风渠", 34.8085), new River("金水河", 34.7615), new River("熊耳河", 34.7235));

    /** A point of the network: an intersection, a manhole along a road, or an outfall on a river. */
    private static final class Point {
        final String name;
        final double lon, lat;
        final Long placeId;
        final boolean outfall;
        double dip;
        double pondedArea = 30_000;
        double area;
        boolean weak;
        final List<Point> neighbours = new ArrayList<>();
        Point down;
        double downLength;

        Point(String name, double lon, double lat, Long placeId, boolean outfall) {
            this.name = name;
            this.lon = lon;
            this.lat = lat;
            this.placeId = placeId;
            this.outfall = outfall;
        }

        double grade() {
            return ground(lon, lat);
        }

        double surface() {
            return grade() - dip;
        }
    }

    /** One conduit as designed: its size and the invert at each end (m). */
    private record Pipe(Point from, Point to, double length, String shape, double geom1, double geom2, double inInvert, double outInvert, double designFlow) {
    }

    private final List<Point> points = new ArrayList<>();
    private final Map<Long, Point> byIntersection = new HashMap<>();
    private final Random random;

    DemoDrainageNetwork(long seed) {
        this.random = new Random(seed ^ 0x5EEDF100DL);
    }

    /** The road's grade (m above sea level): falling to the east and into the river valleys. */
    static double ground(double lon, double lat) {
        double toRiver = RIVERS.stream().mapToDouble(r -> Math.abs(lat - r.lat())).min().orElse(0);
        return 88 + 120 * (113.746 - lon) + 250 * toRiver;
    }

    /** The model of the network under the given intersections and road segments, with the spots at their intersections. */
    InpFile design(List<Place> intersections, List<Place> segments, List<Place> spots) {
        intersections.forEach(p -> {
            Point point = new Point("J" + p.id(), p.lon(), p.lat(), p.id(), false);
            byIntersection.put(p.id(), point);
            points.add(point);
        });
        double topRow = intersections.stream().mapToDouble(Place::lat).max().orElse(0);
        for (Place s : segments) {
            Point a = byIntersection.get(number(s.properties().get("from")));
            Point b = byIntersection.get(number(s.properties().get("to")));
            if (a != null && b != null) {
                lay(s.id(), a, b);
            }
        }
        // the rows nearest a river outside the grid drain to it by a short spur
        for (River r : RIVERS) {
            if (r.lat() > topRow) {
                intersections.stream().filter(p -> p.lat() == topRow).forEach(p -> {
                    Point outfall = new Point("O" + p.id(), p.lon(), r.lat(), null, true);
                    points.add(outfall);
                    join(byIntersection.get(p.id()), outfall);
                });
            }
        }
        List<Place> ordered = new ArrayList<>(spots);
        ordered.sort(Comparator.comparingLong(Place::id));
        int k = 0;
        for (Place spot : ordered) {
            Point at = byIntersection.get(number(spot.properties().get("intersectionId")));
            if (at == null) {
                continue;
            }
            boolean tunnel = spot.name().contains("隧道");
            at.dip = tunnel ? 3.0 : 0.8 + 0.1 * random.nextInt(8);
            at.pondedArea = tunnel ? 12_000 : 20_000 + 2_500 * random.nextInt(11);
            at.area *= 2;
            // one spot in six: the outlet laid for a 1-year storm while the area upstream was half built
            at.weak = k++ % 6 == 3;
        }
        drainDownhill();
        List<Pipe> pipes = size();
        return write(pipes);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }

    /** Lays a road segment's sewer: manholes every 450 m or less, and an outfall where the road crosses a river. */
    private void lay(long segment, Point a, Point b) {
        double metres = metres(a.lon, a.lat, b.lon, b.lat);
        int pieces = Math.max(1, (int) Math.ceil(metres / MANHOLE_SPACING));
        TreeSet<Double> at = new TreeSet<>();
        for (int i = 1; i < pieces; i++) {
            at.add((double) i / pieces);
        }
        Map<Double, River> crossings = new HashMap<>();
        for (River r : RIVERS) {
            double f = (r.lat() - a.lat) / (b.lat - a.lat);
            if (a.lat != b.lat && f > 0 && f < 1) {
                at.add(f);
                crossings.put(f, r);
            }
        }
        Point previous = a;
        int n = 0;
        for (double f : at) {
            boolean outfall = crossings.containsKey(f);
            Point p = new Point((outfall ? "O" : "M") + segment + "_" + (++n), a.lon + f * (b.lon - a.lon), a.lat + f * (b.lat - a.lat), null, outfall);
            points.add(p);
            join(previous, p);
            previous = p;
        }
        join(previous, b);
        a.area = CORRIDOR * CORRIDOR;
        b.area = CORRIDOR * CORRIDOR;
    }

    private void join(Point a, Point b) {
        a.neighbours.add(b);
        b.neighbours.add(a);
        double metres = metres(a.lon, a.lat, b.lon, b.lat);
        // each manhole gathers the corridor along half of each road piece it stands on
        if (a.placeId == null && !a.outfall) {
            a.area += metres / 2 * CORRIDOR;
        }
        if (b.placeId == null && !b.outfall) {
            b.area += metres / 2 * CORRIDOR;
        }
    }

    /** Every point but an outfall drains to the neighbour down the steepest road; a point with none lower is refused. */
    private void drainDownhill() {
        for (Point p : points) {
            if (p.outfall) {
                continue;
            }
            double best = 0;
            for (Point q : p.neighbours) {
                double length = metres(p.lon, p.lat, q.lon, q.lat);
                double fall = (p.grade() - (q.outfall ? q.grade() - 2 : q.grade())) / length;
                if (fall > best) {
                    best = fall;
                    p.down = q;
                    p.downLength = length;
                }
            }
            if (p.down == null) {
                throw new IllegalStateException("the demo's terrain has a pit at " + p.name + ": no road leads down from it");
            }
        }
    }

    /** Sizes each pipe by the rational method, upstream first, and lays it below the pipes that reach its manhole. */
    private List<Pipe> size() {
        Map<Point, List<Point>> upstream = new HashMap<>();
        Map<Point, Integer> waiting = new HashMap<>();
        for (Point p : points) {
            if (p.down != null) {
                upstream.computeIfAbsent(p.down, x -> new ArrayList<>()).add(p);
                waiting.merge(p.down, 1, Integer::sum);
            }
        }
        Deque<Point> ready = new ArrayDeque<>();
        points.stream().filter(p -> !waiting.containsKey(p)).forEach(ready::add);
        Map<Point, Double> areaIn = new HashMap<>();
        Map<Point, Double> minutesIn = new HashMap<>();
        Map<Point, Pipe> leaving = new HashMap<>();
        List<Pipe> pipes = new ArrayList<>();
        while (!ready.isEmpty()) {
            Point p = ready.poll();
            if (p.down == null) {
                continue;
            }
            double hectares = (areaIn.getOrDefault(p, 0.0) + p.area) / 10_000;
            double minutes = INLET_MINUTES + minutesIn.getOrDefault(p, 0.0);
            double designArea = p.weak ? hectares / 2 : hectares;
            double designPeriod = p.weak ? 1 : DESIGN_RETURN_PERIOD;
            // q in L/(s·ha): the formula's intensity in mm/min over 0.006
            double q = DesignStorm.Formula.ZHENGZHOU_HANDBOOK.intensity(designPeriod, minutes) / 0.006;
            double flow = RUNOFF_COEFFICIENT * q * designArea / 1000;
            double groundFall = (p.grade() - p.down.grade()) / p.downLength;
            double[] size = null;
            double slope = 0;
            for (double[] candidate : sizes()) {
                // the least slope that keeps a pipe self-cleansing: 1/D with D in mm (a 300 mm pipe at 0.33 %), never under 0.05 %
                slope = Math.max(groundFall, Math.max(0.0005, 0.001 / (candidate[1] == 0 ? candidate[0] : candidate[1])));
                if (fullFlow(candidate, slope) >= flow) {
                    size = candidate;
                    break;
                }
            }
            if (size == null) {
                size = BOXES[BOXES.length - 1];
                slope = Math.max(groundFall, 0.0005);
            }
            double height = size[1] == 0 ? size[0] : size[1];
            double crown = p.surface() - COVER;
            for (Point u : upstream.getOrDefault(p, List.of())) {
                Pipe in = leaving.get(u);
                crown = Math.min(crown, in.outInvert() + in.geom1());
            }
            // and its outlet under the next manhole's cover, however low the road dips there
            double inInvert = Math.min(crown - height, p.down.surface() - COVER - height + slope * p.downLength);
            Pipe pipe = new Pipe(p, p.down, p.downLength, size[1] == 0 ? "CIRCULAR" : "RECT_CLOSED", height, size[1] == 0 ? 0 : size[0],
                    inInvert, inInvert - slope * p.downLength, flow);
            leaving.put(p, pipe);
            pipes.add(pipe);
            double velocity = fullFlow(size, slope) / area(size);
            areaIn.merge(p.down, hectares * 10_000, Double::sum);
            minutesIn.merge(p.down, minutesIn.getOrDefault(p, 0.0) + p.downLength / velocity / 60, Math::max);
            if (waiting.merge(p.down, -1, Integer::sum) == 0) {
                ready.add(p.down);
            }
        }
        return pipes;
    }

    /** Circular diameters as {d, 0}, then boxes as {width, height}, smallest first. */
    private static List<double[]> sizes() {
        List<double[]> out = new ArrayList<>();
        for (double d : CIRCULAR) {
            out.add(new double[] {d, 0});
        }
        for (double[] b : BOXES) {
            out.add(b);
        }
        return out;
    }

    private static double area(double[] size) {
        return size[1] == 0 ? Math.PI * size[0] * size[0] / 4 : size[0] * size[1];
    }

    /** Manning's full flow (m³/s). */
    private static double fullFlow(double[] size, double slope) {
        double a = area(size);
        double radius = size[1] == 0 ? size[0] / 4 : a / (2 * size[0] + 2 * size[1]);
        return a / MANNING * Math.pow(radius, 2.0 / 3) * Math.sqrt(slope);
    }

    private InpFile write(List<Pipe> pipes) {
        Map<Point, Double> invert = new LinkedHashMap<>();
        for (Pipe pipe : pipes) {
            invert.merge(pipe.from(), pipe.inInvert(), Math::min);
            invert.merge(pipe.to(), pipe.outInvert(), Math::min);
        }
        StringBuilder inp = new StringBuilder();
        inp.append("""
                [TITLE]
                ;;Project Title/Notes
                CityBrain demo city: storm sewers of the core city, designed for a 3-year storm (GB 50014, rational method)

                [OPTIONS]
                FLOW_UNITS           CMS
                INFILTRATION         HORTON
                FLOW_ROUTING         KINWAVE
                LINK_OFFSETS         DEPTH
                MIN_SLOPE            0
                ALLOW_PONDING        YES
                START_DATE           07/19/2021
                START_TIME           20:00:00
                REPORT_START_DATE    07/19/2021
                REPORT_START_TIME    20:00:00
                END_DATE             07/20/2021
                END_TIME             02:00:00
                DRY_DAYS             5
                REPORT_STEP          00:01:00
                WET_STEP             00:01:00
                DRY_STEP             01:00:00
                ROUTING_STEP         0:00:30

                [RAINGAGES]
                ;;Name           Format    Interval SCF      Source
                RG1              INTENSITY 0:05     1.0      TIMESERIES RAIN

                """);
        StringBuilder subcatchments = new StringBuilder("[SUBCATCHMENTS]\n;;Name           Rain Gage        Outlet           Area     %Imperv  Width    %Slope   CurbLen\n");
        StringBuilder subareas = new StringBuilder("[SUBAREAS]\n;;Subcatchment   N-Imperv   N-Perv     S-Imperv   S-Perv     PctZero    RouteTo\n");
        StringBuilder infiltration = new StringBuilder("[INFILTRATION]\n;;Subcatchment   MaxRate    MinRate    Decay      DryTime    MaxInfil\n");
        StringBuilder junctions = new StringBuilder("[JUNCTIONS]\n;;Name           Elevation  MaxDepth   InitDepth  SurDepth   Aponded\n");
        StringBuilder outfalls = new StringBuilder("[OUTFALLS]\n;;Name           Elevation  Type       Stage Data       Gated\n");
        StringBuilder coordinates = new StringBuilder("[COORDINATES]\n;;Node           X-Coord            Y-Coord\n");
        for (Point p : points) {
            double inv = invert.getOrDefault(p, p.surface() - COVER - 0.3);
            if (p.outfall) {
                outfalls.append(String.format(Locale.ROOT, "%-16s %-10.3f FREE                        NO%n", p.name, inv));
            } else {
                junctions.append(String.format(Locale.ROOT, "%-16s %-10.3f %-10.3f 0          0          %.0f%n", p.name, inv, p.surface() - inv, p.pondedArea));
                double hectares = p.area / 10_000;
                int imperv = 55 + random.nextInt(26);
                subcatchments.append(String.format(Locale.ROOT, "S%-15s RG1              %-16s %-8.3f %-8d %-8.0f 0.5      0%n", p.name, p.name, hectares, imperv, p.area / 100));
                subareas.append(String.format(Locale.ROOT, "S%-15s 0.013      0.15       1.5        5          25         OUTLET%n", p.name));
                infiltration.append(String.format(Locale.ROOT, "S%-15s 75         6          4          7          0%n", p.name));
            }
            coordinates.append(String.format(Locale.ROOT, "%-16s %-18.6f %.6f%n", p.name, p.lon, p.lat));
        }
        StringBuilder conduits = new StringBuilder("[CONDUITS]\n;;Name           From Node        To Node          Length     Roughness  InOffset   OutOffset  InitFlow   MaxFlow\n");
        StringBuilder xsections = new StringBuilder("[XSECTIONS]\n;;Link           Shape        Geom1      Geom2      Geom3      Geom4      Barrels\n");
        for (Pipe pipe : pipes) {
            String name = "C" + pipe.from().name;
            conduits.append(String.format(Locale.ROOT, "%-16s %-16s %-16s %-10.1f %-10.3f %-10.3f %-10.3f 0          0%n", name, pipe.from().name, pipe.to().name, pipe.length(),
                    MANNING, pipe.inInvert() - invert.get(pipe.from()), pipe.outInvert() - invert.get(pipe.to())));
            xsections.append(String.format(Locale.ROOT, "%-16s %-12s %-10.2f %-10.2f 0          0          1%n", name, pipe.shape(), pipe.geom1(), pipe.geom2()));
        }
        inp.append(junctions).append('\n').append(outfalls).append('\n').append(conduits).append('\n').append(xsections).append('\n')
                .append(subcatchments).append('\n').append(subareas).append('\n').append(infiltration).append('\n')
                .append("[TIMESERIES]\n;;Name           Time       Value\nRAIN             0:00       0\nRAIN             6:00       0\n\n")
                .append(coordinates);
        return InpFile.read(new java.io.StringReader(inp.toString()));
    }

    /** The distance between two points of the city (m), on its local plane. */
    static double metres(double lon1, double lat1, double lon2, double lat2) {
        return Math.hypot((lon2 - lon1) * 111_320 * Math.cos(Math.toRadians(lat1)), (lat2 - lat1) * 110_540);
    }
}
