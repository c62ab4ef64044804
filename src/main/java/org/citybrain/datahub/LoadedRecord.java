package org.citybrain.datahub;

import java.util.Map;

/**
 * One record a run accepted, as its mapping made it: target field names to typed values (text, numbers, dates as
 * {@link java.time.LocalDate}, times as {@link java.time.Instant}, points as {@code double[]{lon, lat}} in WGS 84).
 *
 * @param key the record's match key within its dataset (what finds it again when it is loaded twice)
 */
public record LoadedRecord(String dataset, String key, Map<String, Object> values, Lineage lineage) {

    public String text(String field) {
        Object v = values.get(field);
        return v == null ? null : v.toString();
    }
}
