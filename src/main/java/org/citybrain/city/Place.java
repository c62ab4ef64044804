package org.citybrain.city;

import java.util.Map;

/**
 * One place of the city.
 *
 * @param code         its standard code where it has one (division code, credit code of an enterprise), else null
 * @param divisionCode the finest division containing it: a community's 12-digit code, or coarser when outside communities
 * @param geometry     GeoJSON geometry text for places with an extent (division polygon, road line, school catchment), else null
 * @param properties   kind-specific attributes (a hospital's beds and fever clinic, a checkpoint's road...)
 */
public record Place(long id, PlaceKind kind, String code, String name, Long parentId, String divisionCode, String districtCode,
                    double lon, double lat, String geometry, Map<String, Object> properties) {

    /** The place's own outline, or null for a point. A school's geometry is its catchment area, not its shape. */
    public String shape() {
        return kind == PlaceKind.SCHOOL ? null : geometry;
    }
}
