package org.citybrain.twin;

/**
 * The device channel over MQTT for other modules: devices publish to {@code citybrain/devices/<deviceId>/<channel>}
 * and read the answer on {@code citybrain/devices/<deviceId>/<channel>/reply}. The embedded broker lets a device
 * publish only under its own id and read only its own replies, so the device id in the topic is authenticated.
 */
public interface DeviceMessages {

    /** Answers one message; the returned text (JSON) is published as the reply, null publishes nothing. */
    @FunctionalInterface
    interface Handler {
        String onMessage(String deviceId, String payload);
    }

    void handle(String channel, Handler handler);
}
