package org.citybrain.services.internal;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A material of an application: supplied by the applicant, or fetched from a shared dataset — with the dataset, the
 * grant, the department that owns it and when the hub loaded the record, as applicant and reviewer see it.
 */
record Material(String name, ServiceDefinition.Origin origin, String datasetId, Long grantId, String provider, Instant loadedAt, Long receiptId, JsonNode data) {
}
