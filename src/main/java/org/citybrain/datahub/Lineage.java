package org.citybrain.datahub;

import java.time.Instant;

/** Where a value came from: the source that delivered it, the run that loaded it and when. */
public record Lineage(String sourceId, long runId, Instant loadedAt) {
}
