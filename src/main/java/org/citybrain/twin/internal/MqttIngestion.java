package org.citybrain.twin.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import org.citybrain.identity.Credentials;
import org.citybrain.identity.Role;
import org.citybrain.twin.DeviceMessages;
import org.citybrain.twin.TwinEntities;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Device measurements over MQTT. Devices publish to {@code citybrain/devices/<deviceId>/measurements} (the payload
 * of {@link DeviceMeasurements}); CityBrain's ingest client subscribes to {@code citybrain/devices/+/measurements}
 * with QoS 1 and maps each message onto the device's entity.
 *
 * <p>By default an embedded broker (Moquette) listens on {@code citybrain.mqtt.port}: devices sign in with their
 * CityBrain device account and may publish only under their own id. With {@code citybrain.mqtt.embedded=false}
 * the ingest client connects to an external broker such as Mosquitto at {@code citybrain.mqtt.url}, whose own
 * configuration then authenticates devices.
 */
@Component
@Profile("!generate")
class MqttIngestion implements SmartLifecycle, DeviceMessages {

    static final String TOPIC = "citybrain/devices/+/measurements";
    private static final Logger log = LoggerFactory.getLogger(MqttIngestion.class);
    private static final String INGEST_USER = "citybrain-ingest";

    private final DeviceMeasurements measurements;
    private final Credentials credentials;
    private final boolean enabled;
    private final boolean embedded;
    private final String host;
    private int port;
    private final String url;
    private final String username;
    private final String password;
    private final String ingestSecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private Server broker;
    private MqttClient client;
    private volatile boolean running;
    /** Other modules' channels (scans...), answered on virtual threads so that one slow answer does not hold the others. */
    private final java.util.Map<String, Handler> channels = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService answering = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    MqttIngestion(DeviceMeasurements measurements, Credentials credentials,
                  @Value("${citybrain.mqtt.enabled:true}") boolean enabled, @Value("${citybrain.mqtt.embedded:true}") boolean embedded,
                  @Value("${citybrain.mqtt.host:127.0.0.1}") String host, @Value("${citybrain.mqtt.port:1883}") int port,
                  @Value("${citybrain.mqtt.url:}") String url, @Value("${citybrain.mqtt.username:}") String username,
                  @Value("${citybrain.mqtt.password:}") String password) {
        this.measurements = measurements;
        this.credentials = credentials;
        this.enabled = enabled;
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        try {
            if (embedded) {
                if (port == 0) {
                    // Port 0: any free port (tests, several instances on one machine); port() tells which.
                    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                        port = probe.getLocalPort();
                    }
                }
                startEmbeddedBroker();
            }
            String target = embedded ? "tcp://" + host + ":" + port : url;
            client = connect(target, embedded ? INGEST_USER : username, embedded ? ingestSecret : password);
            running = true;
            log.info("MQTT ingestion subscribed to {} on {}{}", TOPIC, target, embedded ? " (embedded broker)" : "");
        } catch (Exception e) {
            throw new IllegalStateException("MQTT ingestion could not start: " + e.getMessage(), e);
        }
    }

    private void startEmbeddedBroker() throws java.io.IOException {
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, host);
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        // Moquette reports usage to its authors by default; a city's network has no business calling out.
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, io.moquette.BrokerConstants.DISABLED_PORT_BIND);
        broker = new Server();
        IAuthenticator authenticator = (clientId, user, secret) -> {
            String given = secret == null ? null : new String(secret, StandardCharsets.UTF_8);
            if (INGEST_USER.equals(user)) {
                return ingestSecret.equals(given);
            }
            return credentials.valid(user, given, Role.DEVICE);
        };
        IAuthorizatorPolicy policy = new IAuthorizatorPolicy() {
            @Override
            public boolean canWrite(Topic topic, String user, String clientId) {
                String t = topic.toString();
                String own = "citybrain/devices/" + user + "/";
                return INGEST_USER.equals(user) || t.startsWith(own) && !t.substring(own.length()).contains("/") && !t.contains("+") && !t.contains("#");
            }

            @Override
            public boolean canRead(Topic topic, String user, String clientId) {
                String t = topic.toString();
                return INGEST_USER.equals(user) || t.startsWith("citybrain/devices/" + user + "/") && t.endsWith("/reply") && !t.contains("#");
            }
        };
        broker.startServer(new MemoryConfig(p), List.of(), null, authenticator, policy);
    }

    MqttClient connect(String target, String user, String secret) throws MqttException {
        // At most 23 characters: the limit every MQTT version accepts.
        MqttClient c = new MqttClient(target, "cb-ingest-" + Long.toHexString(System.nanoTime()), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        if (user != null && !user.isBlank()) {
            options.setUserName(user);
            options.setPassword(secret == null ? new char[0] : secret.toCharArray());
        }
        c.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    subscribe(c);
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                log.warn("MQTT connection lost: {}", cause.toString());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        c.connect(options);
        subscribe(c);
        return c;
    }

    /**
     * The QoS of our own subscriptions and replies: 1 on an external broker; 0 on the embedded one. Moquette 0.17 on
     * Netty 4.2 releases a QoS 1 message twice when its PUBACK arrives after the session that sent it closed, and its
     * session loop then stops serving every client of that loop (seen in CI: devices could no longer connect). On the
     * embedded broker QoS 1 buys nothing here: our clean-session client on the same host is never queued for, and a
     * device that misses its reply sends the message again with the same sequence number, which is stored once.
     */
    private int qos() {
        return embedded ? 0 : 1;
    }

    private void subscribe(MqttClient c) {
        try {
            c.subscribe(TOPIC, qos());
            for (String channel : channels.keySet()) {
                c.subscribe("citybrain/devices/+/" + channel, qos());
            }
        } catch (MqttException e) {
            log.warn("MQTT subscribe failed: {}", e.toString());
        }
    }

    @Override
    public void handle(String channel, Handler handler) {
        if (channel.equals("measurements") || channel.contains("/") || channel.contains("+") || channel.contains("#")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        channels.put(channel, handler);
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            try {
                c.subscribe("citybrain/devices/+/" + channel, qos());
            } catch (MqttException e) {
                log.warn("MQTT subscribe to {} failed: {}", channel, e.toString());
            }
        }
    }

    void onMessage(String topic, String payload) {
        String[] parts = topic.split("/");
        if (parts.length != 4) {
            return;
        }
        Handler handler = channels.get(parts[3]);
        if (handler != null) {
            answering.submit(() -> answer(parts[2], parts[3], handler, payload));
            return;
        }
        try {
            measurements.apply(TwinEntities.DEFAULT_TENANT, parts[2], payload);
        } catch (RuntimeException e) {
            // A device's bad message must not stop ingestion; it is logged for the operators.
            log.warn("MQTT measurement from {} refused: {}", parts[2], e.getMessage());
        }
    }

    private void answer(String deviceId, String channel, Handler handler, String payload) {
        try {
            String reply = handler.onMessage(deviceId, payload);
            MqttClient c = client;
            if (reply != null && c != null && c.isConnected()) {
                MqttMessage m = new MqttMessage(reply.getBytes(StandardCharsets.UTF_8));
                m.setQos(qos());
                c.publish("citybrain/devices/" + deviceId + "/" + channel + "/reply", m);
            }
        } catch (Exception e) {
            log.warn("MQTT {} message from {} not answered: {}", channel, deviceId, e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (client != null && client.isConnected()) {
                client.disconnect();
                client.close();
            }
        } catch (MqttException e) {
            log.debug("MQTT client close: {}", e.toString());
        }
        if (broker != null) {
            broker.stopServer();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    int port() {
        return port;
    }
}
