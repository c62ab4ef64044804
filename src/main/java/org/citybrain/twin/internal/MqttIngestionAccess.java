package org.citybrain.twin.internal;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Connects an additional ingest client to another broker (without credentials): how operators attach a second,
 * external broker at run time, and how the tests exercise the external-broker path against Debian's Mosquitto.
 */
@Component
@Profile("!generate")
public class MqttIngestionAccess {

    private final MqttIngestion ingestion;

    MqttIngestionAccess(MqttIngestion ingestion) {
        this.ingestion = ingestion;
    }

    /** The port of the embedded broker. */
    public int port() {
        return ingestion.port();
    }

    public MqttClient connectTo(String brokerUrl) throws MqttException {
        return ingestion.connect(brokerUrl, null, null);
    }
}
