package org.citybrain.datahub;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A module that takes records from the hub: a mapping names the sink ({@code "sinks": ["health.arrivals"]}) and
 * every accepted record is offered to it, in the transaction of the run's chunk, so an all-or-nothing run leaves no
 * trace in the sink either. Modules implement it (the hub depends on none of them).
 */
public interface RecordSink {

    /** The name mappings use, {@code module.what}. */
    String name();

    /** The target fields a mapping must produce for this sink; checked when the mapping is published. */
    Set<String> requiredFields();

    /**
     * Takes the records; returns what it did with them, counted by outcome ({@code "arrivals": 120,
     * "notResidents": 3}), shown in the run's quality report.
     */
    Map<String, Long> accept(List<LoadedRecord> records);
}
