package org.citybrain.datahub.internal;

import org.citybrain.datahub.ChineseMapCoordinates;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A geometry a source delivered, as GeoJSON (RFC 7946) in WGS 84, or the reason it is refused: not GeoJSON, a
 * position outside longitude and latitude, or not valid by the OGC simple-features rules as JTS checks them (a
 * self-intersecting ring, a hole outside its shell) — a twin query by area would answer wrongly over such a shape.
 * GCJ-02 and BD-09 positions (what Chinese map services give) are converted one by one.
 */
record GeoJsonGeometry(JsonNode geojson, String problem) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static GeoJsonGeometry checked(String text, String crs) {
        Geometry g;
        try {
            g = new GeoJsonReader().read(text);
        } catch (ParseException | RuntimeException e) {
            return refused("不是有效的 GeoJSON 几何 / not a GeoJSON geometry");
        }
        if (g.isEmpty()) {
            return refused("几何为空 / the geometry is empty");
        }
        Envelope box = g.getEnvelopeInternal();
        if (box.getMinX() < -180 || box.getMaxX() > 180 || box.getMinY() < -90 || box.getMaxY() > 90) {
            return refused("坐标超出经纬度范围 / positions outside longitude and latitude");
        }
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            String where = at == null ? "" : String.format(" (%.6f, %.6f)", at.x, at.y);
            return refused("几何无效：" + error.getMessage() + where + " / invalid geometry: " + error.getMessage() + where);
        }
        if (!"WGS-84".equals(crs)) {
            g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
                double[] wgs = "GCJ-02".equals(crs) ? ChineseMapCoordinates.gcj02ToWgs84(c.x, c.y) : ChineseMapCoordinates.bd09ToWgs84(c.x, c.y);
                c.x = wgs[0];
                c.y = wgs[1];
            });
            g.geometryChanged();
        }
        GeoJsonWriter writer = new GeoJsonWriter(7);
        writer.setEncodeCRS(false);
        return new GeoJsonGeometry(JSON.readTree(writer.write(g)), null);
    }

    private static GeoJsonGeometry refused(String reason) {
        return new GeoJsonGeometry(null, reason);
    }
}
