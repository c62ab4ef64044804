package org.citybrain.city;

import java.util.List;
import java.util.Map;

/**
 * The city's places as the data hub's data service serves them to a department granted them (dataset {@code places}:
 * districts to road segments, with coordinates), by the catalogue's field names.
 */
public interface PlaceRegister {

    /** A page of places, and how many there are in all. */
    record Page(List<Map<String, Object>> records, long total) {
    }

    /** Places within a division (GB/T 2260 code prefix; null: the whole city), by id; {@code id} not null: that place only. */
    Page page(String divisionPrefix, Long id, long offset, int limit);
}
