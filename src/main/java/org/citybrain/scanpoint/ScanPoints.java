package org.citybrain.scanpoint;

import java.util.List;

/** Takes scans in and gives decisions out; a decision is returned only after its scan is stored. */
public interface ScanPoints {

    ScanDecision scan(String deviceId, Scan scan);

    /** Many scans of one device (a backlog uploaded after an outage, a busy checkpoint's batch), decided and stored together. */
    List<ScanDecision> scanAll(String deviceId, List<Scan> scans);

    /** A citizen's phone scanned a venue code; {@code idempotencyKey} makes a retry the same check-in. */
    ScanDecision checkIn(String venueCode, long residentId, String idempotencyKey);
}
