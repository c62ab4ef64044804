package org.citybrain.datahub.internal;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the MQTT sources — the device streams of a department's IoT platform (rain gauges, water levels, air
 * quality) — and loads them as runs. Each node subscribes to each source's topic with QoS 1 in a persistent session,
 * as a shared subscription so that the broker gives each message to one node. A message is written to the database
 * ({@code hub_stream_message}) before {@code messageArrived} returns, which is when the client acknowledges it: an
 * acknowledged message survives the node, and a message the node did not write is delivered again. Every second
 * each node looks for sources whose oldest message has waited {@code batchSeconds} (or that have 10,000), and loads
 * them as one run named by the messages' ids; then the messages are deleted. Two nodes looking at once make one run:
 * the run claims its source, and the same ids are the same submission.
 */
@Component
class MqttSources {

    private static final Logger log = LoggerFactory.getLogger(MqttSources.class);
    static final String BY = "stream";

    private final Sources sources;
    private final Loading loading;
    private final SourceCredentials credentials;
    private final JdbcClient jdbc;
    private final Environment environment;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    MqttSources(Sources sources, Loading loading, SourceCredentials credentials, JdbcClient jdbc, Environment environment) {
        this.sources = sources;
        this.loading = loading;
        this.credentials = credentials;
        this.jdbc = jdbc;
        this.environment = environment;
    }

    /** One source's client on this node. */
    private final class Subscription implements MqttCallbackExtended {
        final String sourceId;
        final Sources.MqttTopic topic;
        final MqttClient client;

        Subscription(String sourceId, Sources.MqttTopic topic) throws MqttException, IOException {
            this.sourceId = sourceId;
            this.topic = topic;
            // the same id on each start of this node, so that the broker keeps the session's messages while it is away
            String node = environment.getProperty("citybrain.node-name", hostName() + "-" + environment.getProperty("local.server.port", "0"));
            this.client = new MqttClient(topic.url(), "cbhub-" + sourceId + "-" + node, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            options.setConnectionTimeout(10);
            if (topic.username() != null) {
                options.setUserName(topic.username());
            }
            if (topic.credential() != null) {
                options.setPassword(credentials.secret(topic.credential()).toCharArray());
            }
            client.setCallback(this);
            client.setTimeToWait(10_000);
            client.connect(options);
        }

        String filter() {
            return Boolean.FALSE.equals(topic.shared()) ? topic.topic() : "$share/citybrain-hub-" + sourceId + "/" + topic.topic();
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            try {
                client.subscribe(filter(), 1);
            } catch (MqttException e) {
                log.warn("subscribing source {} to {} failed", sourceId, filter(), e);
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            log.warn("the broker of source {} went away; reconnecting", sourceId, cause);
        }

        /** Written down before returning: returning is what acknowledges the message to the broker. */
        @Override
        public void messageArrived(String from, MqttMessage message) {
            TopicMessages.Decoded d = TopicMessages.decode(message.getPayload());
            String payload = d.text() == null ? "" : d.text();
            String problem = d.problem();
            jdbc.sql("insert into hub_stream_message(source_id, topic, payload, problem, received_at) values (?, ?, ?, ?, ?)")
                    .params(sourceId, from.length() > 1000 ? from.substring(0, 1000) : from, payload, problem, Timestamp.from(Instant.now())).update();
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        void close() {
            try {
                client.disconnectForcibly(1_000, 1_000);
                client.close();
            } catch (MqttException e) {
                log.debug("closing the client of source {}", sourceId, e);
            }
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "node";
        }
    }

    /** Subscribes to the sources declared (and not yet subscribed here), drops those no longer MQTT sources. */
    @Scheduled(fixedDelayString = "${citybrain.datahub.stream-every:PT1S}", initialDelayString = "PT5S")
    void subscribe() {
        Map<String, Sources.Source> streamed = sources.ready(Sources.Kind.MQTT);
        subscriptions.entrySet().removeIf(e -> {
            Sources.Source s = streamed.get(e.getKey());
            if (s == null || !s.mqtt().equals(e.getValue().topic)) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        for (Sources.Source s : streamed.values()) {
            if (!subscriptions.containsKey(s.id()) && !Instant.now().isBefore(notBefore.getOrDefault("connect:" + s.id(), Instant.MIN))) {
                try {
                    subscriptions.put(s.id(), new Subscription(s.id(), s.mqtt()));
                } catch (MqttException | IOException e) {
                    log.warn("connecting source {} to {} failed; trying again in a minute", s.id(), s.mqtt().url(), e);
                    notBefore.put("connect:" + s.id(), Instant.now().plusSeconds(60));
                }
            }
            load(s);
        }
    }

    /** Loads the source's waiting messages as one run when the oldest has waited its batch's time, or there are 10,000. */
    void load(Sources.Source source) {
        if (Instant.now().isBefore(notBefore.getOrDefault(source.id(), Instant.MIN))) {
            return;
        }
        record Waiting(long count, Instant oldest) {
        }
        Waiting waiting = jdbc.sql("select count(*), min(received_at) from hub_stream_message where source_id = ?").param(source.id())
                .query((rs, i) -> new Waiting(rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant())).single();
        if (waiting.count() == 0 || waiting.count() < StreamSources.MAX_BATCH
                && waiting.oldest().plusSeconds(source.mqtt().batchSeconds()).isAfter(Instant.now())) {
            return;
        }
        List<SourceRow> rows = new ArrayList<>();
        long[] ids = {Long.MAX_VALUE, 0};
        jdbc.sql("select id, topic, payload, problem, received_at from hub_stream_message where source_id = ? order by id fetch first "
                + StreamSources.MAX_BATCH + " rows only").param(source.id()).query(rs -> {
            long number = rows.size() + 1;
            ids[0] = Math.min(ids[0], rs.getLong("id"));
            ids[1] = Math.max(ids[1], rs.getLong("id"));
            String where = rs.getString("topic") + " @ " + rs.getTimestamp("received_at").toInstant();
            if (rs.getString("problem") != null) {
                rows.add(SourceRow.unreadable(number, Map.of("message", where), "row", rs.getString("problem")));
                return;
            }
            SourceRow row = TopicMessages.row(number, rs.getString("payload"), where);
            if (row.unreadable() != null) {
                rows.add(row);
                return;
            }
            Map<String, String> fields = new LinkedHashMap<>(row.fields());
            fields.putIfAbsent("topic", rs.getString("topic")); // devices often name themselves in the topic, not the payload
            rows.add(SourceRow.read(number, fields));
        });
        if (rows.isEmpty()) {
            return;
        }
        Runs.Run run;
        try {
            run = loading.staged(BY, source, rows, ids[0], ids[1]);
        } catch (org.citybrain.platform.Conflict e) {
            return; // another node is loading this source: the messages wait for the next look
        }
        if (run.status() == Runs.Status.RUNNING) {
            return;
        }
        if (run.status() == Runs.Status.FAILED) {
            int f = failures.merge(source.id(), 1, Integer::sum);
            notBefore.put(source.id(), Instant.now().plus(Inbox.backoff(Math.min(f, 3))));
            return;
        }
        failures.remove(source.id());
        jdbc.sql("delete from hub_stream_message where source_id = ? and id between ? and ?").params(source.id(), ids[0], ids[1]).update();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        subscriptions.values().forEach(Subscription::close);
        subscriptions.clear();
    }
}
