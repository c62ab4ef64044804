package org.citybrain.identity;

/**
 * Devices (gates, readers, gauges) authenticate with a long random secret, never a chosen password: 256 bits that
 * nobody can guess, so that one fast hash checks them (no bcrypt per device) and no throttling is needed to protect them.
 */
public interface DeviceCredentials {

    /** A new secret for the device account, replacing the old one; shown this once, only its hash is kept. */
    String issue(String deviceId);
}
