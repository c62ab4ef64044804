package org.citybrain.scanpoint;

/**
 * A scan device, registered at one place. Its {@code deviceId} is also the username of its device account: a device
 * authenticates with its own credential and reports only for itself. {@code divisionCode} is the community a gate
 * guards (12 digits), or the finest division the place lies in.
 */
public record ScanDevice(String deviceId, DeviceKind kind, long placeId, String placeName, String divisionCode) {
}
