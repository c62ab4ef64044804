package org.citybrain.datahub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.Mosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An MQTT topic as a source, on a real broker (Debian's Mosquitto): the water bureau's rain gauges publish their
 * readings to its IoT platform; the hub subscribes (a shared subscription, QoS 1), writes each message down before
 * acknowledging it, and loads them in batches with the mapping's checks: a reading out of range and a message that is
 * not JSON are rejected rows; the messages loaded are gone from the waiting table; a gauge that sends a reading twice
 * updates nothing.
 */
@CityBrainTest
class MqttSourceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient bureau() {
        return CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
    }

    static String reading(String gauge, double mm, int minute) {
        return """
                {"gaugeId": "%s", "rainMm": %s, "time": "2026-07-20 18:%02d:00"}""".formatted(gauge, mm, minute);
    }

    long loaded() {
        return jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'rain-gauge-readings'", Long.class);
    }

    long streamed(String what) {
        long n = 0;
        for (JsonNode r : bureau().get("/api/datahub/v1/runs?source=rain-gauges").json()) {
            if (r.get("trigger").asString().equals("STREAM") && !r.get("status").asString().equals("RUNNING")) {
                n += r.get(what).asLong();
            }
        }
        return n;
    }

    /** The stream's rows read once two batch intervals pass without a change. */
    private long settled() throws InterruptedException {
        long last = streamed("rowsRead");
        while (true) {
            Thread.sleep(2_500);
            long now = streamed("rowsRead");
            if (now == last) {
                return now;
            }
            last = now;
        }
    }

    @Test
    void rainGaugesPublishAndTheirReadingsLoadInBatches() throws Exception {
        Answer bad = bureau().json("PUT", "/api/datahub/v1/sources/rain-bad", """
                {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "MQTT", "datasetId": "rain-bad",
                 "mqtt": {"url": "tcp://127.0.0.1:1883", "topic": "zzsw/#/readings"}}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("mqtt.topic");

        try (Mosquitto broker = Mosquitto.start()) {
            Answer declared = bureau().json("PUT", "/api/datahub/v1/sources/rain-gauges", """
                    {"name": "雨量站实时数据", "provider": "郑州市水利局物联网平台", "ownerUnit": "郑州市水利局", "kind": "MQTT",
                     "expectedMinutes": 10, "datasetId": "rain-gauge-readings",
                     "mqtt": {"url": "%s", "topic": "zzsw/rain-gauges/+/readings", "batchSeconds": 1}}""".formatted(broker.url()));
            assertThat(declared.status()).as(declared.body()).isEqualTo(200);
            Answer mapping = bureau().json("POST", "/api/datahub/v1/sources/rain-gauges/mappings", """
                    {"dataset": "rain-gauge-readings", "key": ["gauge", "at"],
                     "fields": [
                       {"name": "gauge", "label": "站点编号", "from": "gaugeId", "required": true},
                       {"name": "rainfall", "label": "雨量（毫米）", "from": "rainMm", "type": "number", "min": 0, "max": 500, "required": true},
                       {"name": "at", "label": "观测时间", "from": "time", "type": "datetime", "formats": ["yyyy-MM-dd HH:mm:ss"], "required": true}
                     ]}""");
            assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);
            MqttClient gauges = new MqttClient(broker.url(), "zzsw-gateway", new MemoryPersistence());
            gauges.setTimeToWait(10_000);
            gauges.connect();
            try {
                // the hub subscribes within a few seconds of the mapping: the gateway repeats one reading until it is in
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (loaded() == 0 && System.nanoTime() < deadline) {
                    gauges.publish("zzsw/rain-gauges/ZZ000/readings", reading("ZZ000", 0.5, 0).getBytes(StandardCharsets.UTF_8), 1, false);
                    Thread.sleep(500);
                }
                assertThat(loaded()).as("the repeated reading is one record").isEqualTo(1);
                // the gateway's last repeats may still be on their way: count from when they are all in (a CI run once
                // counted one of them among the next ten)
                long readBefore = settled();

                for (int i = 1; i <= 8; i++) {
                    gauges.publish("zzsw/rain-gauges/ZZ%03d/readings".formatted(i), reading("ZZ%03d".formatted(i), 2.5 * i, i).getBytes(StandardCharsets.UTF_8), 1, false);
                }
                gauges.publish("zzsw/rain-gauges/ZZ009/readings", reading("ZZ009", -5, 9).getBytes(StandardCharsets.UTF_8), 1, false);
                gauges.publish("zzsw/rain-gauges/ZZ010/readings", "雨量 12mm".getBytes(StandardCharsets.UTF_8), 1, false);
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (streamed("rowsRead") < readBefore + 10 && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                assertThat(streamed("rowsRead")).isEqualTo(readBefore + 10);
                assertThat(loaded()).isEqualTo(9);
                StringBuilder rejected = new StringBuilder();
                for (JsonNode r : bureau().get("/api/datahub/v1/runs?source=rain-gauges").json()) {
                    rejected.append(bureau().get("/api/datahub/v1/runs/" + r.get("id").asLong() + "/rejected").body());
                }
                assertThat(rejected.toString()).contains("one JSON object").contains("ZZ010").contains("rainfall");
                assertThat(jdbc.queryForObject("select count(*) from hub_stream_message where source_id = 'rain-gauges'", Long.class))
                        .as("loaded messages are no longer waiting").isZero();
            } finally {
                gauges.disconnect();
                bureau().json("PUT", "/api/datahub/v1/sources/rain-gauges", """
                        {"name": "雨量站实时数据", "provider": "郑州市水利局物联网平台", "ownerUnit": "郑州市水利局", "kind": "PUSH",
                         "expectedMinutes": 10, "datasetId": "rain-gauge-readings"}""");
            }
        }
    }
}
