package org.citybrain.scanpoint;

import java.time.Instant;

/**
 * A scan as a device reports it. The person is named by exactly one of {@code idNumber} (a gate's face match or an ID
 * card read) and {@code code} (a health code token shown as a QR code). {@code seq} is the device's own sequence number:
 * the same (device, seq) is one scan however often it is sent.
 *
 * @param community for gates: the community the device believes it guards; refused when it is not the device's own
 */
public record Scan(String seq, Instant scannedAt, String idNumber, String code, String plate, String origin, String community) {
}
