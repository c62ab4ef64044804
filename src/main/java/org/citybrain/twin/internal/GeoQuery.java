package org.citybrain.twin.internal;

import org.citybrain.twin.NgsiLdError;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.geom.CoordinateSequence;

/**
 * An NGSI-LD geo-query (clause 4.10): {@code georel} near;maxDistance==m / near;minDistance==m, within, contains,
 * intersects, disjoint, equals, overlaps; {@code geometry} and {@code coordinates} as in GeoJSON; {@code geoproperty}
 * (default {@code location}). Distances are in metres, computed in a local plane around the query geometry
 * (accurate to well under a metre across a city).
 */
record GeoQuery(String relation, double distance, Geometry geometry, String geoproperty) {

    private static final double METRES_PER_DEGREE_LAT = 110_540;

    static GeoQuery parse(String georel, String geometryType, String coordinates, String geoproperty) {
        if (georel == null && geometryType == null && coordinates == null) {
            return null;
        }
        if (georel == null || geometryType == null || coordinates == null) {
            throw bad("a geo-query needs georel, geometry and coordinates together");
        }
        String[] parts = georel.split(";");
        String relation = parts[0];
        double distance = -1;
        if (relation.equals("near")) {
            if (parts.length != 2 || !(parts[1].startsWith("maxDistance==") || parts[1].startsWith("minDistance=="))) {
                throw bad("georel near needs ;maxDistance==<metres> or ;minDistance==<metres>");
            }
            relation = parts[1].startsWith("max") ? "nearMax" : "nearMin";
            try {
                distance = Double.parseDouble(parts[1].substring("maxDistance==".length()));
            } catch (NumberFormatException e) {
                throw bad("the distance of georel near must be a number of metres");
            }
            if (distance < 0) {
                throw bad("the distance of georel near must not be negative");
            }
        } else if (!java.util.Set.of("within", "contains", "intersects", "disjoint", "equals", "overlaps").contains(relation)) {
            throw bad("georel must be near, within, contains, intersects, disjoint, equals or overlaps, not " + relation);
        }
        Geometry g;
        try {
            g = new GeoJsonReader().read("{\"type\":\"" + geometryType + "\",\"coordinates\":" + coordinates + "}");
        } catch (ParseException | RuntimeException e) {
            throw bad("geometry " + geometryType + " with coordinates " + coordinates + " is not valid GeoJSON");
        }
        if (!positionsComplete(coordinates)) {
            throw bad("coordinates: every position is [longitude, latitude] (two or three numbers), not " + coordinates);
        }
        EntityDocuments.requireWgs84("coordinates", g);
        if (relation.startsWith("near") && !geometryType.equals("Point")) {
            throw bad("georel near takes a Point");
        }
        if (relation.equals("within") && !(geometryType.equals("Polygon") || geometryType.equals("MultiPolygon"))) {
            throw bad("georel within takes a Polygon or MultiPolygon");
        }
        return new GeoQuery(relation, distance, g, geoproperty == null ? "location" : geoproperty);
    }

    /**
     * Whether every innermost array of the coordinates holds two or three numbers: JTS's reader takes {@code [-5]} as
     * a point with no latitude.
     */
    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("\\[([^\\[\\]]*)\\]");

    private static boolean positionsComplete(String coordinates) {
        java.util.regex.Matcher m = POSITION.matcher(coordinates);
        boolean any = false;
        while (m.find()) {
            any = true;
            int n = m.group(1).isBlank() ? 0 : m.group(1).split(",").length;
            if (n < 2 || n > 3) {
                return false;
            }
        }
        return any;
    }

    /** A box in lon/lat that contains every match (null: no box narrows it, e.g. disjoint or minDistance). */
    Envelope searchBox() {
        return switch (relation) {
            case "nearMax" -> {
                Coordinate c = geometry.getCoordinate();
                double dLat = distance / METRES_PER_DEGREE_LAT;
                double dLon = distance / (METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(c.y)) * 1.0071);
                yield new Envelope(c.x - dLon * 1.01, c.x + dLon * 1.01, c.y - dLat * 1.01, c.y + dLat * 1.01);
            }
            case "disjoint", "nearMin" -> null;
            default -> geometry.getEnvelopeInternal();
        };
    }

    boolean matches(Geometry candidate) {
        return switch (relation) {
            case "nearMax" -> metres(candidate) <= distance;
            case "nearMin" -> metres(candidate) >= distance;
            case "within" -> candidate.within(geometry);
            case "contains" -> candidate.contains(geometry);
            case "intersects" -> candidate.intersects(geometry);
            case "disjoint" -> candidate.disjoint(geometry);
            case "equals" -> candidate.equalsTopo(geometry);
            case "overlaps" -> candidate.overlaps(geometry);
            default -> false;
        };
    }

    /** Distance in metres between the query point and a geometry, in a local equirectangular plane. */
    double metres(Geometry candidate) {
        Coordinate origin = geometry.getCoordinate();
        double kx = 111_320 * Math.cos(Math.toRadians(origin.y));
        GeometryTransformer toPlane = new GeometryTransformer() {
            @Override
            protected CoordinateSequence transformCoordinates(CoordinateSequence coords, Geometry parent) {
                CoordinateSequence copy = coords.copy();
                for (int i = 0; i < copy.size(); i++) {
                    copy.setOrdinate(i, 0, (copy.getX(i) - origin.x) * kx);
                    copy.setOrdinate(i, 1, (copy.getY(i) - origin.y) * METRES_PER_DEGREE_LAT);
                }
                return copy;
            }
        };
        Geometry local = toPlane.transform(candidate);
        return local.distance(local.getFactory().createPoint(new Coordinate(0, 0)));
    }

    private static NgsiLdError bad(String detail) {
        return new NgsiLdError(NgsiLdError.Type.BadRequestData, detail);
    }
}
