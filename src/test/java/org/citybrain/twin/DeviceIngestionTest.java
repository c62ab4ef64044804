package org.citybrain.twin;

import org.citybrain.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A device publishing a measurement shows up in its entity, its history and a subscriber's notification. */
@CityBrainTest
class DeviceIngestionTest {

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.citybrain.twin.internal.MqttIngestionAccess ingestion;

    NgsiLd twin() {
        return new NgsiLd(port, "bigdata", null);
    }

    MqttClient device(String user, String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + ingestion.port(), "t" + UUID.randomUUID().toString().substring(0, 20), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        // MQTT 3.1.1 only: Paho otherwise retries a refused CONNECT as MQTT 3.1, whose 23-character limit on client ids
        // makes the broker drop the connection with an error instead of answering.
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setConnectionTimeout(10);
        c.setTimeToWait(10_000);
        c.connect(o);
        return c;
    }

    static String measurement(double rainfall, String observedAt) {
        return """
                {"type": "Sensor", "observedAt": "%s", "measurements": {"rainfall": %s}, "unitCodes": {"rainfall": "MMT"},
                 "location": [113.652, 34.757]}""".formatted(observedAt, rainfall);
    }

    JsonNode awaitEntity(String id, java.util.function.Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Answer a = twin().get("/entities/" + id);
            if (a.status() == 200 && until.test(a.json())) {
                return a.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("entity " + id + " did not reach the expected state");
    }

    @Test
    void anMqttMeasurementReachesTheEntityItsHistoryAndASubscriber() throws Exception {
        try (NotificationReceiver receiver = new NotificationReceiver()) {
            Answer sub = twin().post("/subscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Sensor", "id": "urn:ngsi-ld:Sensor:rain-gauge-001"}],
                     "watchedAttributes": ["rainfall"], "notification": {"endpoint": {"uri": "%s"}, "format": "keyValues"}}"""
                    .formatted(receiver.uri()));
            assertThat(sub.status()).isEqualTo(201);
            MqttClient gauge = device("rain-gauge-001", org.citybrain.DemoAccounts.password("rain-gauge-001"));
            gauge.publish("citybrain/devices/rain-gauge-001/measurements", measurement(18.5, "2026-07-20T16:00:00Z").getBytes(StandardCharsets.UTF_8), 1, false);
            gauge.publish("citybrain/devices/rain-gauge-001/measurements", measurement(61.2, "2026-07-20T17:00:00Z").getBytes(StandardCharsets.UTF_8), 1, false);
            gauge.disconnect();

            JsonNode entity = awaitEntity("urn:ngsi-ld:Sensor:rain-gauge-001", e -> e.path("rainfall").path("value").asDouble() == 61.2);
            assertThat(entity.get("rainfall").get("unitCode").asString()).isEqualTo("MMT");
            assertThat(entity.get("rainfall").get("observedAt").asString()).isEqualTo("2026-07-20T17:00:00Z");
            JsonNode history = twin().get("/temporal/entities/urn:ngsi-ld:Sensor:rain-gauge-001?attrs=rainfall&timerel=between"
                    + "&timeAt=2026-07-20T15:00:00Z&endTimeAt=2026-07-20T18:00:00Z").json();
            assertThat(history.get("rainfall").size()).isEqualTo(2);
            JsonNode first = receiver.next(10);
            assertThat(first).isNotNull();
            assertThat(first.get("data").get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:Sensor:rain-gauge-001");
        }
    }

    @Test
    void devicesSignInWithTheirOwnCredentialAndPublishOnlyForThemselves() throws Exception {
        assertThatThrownBy(() -> device("rain-gauge-002", "wrong")).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> device("jinshui.worker", "citybrain")).as("not a device account").isInstanceOf(MqttException.class);
        MqttClient intruder = device("rain-gauge-002", org.citybrain.DemoAccounts.password("rain-gauge-002"));
        // Publishing under another device's id is refused by the broker (the message is dropped, QoS 0: no answer to wait for).
        intruder.publish("citybrain/devices/nobody-else/measurements", measurement(99, "2026-07-20T16:00:00Z").getBytes(StandardCharsets.UTF_8), 0, false);
        intruder.disconnectForcibly(1000, 1000);
        MqttClient gauge = device("rain-gauge-002", org.citybrain.DemoAccounts.password("rain-gauge-002"));
        gauge.publish("citybrain/devices/rain-gauge-002/measurements", measurement(3, "2026-07-20T16:00:00Z").getBytes(StandardCharsets.UTF_8), 1, false);
        gauge.disconnect();
        awaitEntity("urn:ngsi-ld:Sensor:rain-gauge-002", e -> e.has("rainfall"));
        assertThat(twin().get("/entities/urn:ngsi-ld:Sensor:nobody-else").status()).as("the message for another device was dropped").isEqualTo(404);
    }

    @Test
    void devicesReportOverHttpToo() throws InterruptedException {
        CityBrainClient gauge = CityBrainClient.basic(port, "rain-gauge-003", org.citybrain.DemoAccounts.password("rain-gauge-003"));
        Answer ok = gauge.request("POST", "/devices/v1/rain-gauge-003/measurements", measurement(7.5, "2026-07-20T12:00:00Z"),
                "Content-Type", "application/json");
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        assertThat(awaitEntity("urn:ngsi-ld:Sensor:rain-gauge-003", e -> e.has("rainfall")).get("rainfall").get("value").asDouble()).isEqualTo(7.5);
        Answer other = gauge.request("POST", "/devices/v1/rain-gauge-001/measurements", measurement(1, "2026-07-20T12:00:00Z"),
                "Content-Type", "application/json");
        assertThat(other.status()).isEqualTo(400);
        Answer bad = gauge.request("POST", "/devices/v1/rain-gauge-003/measurements", "{\"measurements\": {}}", "Content-Type", "application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("measurements");
        Answer late = gauge.request("POST", "/devices/v1/rain-gauge-003/measurements", "{\"observedAt\":\"soon\",\"measurements\":{\"a\":1}}",
                "Content-Type", "application/json");
        assertThat(late.status()).isEqualTo(400);
        assertThat(CityBrainClient.basic(port, "jinshui.worker", "citybrain").request("POST", "/devices/v1/rain-gauge-003/measurements",
                measurement(1, "2026-07-20T12:00:00Z"), "Content-Type", "application/json").status()).isEqualTo(403);
    }

    @Test
    void anExternalMosquittoBrokerWorksTheSameWay() throws Exception {
        try (Mosquitto broker = Mosquitto.start()) {
            int brokerPort = broker.port();
            MqttClient ingest = ingestion.connectTo("tcp://127.0.0.1:" + brokerPort);
            MqttClient gauge = new MqttClient("tcp://127.0.0.1:" + brokerPort, "ext-gauge", new MemoryPersistence());
            gauge.setTimeToWait(10_000);
            gauge.connect();
            gauge.publish("citybrain/devices/mosquitto-gauge/measurements", measurement(42, "2026-07-20T18:00:00Z").getBytes(StandardCharsets.UTF_8), 1, false);
            gauge.disconnect();
            assertThat(awaitEntity("urn:ngsi-ld:Sensor:mosquitto-gauge", e -> e.has("rainfall")).get("rainfall").get("value").asDouble()).isEqualTo(42.0);
            ingest.disconnect();
        }
    }
}
