package org.citybrain.population;

import java.util.List;
import java.util.Map;

/**
 * The population register as the data hub's data service serves it to a department granted it: whole records
 * (name, ID number, phone), since what was granted is exactly that. Only for the data service, which has checked the
 * grant's fields, rows and expiry and writes every person's read to the audit trail with the call's signed receipt;
 * people-facing reads go through {@link ResidentDirectory}.
 */
public interface ResidentRegister {

    /** A page of records, by the catalogue's field names, and how many there are in all. */
    record Page(List<Map<String, Object>> records, long total) {
    }

    /**
     * Residents registered within a division (GB/T 2260 code prefix; null: the whole city), ordered by ID number;
     * {@code idNumber} not null: only that person's record.
     */
    Page page(String divisionPrefix, String idNumber, long offset, int limit);
}
