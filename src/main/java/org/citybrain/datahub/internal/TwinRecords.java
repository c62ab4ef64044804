package org.citybrain.datahub.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.datahub.Lineage;
import org.citybrain.datahub.LoadedRecord;
import org.citybrain.twin.TwinEntities;
import org.springframework.stereotype.Component;

/**
 * Records as twin entities ({@code urn:ngsi-ld:<type>:<match key>}), merged into what the twin already holds, every
 * attribute carrying its lineage as sub-properties (GS CIM 009 4.5.2 allows any): {@code hubSource} (a relationship to
 * the source, {@code urn:ngsi-ld:DataSource:<id>}), {@code hubRun} and {@code hubLoadedAt}. So the NGSI-LD API shows
 * where each value came from, and {@code q=beds.hubSource=="urn:ngsi-ld:DataSource:health-beds"} finds what one
 * source delivered. Personal fields never go to the twin: people are read through the population register only.
 */
@Component
class TwinRecords {

    static final String SOURCE = "hubSource";
    static final String RUN = "hubRun";
    static final String LOADED_AT = "hubLoadedAt";

    private final TwinEntities twin;

    TwinRecords(TwinEntities twin) {
        this.twin = twin;
    }

    static String entityId(String type, String key) {
        return "urn:ngsi-ld:" + type + ":" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The twin's entity that is the record's place, when the mapping matches places and one is near with its name. */
    private java.util.Optional<String> samePlace(Mapping mapping, LoadedRecord r) {
        Mapping.MatchPlace match = mapping.twin().matchPlace();
        if (match == null || !(r.values().get(match.point()) instanceof double[] p) || !(r.values().get(match.name()) instanceof String name)) {
            return java.util.Optional.empty();
        }
        String address = match.address() == null ? null : (String) r.values().get(match.address());
        return twin.near(TwinEntities.DEFAULT_TENANT, mapping.twin().type(), p[0], p[1], match.within(), 10).stream()
                .filter(place -> asWritten(place.name()).equals(asWritten(name)))
                .filter(place -> address == null || place.address() == null || asWritten(place.address()).equals(asWritten(address)))
                .map(TwinEntities.NearbyPlace::id).findFirst();
    }

    private static java.util.Set<String> matchFields(Mapping.MatchPlace m) {
        java.util.Set<String> s = new java.util.HashSet<>(java.util.List.of(m.name(), m.point()));
        if (m.address() != null) {
            s.add(m.address());
        }
        return s;
    }

    /** A name as people write it, compared: full-width folded, letters and digits only, in lower case. */
    static String asWritten(String text) {
        String folded = java.text.Normalizer.normalize(text == null ? "" : text, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder();
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    static String sourceEntity(String sourceId) {
        return "urn:ngsi-ld:DataSource:" + sourceId;
    }

    void write(Mapping mapping, List<LoadedRecord> records) {
        List<Map<String, Object>> entities = new ArrayList<>(records.size());
        for (LoadedRecord r : records) {
            Map<String, Object> e = new LinkedHashMap<>();
            java.util.Optional<String> same = samePlace(mapping, r);
            e.put("id", same.orElseGet(() -> entityId(mapping.twin().type(), r.key())));
            // a place matched keeps its own name, address and position: the fields it was matched by say the same thing
            java.util.Set<String> matchedBy = same.isEmpty() ? java.util.Set.of() : matchFields(mapping.twin().matchPlace());
            e.put("type", mapping.twin().type());
            for (FieldRule f : mapping.fields()) {
                Object v = r.values().get(f.name());
                if (v == null || f.personal() || matchedBy.contains(f.name())) {
                    continue;
                }
                e.put(f.name(), attribute(v, r.lineage()));
            }
            entities.add(e);
        }
        twin.merge(TwinEntities.DEFAULT_TENANT, entities);
    }

    private static Map<String, Object> attribute(Object v, Lineage lineage) {
        Map<String, Object> a = new LinkedHashMap<>();
        switch (v) {
            case double[] p -> {
                a.put("type", "GeoProperty");
                a.put("value", Map.of("type", "Point", "coordinates", List.of(Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7)));
            }
            case GeoJsonGeometry g -> {
                a.put("type", "GeoProperty");
                a.put("value", g.geojson());
            }
            case LocalDate d -> {
                a.put("type", "Property");
                a.put("value", Map.of("@type", "Date", "@value", d.toString()));
            }
            case Instant i -> {
                a.put("type", "Property");
                a.put("value", Map.of("@type", "DateTime", "@value", i.toString()));
            }
            default -> {
                a.put("type", "Property");
                a.put("value", v);
            }
        }
        a.put(SOURCE, Map.of("type", "Relationship", "object", sourceEntity(lineage.sourceId())));
        a.put(RUN, Map.of("type", "Property", "value", lineage.runId()));
        a.put(LOADED_AT, Map.of("type", "Property", "value", Map.of("@type", "DateTime", "@value", lineage.loadedAt().toString())));
        return a;
    }
}
