package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.flood.swmm.InpFile;
import org.citybrain.flood.swmm.Units;
import org.citybrain.twin.TwinEntities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the drainage model in use into the twin, so that gauges, water-level sensors and the waterlogging spots relate
 * to the network and the NGSI-LD API serves it: junctions and outfalls (their location, invert and depth), pipes
 * (their ends as {@code startsAt}/{@code endsAt} relationships and their line, after the Smart Data Models' water
 * network entities), subcatchments ({@code drainsTo} their outlet), and each spot {@code drainedBy} the junction its
 * predictions are read at. On start, after the city's places are in the twin, for a model not written yet; the model's
 * row is claimed by compare-and-set, so of two nodes starting together one writes it.
 */
@Component
@Profile("!generate")
@Order(20)
class DrainageTwinProjection implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DrainageTwinProjection.class);
    private static final int BATCH = 1000;

    private final DrainageModels models;
    private final TwinEntities twin;
    private final CityMap city;
    private final JdbcClient jdbc;

    DrainageTwinProjection(DrainageModels models, TwinEntities twin, CityMap city, JdbcClient jdbc) {
        this.models = models;
        this.twin = twin;
        this.city = city;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        models.current().ifPresent(this::project);
    }

    /** A model imported or generated is written into the twin as soon as it is stored. */
    @org.springframework.context.event.EventListener
    void on(DrainageModels.ModelStored stored) {
        project(stored.model());
    }

    /** Writes a model's network into the twin unless another node has claimed it; a failed write is left to the next start. */
    void project(DrainageModels.Model model) {
        int claimed = jdbc.sql("update flood_model set projected_at = ? where id = ? and projected_at is null")
                .params(Timestamp.from(Instant.now()), model.id()).update();
        if (claimed == 0) {
            return;
        }
        try {
            write(model);
        } catch (RuntimeException e) {
            jdbc.sql("update flood_model set projected_at = null where id = ?").param(model.id()).update();
            log.warn("drainage model {} could not be written into the twin (left to the next start): {}", model.name(), e.toString());
        }
    }

    private void write(DrainageModels.Model model) {
        long start = System.currentTimeMillis();
        List<Map<String, Object>> entities = entities(model.inp());
        for (int i = 0; i < entities.size(); i += BATCH) {
            twin.upsert(TwinEntities.DEFAULT_TENANT, entities.subList(i, Math.min(entities.size(), i + BATCH)));
        }
        List<Map<String, Object>> spots = spotLinks(model.inp());
        if (!spots.isEmpty()) {
            twin.merge(TwinEntities.DEFAULT_TENANT, spots);
        }
        log.info("drainage model {} written into the twin: {} entities, {} spots related, in {} ms", model.name(), entities.size(), spots.size(),
                System.currentTimeMillis() - start);
    }

    static String junction(String node) {
        return "urn:ngsi-ld:Junction:" + node;
    }

    static List<Map<String, Object>> entities(InpFile inp) {
        Units units = Units.of(inp.options().get("FLOW_UNITS"));
        Map<String, double[]> at = new HashMap<>();
        inp.rows("COORDINATES").forEach(r -> at.put(r.value(0), new double[] {r.number(1, "X-Coord"), r.number(2, "Y-Coord")}));
        Map<String, String> nodeIds = new HashMap<>();
        List<Map<String, Object>> out = new ArrayList<>();
        for (InpFile.Row r : inp.rows("JUNCTIONS")) {
            nodeIds.put(r.value(0), junction(r.value(0)));
            Map<String, Object> e = entity(junction(r.value(0)), "Junction", r.value(0), at.get(r.value(0)));
            e.put("elevation", quantity(units.length(r.number(1, "Elevation")), "MTR"));
            e.put("maxDepth", quantity(units.length(r.number(2, "MaxDepth")), "MTR"));
            if (r.size() > 5) {
                e.put("pondedArea", quantity(r.number(5, "Aponded") * units.length(1) * units.length(1), "MTK"));
            }
            out.add(e);
        }
        for (InpFile.Row r : inp.rows("OUTFALLS")) {
            String id = "urn:ngsi-ld:Outfall:" + r.value(0);
            nodeIds.put(r.value(0), id);
            Map<String, Object> e = entity(id, "Outfall", r.value(0), at.get(r.value(0)));
            e.put("elevation", quantity(units.length(r.number(1, "Elevation")), "MTR"));
            out.add(e);
        }
        for (InpFile.Row r : inp.rows("STORAGE")) {
            String id = "urn:ngsi-ld:StorageUnit:" + r.value(0);
            nodeIds.put(r.value(0), id);
            Map<String, Object> e = entity(id, "StorageUnit", r.value(0), at.get(r.value(0)));
            e.put("elevation", quantity(units.length(r.number(1, "Elevation")), "MTR"));
            e.put("maxDepth", quantity(units.length(r.number(2, "MaxDepth")), "MTR"));
            out.add(e);
        }
        // pumps, orifices, weirs and outlets join two nodes as a pipe does
        for (String[] kind : new String[][] {{"PUMPS", "Pump"}, {"ORIFICES", "Orifice"}, {"WEIRS", "Weir"}, {"OUTLETS", "Outlet"}}) {
            for (InpFile.Row r : inp.rows(kind[0])) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", "urn:ngsi-ld:" + kind[1] + ":" + r.value(0));
                e.put("type", kind[1]);
                e.put("name", property(r.value(0)));
                double[] from = at.get(r.value(1));
                if (from != null) {
                    e.put("location", Map.of("type", "GeoProperty", "value", Map.of("type", "Point", "coordinates", List.of(from[0], from[1]))));
                }
                if (nodeIds.containsKey(r.value(1))) {
                    e.put("startsAt", relationship(nodeIds.get(r.value(1))));
                }
                if (nodeIds.containsKey(r.value(2))) {
                    e.put("endsAt", relationship(nodeIds.get(r.value(2))));
                }
                out.add(e);
            }
        }
        Map<String, InpFile.Row> sections = new HashMap<>();
        inp.rows("XSECTIONS").forEach(x -> sections.putIfAbsent(x.value(0), x));
        for (InpFile.Row r : inp.rows("CONDUITS")) {
            double[] from = at.get(r.value(1)), to = at.get(r.value(2));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", "urn:ngsi-ld:Pipe:" + r.value(0));
            e.put("type", "Pipe");
            e.put("name", property(r.value(0)));
            if (from != null && to != null) {
                e.put("location", Map.of("type", "GeoProperty", "value", Map.of("type", "LineString",
                        "coordinates", List.of(List.of(from[0], from[1]), List.of(to[0], to[1])))));
            }
            e.put("length", quantity(units.length(r.number(3, "Length")), "MTR"));
            e.put("roughness", property(r.number(4, "Roughness")));
            InpFile.Row x = sections.get(r.value(0));
            if (x != null) {
                e.put("shape", property(x.value(1)));
                e.put("height", quantity(units.length(x.number(2, "Geom1")), "MTR"));
                if (!x.value(1).equalsIgnoreCase("CIRCULAR")) {
                    e.put("width", quantity(units.length(x.number(3, "Geom2")), "MTR"));
                }
            }
            if (nodeIds.containsKey(r.value(1))) {
                e.put("startsAt", relationship(nodeIds.get(r.value(1))));
            }
            if (nodeIds.containsKey(r.value(2))) {
                e.put("endsAt", relationship(nodeIds.get(r.value(2))));
            }
            out.add(e);
        }
        for (InpFile.Row r : inp.rows("SUBCATCHMENTS")) {
            Map<String, Object> e = entity("urn:ngsi-ld:Subcatchment:" + r.value(0), "Subcatchment", r.value(0), at.get(r.value(2)));
            // SI models give hectares, US models acres
            e.put("area", quantity(r.number(3, "Area") * (units.us() ? 4046.8564224 : 10_000), "MTK"));
            e.put("imperviousness", quantity(r.number(4, "%Imperv"), "P1"));
            if (nodeIds.containsKey(r.value(2))) {
                e.put("drainsTo", relationship(nodeIds.get(r.value(2))));
            }
            out.add(e);
        }
        return out;
    }

    /** Each spot of the city with the junction its water is read at (the nearest within reach, as the scenarios read it). */
    private List<Map<String, Object>> spotLinks(InpFile inp) {
        Map<String, double[]> junctions = StormRun.junctionsAt(inp);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Place spot : city.places(PlaceKind.WATERLOGGING_SPOT, null, 10_000)) {
            String nearest = StormRun.nearestJunction(junctions, spot.lon(), spot.lat(), ScenarioRuns.SPOT_REACH_METRES);
            if (nearest != null) {
                out.add(Map.of("id", "urn:ngsi-ld:WaterloggingSpot:" + spot.id(), "type", "WaterloggingSpot", "drainedBy", relationship(junction(nearest))));
            }
        }
        return out;
    }

    private static Map<String, Object> entity(String id, String type, String name, double[] at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("type", type);
        e.put("name", property(name));
        if (at != null) {
            e.put("location", Map.of("type", "GeoProperty", "value", Map.of("type", "Point", "coordinates", List.of(at[0], at[1]))));
        }
        return e;
    }

    private static Map<String, Object> property(Object value) {
        return Map.of("type", "Property", "value", value);
    }

    /** A quantity with its UN/CEFACT unit code, as NGSI-LD's unitCode carries it. */
    private static Map<String, Object> quantity(double value, String unit) {
        return Map.of("type", "Property", "value", Math.round(value * 1000) / 1000.0, "unitCode", unit);
    }

    private static Map<String, Object> relationship(String object) {
        return Map.of("type", "Relationship", "object", object);
    }
}
