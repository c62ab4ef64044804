package org.citybrain.twin;

import java.time.Instant;

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

    /** One numeric observation of an attribute of a located entity: a gauge's rainfall at a time. */
    record Observation(String entityId, String name, double lon, double lat, Instant observedAt, double value) {
    }

    /**
     * The numeric values of one attribute observed at or after {@code since}, of the entities of a type that have a
     * location and hold that attribute, oldest first per entity: what a watch over the city's gauges reads.
     */
    java.util.List<Observation> observations(String tenant, String type, String attribute, Instant since);
}
