package org.citybrain.scanpoint.internal;

import java.time.Instant;

/** One scan as stored: the device's report and the decision given. */
record ScanRecord(String deviceId, String seq, String kind, long placeId, String divisionCode, Instant scannedAt, Long residentId, String personRef,
                  String plate, String origin, String decision, String colour, String reason, Instant recordedAt) {
}
