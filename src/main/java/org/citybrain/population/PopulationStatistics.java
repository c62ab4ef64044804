package org.citybrain.population;

import java.util.Map;

/** Aggregate counts: not personal data, readable by anyone signed in. */
public interface PopulationStatistics {

    record Counts(long residents, long households) {
    }

    /** Counts per district code (6 digits). */
    Map<String, Counts> byDistrict();
}
