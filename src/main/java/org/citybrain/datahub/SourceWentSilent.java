package org.citybrain.datahub;

import java.time.Instant;

/**
 * A source has delivered nothing for longer than twice its expected interval: the bureau should call the department.
 * Published once per silence (the next delivery ends it), through the event registry.
 */
public record SourceWentSilent(String sourceId, String name, String provider, Instant lastDeliveryAt, int expectedMinutes) {
}
