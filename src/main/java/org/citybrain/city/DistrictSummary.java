package org.citybrain.city;

import java.util.Map;

/** A district with how many places of each kind it has. */
public record DistrictSummary(String code, String name, double lon, double lat, Map<PlaceKind, Long> places) {

    public long count(PlaceKind kind) {
        return places.getOrDefault(kind, 0L);
    }
}
