package org.citybrain.datahub;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka topic as a source, on a real (embedded KRaft) broker: the provincial highway network's ETC gantry passages,
 * streamed as JSON messages over two partitions, load in batches; a message that is not JSON and one in GBK are
 * rejected rows naming their partition and offset; the consumer group's offsets are committed once the batch is
 * written; the same passages sent again update nothing and double nothing.
 */
@CityBrainTest
class KafkaSourceTest {

    static final String TOPIC = "henan.highway.etc-gantry";
    static KafkaClusterTestKit broker;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1").setConfigProp("group.initial.rebalance.delay.ms", "0").build();
        broker.format();
        broker.startup();
        broker.waitForReadyBrokers();
        try (var admin = broker.admin()) {
            admin.createTopics(java.util.List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    CityBrainClient bureau() {
        return CityBrainClient.basic(port, "bigdata", DemoAccounts.password("bigdata"));
    }

    void send(Map<String, byte[]> messages) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (Map.Entry<String, byte[]> m : messages.entrySet()) {
                producer.send(new ProducerRecord<>(TOPIC, m.getKey(), m.getValue())).get();
            }
        }
    }

    static Map<String, byte[]> passages() {
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 18; i++) {
            m.put("G%04d".formatted(i), """
                    {"lsh": "G%04d", "cph": "豫A%05d", "mjbh": "G0401410100%02d", "tgsj": "2026-12-03 08:%02d:00"}"""
                    .formatted(i, 10_000 + i, i % 4, i).getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    long streamed(String what) {
        long n = 0;
        for (JsonNode r : bureau().get("/api/datahub/v1/runs?source=etc-gantry").json()) {
            if (r.get("trigger").asString().equals("STREAM") && !r.get("status").asString().equals("RUNNING")) {
                n += r.get(what).asLong();
            }
        }
        return n;
    }

    void waitUntilRead(long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (streamed("rowsRead") < rows && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(streamed("rowsRead")).isEqualTo(rows);
    }

    @Test
    void gantryPassagesStreamInBatchesAndTheOffsetsAreCommittedWhenWritten() throws Exception {
        Answer bad = bureau().json("PUT", "/api/datahub/v1/sources/etc-bad", """
                {"name": "x", "provider": "x", "ownerUnit": "x", "kind": "KAFKA", "datasetId": "etc-bad", "kafka": {"bootstrapServers": "not a broker", "topic": "t"}}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("kafka.bootstrapServers");

        Map<String, byte[]> first = new java.util.LinkedHashMap<>(passages());
        first.put("broken", "{\"lsh\": \"G9999\", \"cph\": ".getBytes(StandardCharsets.UTF_8));
        first.put("gbk", "{\"lsh\": \"G9998\", \"cph\": \"豫A99998\", \"mjbh\": \"郑州东站\", \"tgsj\": \"2026-12-03 09:00:00\"}"
                .getBytes(Charset.forName("GBK")));
        send(first);

        Answer declared = bureau().json("PUT", "/api/datahub/v1/sources/etc-gantry", """
                {"name": "ETC门架通行流水", "provider": "河南高速公路联网监控收费通信服务有限公司", "ownerUnit": "郑州市交通运输局", "kind": "KAFKA",
                 "expectedMinutes": 10, "datasetId": "etc-gantry-passages",
                 "kafka": {"bootstrapServers": "%s", "topic": "%s", "batchSeconds": 1}}""".formatted(broker.bootstrapServers(), TOPIC));
        assertThat(declared.status()).as(declared.body()).isEqualTo(200);
        Answer mapping = bureau().json("POST", "/api/datahub/v1/sources/etc-gantry/mappings", """
                {"dataset": "etc-gantry-passages", "key": ["passage"],
                 "fields": [
                   {"name": "passage", "label": "通行流水号", "from": "lsh", "required": true},
                   {"name": "plate", "label": "车牌号", "from": "cph", "required": true, "personal": true},
                   {"name": "gantry", "label": "门架编号", "from": "mjbh", "required": true},
                   {"name": "passedAt", "label": "通过时间", "from": "tgsj", "type": "datetime", "formats": ["yyyy-MM-dd HH:mm:ss"], "required": true}
                 ]}""");
        assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);
        try {
            waitUntilRead(20);
            assertThat(streamed("rowsAccepted")).isEqualTo(18);
            assertThat(streamed("rowsRejected")).isEqualTo(2);
            assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'etc-gantry-passages'", Long.class)).isEqualTo(18);
            StringBuilder rejected = new StringBuilder();
            for (JsonNode r : bureau().get("/api/datahub/v1/runs?source=etc-gantry").json()) {
                rejected.append(bureau().get("/api/datahub/v1/runs/" + r.get("id").asLong() + "/rejected").body());
            }
            assertThat(rejected.toString()).contains("not UTF-8").contains("one JSON object").contains("partition");

            // the group's committed offsets: every message of both partitions, once its batch was written
            try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("citybrain-hub-etc-gantry")
                        .partitionsToOffsetAndMetadata().get();
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(20);
            }

            // the department's system sends the same passages again: read, matched by key, nothing doubled
            send(passages());
            waitUntilRead(38);
            assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'etc-gantry-passages'", Long.class)).isEqualTo(18);
            assertThat(streamed("rowsAccepted")).isEqualTo(36);
        } finally {
            // the broker goes with this class: the source stops streaming, so no consumer keeps calling a broker that is gone
            bureau().json("PUT", "/api/datahub/v1/sources/etc-gantry", """
                    {"name": "ETC门架通行流水", "provider": "河南高速公路联网监控收费通信服务有限公司", "ownerUnit": "郑州市交通运输局", "kind": "PUSH",
                     "expectedMinutes": 10, "datasetId": "etc-gantry-passages"}""");
        }
    }
}
