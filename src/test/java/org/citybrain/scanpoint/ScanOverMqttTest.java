package org.citybrain.scanpoint;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.citybrain.CityBrainTest;
import org.citybrain.population.Residency;
import org.citybrain.twin.internal.MqttIngestionAccess;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A gate on MQTT: a scan in on its own topic, the decision back on its reply topic; never another gate's. */
@CityBrainTest
class ScanOverMqttTest {

    static final String GATE = "gate-410105001001";

    @Autowired
    MqttIngestionAccess broker;
    @Autowired
    Residency residency;
    @Autowired
    JdbcTemplate jdbc;

    MqttClient gate(String user) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + broker.port(), "t" + UUID.randomUUID().toString().substring(0, 20), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        // MQTT 3.1.1 only: Paho otherwise retries a refused CONNECT as MQTT 3.1, whose 23-character limit on client ids
        // makes the broker drop the connection with an error instead of answering.
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(org.citybrain.DemoAccounts.password(user).toCharArray());
        c.setTimeToWait(10_000);
        c.connect(o);
        return c;
    }

    @Test
    void aGateScansOverMqttAndHearsTheDecision() throws Exception {
        BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        MqttClient gate = gate(GATE);
        gate.subscribe("citybrain/devices/" + GATE + "/scans/reply", 1, (topic, message) ->
                replies.add(JsonMapper.builder().build().readTree(new String(message.getPayload(), StandardCharsets.UTF_8))));
        String seq = UUID.randomUUID().toString();
        String resident = residency.idNumbersIn("410105001001", 1).getFirst();
        gate.publish("citybrain/devices/" + GATE + "/scans", ("{\"seq\":\"" + seq + "\",\"idNumber\":\"" + resident + "\"}").getBytes(StandardCharsets.UTF_8), 1, false);
        JsonNode decision = replies.poll(15, TimeUnit.SECONDS);
        assertThat(decision).isNotNull();
        assertThat(decision.get("seq").asString()).isEqualTo(seq);
        assertThat(decision.get("decision").asString()).isEqualTo("ALLOW");
        assertThat(jdbc.queryForObject("select count(*) from scan where device_id = ? and seq = ?", Long.class, GATE, seq)).isEqualTo(1);

        gate.publish("citybrain/devices/" + GATE + "/scans", "{\"seq\":\"x\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        JsonNode refused = replies.poll(15, TimeUnit.SECONDS);
        assertThat(refused.get("status").asInt()).isEqualTo(400);
        assertThat(refused.get("field").asString()).isEqualTo("idNumber");
        gate.disconnect();

        // Another gate can neither scan as this one nor read its replies.
        MqttClient other = gate("gate-410103001001");
        // The broker refuses the subscription to another device's replies (MQTT return code 128).
        assertThatThrownBy(() -> other.subscribe("citybrain/devices/" + GATE + "/scans/reply", 0))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(128));
        String forged = UUID.randomUUID().toString();
        other.publish("citybrain/devices/" + GATE + "/scans", ("{\"seq\":\"" + forged + "\",\"idNumber\":\"" + resident + "\"}").getBytes(StandardCharsets.UTF_8), 0, false);
        MqttClient owner = gate(GATE);
        String own = UUID.randomUUID().toString();
        BlockingQueue<JsonNode> ownReplies = new LinkedBlockingQueue<>();
        owner.subscribe("citybrain/devices/" + GATE + "/scans/reply", 1, (t, m) -> ownReplies.add(JsonMapper.builder().build().readTree(m.getPayload())));
        owner.publish("citybrain/devices/" + GATE + "/scans", ("{\"seq\":\"" + own + "\",\"idNumber\":\"" + resident + "\"}").getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(ownReplies.poll(15, TimeUnit.SECONDS)).isNotNull();
        assertThat(jdbc.queryForObject("select count(*) from scan where device_id = ? and seq = ?", Long.class, GATE, forged)).isZero();
        owner.disconnect();
        other.disconnectForcibly(1000, 1000);
    }
}
