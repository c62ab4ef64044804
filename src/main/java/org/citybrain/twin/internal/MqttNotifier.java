package org.citybrain.twin.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notifications to MQTT endpoints (GS CIM 009 clause 7, the MQTT binding): {@code mqtt://[user:password@]host[:port]/topic}
 * (or {@code mqtts://}). The message is the binding's JSON object — {@code metadata} with the headers an HTTP
 * notification would carry, {@code body} the notification — published with QoS 1, so delivery is at least once
 * as over HTTP. One connection per broker and account, kept open: a connection per notification would cost a TCP
 * and MQTT handshake each time. Connections are this node's only; each node publishes the outbox rows it dispatches.
 */
@Component
class MqttNotifier {

    private final Map<String, MqttClient> clients = new ConcurrentHashMap<>();
    private final JsonMapper json;

    MqttNotifier(JsonMapper json) {
        this.json = json;
    }

    static boolean isMqtt(URI uri) {
        return "mqtt".equals(uri.getScheme()) || "mqtts".equals(uri.getScheme());
    }

    /** Whether the URI names a broker and a topic (null) or what is missing. */
    static String problem(URI uri) {
        if (uri.getHost() == null) {
            return "notification.endpoint.uri: an MQTT endpoint names its broker, e.g. mqtt://broker.example:1883/city/notifications";
        }
        if (uri.getPath() == null || uri.getPath().length() < 2) {
            return "notification.endpoint.uri: an MQTT endpoint names its topic as its path, e.g. mqtt://broker.example:1883/city/notifications";
        }
        if (uri.getPath().contains("+") || uri.getPath().contains("#")) {
            return "notification.endpoint.uri: a topic to publish to has no wildcards (+ or #)";
        }
        return null;
    }

    /** Publishes one notification; throws when the broker cannot be reached or refuses it. */
    void publish(URI uri, String contentType, String tenant, String payload) throws MqttException {
        ObjectNode message = json.createObjectNode();
        ObjectNode metadata = message.putObject("metadata");
        metadata.put("Content-Type", contentType);
        metadata.put("NGSILD-Tenant", tenant);
        message.set("body", json.readTree(payload));
        MqttClient client = client(uri);
        client.publish(uri.getPath().substring(1), json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private MqttClient client(URI uri) throws MqttException {
        String server = ("mqtts".equals(uri.getScheme()) ? "ssl://" : "tcp://") + uri.getHost() + ":"
                + (uri.getPort() > 0 ? uri.getPort() : "mqtts".equals(uri.getScheme()) ? 8883 : 1883);
        String user = uri.getRawUserInfo();
        String key = server + "|" + (user == null ? "" : user);
        MqttClient client = clients.get(key);
        if (client != null && client.isConnected()) {
            return client;
        }
        synchronized (this) {
            client = clients.get(key);
            if (client != null && client.isConnected()) {
                return client;
            }
            if (client != null) {
                client.close(true);
            }
            // MQTT 3.1.1 client ids of at most 23 characters: every broker takes them
            client = new MqttClient(server, "cbn-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), new MemoryPersistence());
            client.setTimeToWait(5_000);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setConnectionTimeout(5);
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            if (user != null) {
                int colon = user.indexOf(':');
                options.setUserName(URLDecoder.decode(colon < 0 ? user : user.substring(0, colon), StandardCharsets.UTF_8));
                if (colon >= 0) {
                    options.setPassword(URLDecoder.decode(user.substring(colon + 1), StandardCharsets.UTF_8).toCharArray());
                }
            }
            client.connect(options);
            clients.put(key, client);
            return client;
        }
    }

    @PreDestroy
    void close() {
        clients.values().forEach(c -> {
            try {
                if (c.isConnected()) {
                    c.disconnect(1000);
                }
                c.close(true);
            } catch (MqttException e) {
                // shutting down: nothing more to do with a broker that will not say goodbye
            }
        });
    }
}
