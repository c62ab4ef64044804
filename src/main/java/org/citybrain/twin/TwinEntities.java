package org.citybrain.twin;

import java.util.List;
import java.util.Map;

/**
 * The twin for other CityBrain modules: write entities in normalized NGSI-LD form, using CityBrain's context terms.
 * The same rules apply as through the HTTP API.
 */
public interface TwinEntities {

    String DEFAULT_TENANT = "default";

    /** Creates or replaces entities (normalized NGSI-LD maps with {@code id}, {@code type} and attributes). */
    void upsert(String tenant, List<Map<String, Object>> entities);

    /**
     * Creates entities or adds their attributes to existing ones, keeping the attributes they do not name (NGSI-LD's
     * batch upsert with {@code options=update}): how a feed that knows some attributes of a place adds them.
     */
    void merge(String tenant, List<Map<String, Object>> entities);

    long count(String tenant);

    /** An entity near a point, nearest first: its name and address (their values), for matching a place. */
    record NearbyPlace(String id, String name, String address, double metres) {
    }

    /** Entities of a type within {@code metres} of a point (their {@code location}), nearest first. */
    java.util.List<NearbyPlace> near(String tenant, String type, double lon, double lat, double metres, int limit);
}
