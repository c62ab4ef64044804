package org.citybrain.scanpoint;

import java.time.Instant;

/** One stored scan of a person: a link in their chain across checkpoint → community → enterprise → venues. */
public record Passage(Instant at, DeviceKind kind, String deviceId, long placeId, String placeName, String divisionCode, String plate, String origin,
                      String decision, String colour, String reason) {
}
