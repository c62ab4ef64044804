package org.citybrain.twin.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.twin.TwinEntities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Brings the city's places into the twin as NGSI-LD entities, once, when the twin is empty and the city is not
 * (after the demo city is generated, or on the first start against a generated city). Places keep their
 * attributes as Properties, their shape as the {@code location} GeoProperty and their parent as {@code partOf}.
 */
@Component
@Profile("!generate")
@Order(10)
class CityTwinProjection implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CityTwinProjection.class);
    private static final int BATCH = 2000;

    private final CityMap city;
    private final TwinEntities twin;
    private final TwinStore store;
    private final tools.jackson.databind.json.JsonMapper json;

    CityTwinProjection(CityMap city, TwinEntities twin, TwinStore store, tools.jackson.databind.json.JsonMapper json) {
        this.city = city;
        this.twin = twin;
        this.store = store;
        this.json = json;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (city.count() == 0) {
            return;
        }
        // Projected already (a restart) when the city's first place is in the twin. Not "the twin has entities": the
        // data hub may have loaded a feed's entities (the demo's pharmacies) before this runner's turn.
        List<Place> first = city.placesAfter(0, 1);
        if (store.tenantExists(TwinEntities.DEFAULT_TENANT) && store.find(TwinEntities.DEFAULT_TENANT, urn(first.getFirst()), false).isPresent()) {
            return;
        }
        long start = System.currentTimeMillis();
        Map<Long, String> urns = new HashMap<>();
        for (List<Place> page = city.placesAfter(0, BATCH); !page.isEmpty(); page = city.placesAfter(page.getLast().id(), BATCH)) {
            page.forEach(p -> urns.put(p.id(), urn(p)));
        }
        long written = 0;
        for (List<Place> page = city.placesAfter(0, BATCH); !page.isEmpty(); page = city.placesAfter(page.getLast().id(), BATCH)) {
            List<Map<String, Object>> batch = new ArrayList<>(page.size());
            page.forEach(p -> batch.add(entity(p, urns)));
            twin.upsert(TwinEntities.DEFAULT_TENANT, batch); // one transaction per page
            written += batch.size();
        }
        log.info("city projected into the twin: {} entities in {} ms", written, System.currentTimeMillis() - start);
    }

    static String type(PlaceKind kind) {
        return switch (kind) {
            case DISTRICT -> "District";
            case STREET -> "Street";
            case COMMUNITY -> "Community";
            case COMPOUND -> "Compound";
            case BUILDING -> "Building";
            case ENTERPRISE -> "Enterprise";
            case VENUE -> "Venue";
            case HOSPITAL -> "Hospital";
            case SCHOOL -> "School";
            case CHECKPOINT -> "Checkpoint";
            case WATERLOGGING_SPOT -> "WaterloggingSpot";
            case INTERSECTION -> "Intersection";
            case ROAD_SEGMENT -> "RoadSegment";
        };
    }

    /** Divisions are named by their GB/T 2260 code, everything else by its place id. */
    static String urn(Place p) {
        boolean division = p.kind() == PlaceKind.DISTRICT || p.kind() == PlaceKind.STREET || p.kind() == PlaceKind.COMMUNITY;
        return "urn:ngsi-ld:" + type(p.kind()) + ":" + (division ? p.code() : Long.toString(p.id()));
    }

    private Map<String, Object> entity(Place p, Map<Long, String> urns) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", urns.get(p.id()));
        e.put("type", type(p.kind()));
        e.put("name", property(p.name()));
        if (p.code() != null) {
            e.put("code", property(p.code()));
        }
        e.put("divisionCode", property(p.divisionCode()));
        e.put("districtCode", property(p.districtCode()));
        e.put("location", Map.of("type", "GeoProperty", "value", p.shape() != null ? rawGeometry(p.shape()) : point(p)));
        if (p.kind() == PlaceKind.SCHOOL && p.geometry() != null) {
            e.put("catchmentArea", Map.of("type", "GeoProperty", "value", rawGeometry(p.geometry())));
        }
        if (p.parentId() != null && urns.containsKey(p.parentId())) {
            e.put("partOf", Map.of("type", "Relationship", "object", urns.get(p.parentId())));
        }
        p.properties().forEach((k, v) -> {
            if (!e.containsKey(k) && v != null) {
                e.put(k, property(v));
            }
        });
        return e;
    }

    private static Map<String, Object> property(Object value) {
        return Map.of("type", "Property", "value", value);
    }

    private static Map<String, Object> point(Place p) {
        return Map.of("type", "Point", "coordinates", List.of(p.lon(), p.lat()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> rawGeometry(String geoJson) {
        return json.readValue(geoJson, Map.class);
    }
}
