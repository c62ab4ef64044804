package org.citybrain.demo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/** Geometry for the generator: areas divided among their parts (Voronoi cells), random points inside areas, GeoJSON text. */
final class Geo {

    static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private Geo() {
    }

    /** Divides {@code area} into one cell per site (sites inside the area), in the order of the sites. */
    static List<Geometry> divide(Geometry area, List<Coordinate> sites) {
        if (sites.size() == 1) {
            return List.of(area);
        }
        VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
        builder.setSites(sites);
        Envelope clip = new Envelope(area.getEnvelopeInternal());
        clip.expandBy(0.5);
        builder.setClipEnvelope(clip);
        Geometry cells = builder.getDiagram(FACTORY);
        List<Geometry> result = new ArrayList<>(sites.size());
        for (Coordinate site : sites) {
            Geometry cell = null;
            for (int i = 0; i < cells.getNumGeometries(); i++) {
                Geometry c = cells.getGeometryN(i);
                if (site.equals2D((Coordinate) c.getUserData())) {
                    cell = c;
                    break;
                }
            }
            Geometry clipped = cell == null ? FACTORY.createPoint(site).buffer(0.001) : cell.intersection(area);
            result.add(largestPolygonal(clipped));
        }
        return result;
    }

    /** A random point strictly inside the area. */
    static Coordinate pointIn(Geometry area, SplittableRandom random) {
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        Envelope e = area.getEnvelopeInternal();
        for (int i = 0; i < 1000; i++) {
            Coordinate c = new Coordinate(e.getMinX() + random.nextDouble() * e.getWidth(), e.getMinY() + random.nextDouble() * e.getHeight());
            if (prepared.contains(FACTORY.createPoint(c))) {
                return c;
            }
        }
        return area.getInteriorPoint().getCoordinate();
    }

    /** {@code count} distinct sites inside the area, spread out (best of a few candidates, Mitchell's algorithm). */
    static List<Coordinate> spreadPointsIn(Geometry area, int count, SplittableRandom random) {
        List<Coordinate> sites = new ArrayList<>();
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        Envelope e = area.getEnvelopeInternal();
        while (sites.size() < count) {
            Coordinate best = null;
            double bestDistance = -1;
            for (int k = 0; k < 8; k++) {
                Coordinate c = null;
                for (int i = 0; i < 1000 && c == null; i++) {
                    Coordinate candidate = new Coordinate(round(e.getMinX() + random.nextDouble() * e.getWidth()), round(e.getMinY() + random.nextDouble() * e.getHeight()));
                    if (prepared.contains(FACTORY.createPoint(candidate))) {
                        c = candidate;
                    }
                }
                if (c == null) {
                    c = area.getInteriorPoint().getCoordinate();
                }
                double nearest = Double.MAX_VALUE;
                for (Coordinate s : sites) {
                    nearest = Math.min(nearest, s.distance(c));
                }
                if (nearest > bestDistance && nearest > 0) {
                    bestDistance = nearest;
                    best = c;
                }
            }
            if (best != null) {
                sites.add(best);
            }
        }
        return sites;
    }

    static Point point(double lon, double lat) {
        return FACTORY.createPoint(new Coordinate(lon, lat));
    }

    static String geoJson(Geometry g) {
        GeoJsonWriter writer = new GeoJsonWriter(5);
        writer.setEncodeCRS(false);
        return writer.write(g);
    }

    static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    private static Geometry largestPolygonal(Geometry g) {
        if (g.getGeometryType().equals("Polygon") || g.getGeometryType().equals("MultiPolygon")) {
            return g;
        }
        Geometry largest = null;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part.getDimension() == 2 && (largest == null || part.getArea() > largest.getArea())) {
                largest = part;
            }
        }
        return largest == null ? g.buffer(0.0005) : largest;
    }
}
