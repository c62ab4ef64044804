package org.citybrain.datahub;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The hub's datasets as other modules read them: records by their match key (a single-field key is the field's
 * value; a composite one the values joined by {@code |}). For the city's own systems acting on a person who is in
 * front of them (a checkpoint checking a traveller); a department reading another's data goes through sharing.
 */
public interface HubDatasets {

    /** A record: its values (as the mapping stored them) and when the hub loaded it. */
    record HubRecord(String key, JsonNode values, Instant loadedAt) {
    }

    /** The records of {@code datasetId} with these keys; keys without a record are absent from the answer. */
    Map<String, HubRecord> byKeys(String datasetId, Collection<String> keys);

    /** The records of {@code datasetId} that name this person (an ID number) in a field checked as GB 11643. */
    java.util.List<HubRecord> naming(String datasetId, String idNumber);

    /** When a run of a source feeding the dataset last finished loading (succeeded, or partly): how current it is. */
    java.util.Optional<Instant> lastLoaded(String datasetId);
}
