package org.citybrain.twin;

import org.citybrain.Mosquitto;
import java.util.UUID;

import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Subscriptions and notifications (clauses 5.8, 5.11, 6.10–6.11): what is notified, when, and how delivery is reported. */
@CityBrainTest
class NgsiLdSubscriptionTest {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    NgsiLd api;
    NotificationReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        api = new NgsiLd(port, "bigdata", "s" + UUID.randomUUID().toString().substring(0, 8));
        receiver = new NotificationReceiver();
        api.post("/entities", """
                {"id": "urn:ngsi-ld:Sensor:w1", "type": "Sensor",
                 "waterLevel": {"type": "Property", "value": 10, "unitCode": "CMT"},
                 "status": {"type": "Property", "value": "working"},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [113.652, 34.756]}}}""");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    String subscribe(String extra) {
        Answer a = api.post("/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], %s
                 "notification": {"endpoint": {"uri": "%s", "accept": "application/json"}, "attributes": ["waterLevel"], "format": "keyValues"}}"""
                .formatted(extra, receiver.uri()));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String location = a.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("/subscriptions/") + "/subscriptions/".length());
    }

    void level(double value) {
        assertThat(api.patch("/entities/urn:ngsi-ld:Sensor:w1/attrs/waterLevel", "{\"value\":" + value + "}").status()).isEqualTo(204);
    }

    @Test
    void aWatchedChangeMatchingQIsNotifiedAndDeliveryIsReported() throws Exception {
        String id = subscribe("\"watchedAttributes\": [\"waterLevel\"], \"q\": \"waterLevel>30\",");
        level(20);
        api.patch("/entities/urn:ngsi-ld:Sensor:w1/attrs/status", "{\"value\":\"maintenance\"}");
        level(45);
        JsonNode n = receiver.next(10);
        assertThat(n).as("a notification arrives").isNotNull();
        assertThat(n.get("type").asString()).isEqualTo("Notification");
        assertThat(n.get("subscriptionId").asString()).isEqualTo(id);
        JsonNode entity = n.get("data").get(0);
        assertThat(entity.get("id").asString()).isEqualTo("urn:ngsi-ld:Sensor:w1");
        assertThat(entity.get("waterLevel").asDouble()).isEqualTo(45.0);
        assertThat(entity.has("status")).as("only the attributes asked for").isFalse();
        assertThat(receiver.next(1)).as("the level 20 and status changes did not match").isNull();

        JsonNode sub = eventually(() -> api.get("/subscriptions/" + id).json(), s -> s.get("notification").get("timesSent").asInt() >= 1);
        assertThat(sub.get("notification").get("status").asString()).isEqualTo("ok");
        assertThat(sub.get("notification").get("lastSuccess").asString()).isNotBlank();
        assertThat(sub.get("status").asString()).isEqualTo("active");
        assertThat(api.get("/subscriptions").json().size()).isEqualTo(1);
        // Delivered notifications leave the outbox: it holds only what is still to be sent.
        assertThat(eventually(() -> jdbc.queryForObject("select count(*) from twin_notification where subscription_id = ?", Integer.class, id),
                pending -> pending == 0)).isZero();
    }

    @Test
    void geoFilteredSubscriptionsSeeOnlyTheirArea() throws Exception {
        subscribe("\"geoQ\": {\"georel\": \"near;maxDistance==300\", \"geometry\": \"Point\", \"coordinates\": [113.70, 34.78]},");
        level(50);
        assertThat(receiver.next(2)).as("the sensor is 5 km away").isNull();
        api.patch("/entities/urn:ngsi-ld:Sensor:w1/attrs/location", "{\"value\":{\"type\":\"Point\",\"coordinates\":[113.701,34.7805]}}");
        assertThat(receiver.next(10)).as("moved into the area").isNotNull();
    }

    @Test
    void throttlingLimitsHowOftenASubscriberIsCalled() throws Exception {
        subscribe("\"watchedAttributes\": [\"waterLevel\"], \"throttling\": 60,");
        level(11);
        level(12);
        level(13);
        assertThat(receiver.next(10)).isNotNull();
        assertThat(receiver.next(2)).as("the next changes fall inside the 60 s throttling period").isNull();
    }

    @Test
    void aFailingEndpointIsRetriedAndTheFailureShows() throws Exception {
        receiver.answer(503);
        String id = subscribe("\"watchedAttributes\": [\"waterLevel\"],");
        level(60);
        JsonNode failed = eventually(() -> api.get("/subscriptions/" + id).json(), s -> s.get("notification").has("lastFailure"));
        assertThat(failed.get("notification").get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("notification").get("lastFailureReason").asString()).contains("503");
        receiver.answer(204);
        JsonNode n = receiver.next(15);
        assertThat(n).as("the retry (after about one second) delivers it").isNotNull();
        assertThat(n.get("data").get(0).get("waterLevel").asDouble()).isEqualTo(60.0);
        JsonNode recovered = eventually(() -> api.get("/subscriptions/" + id).json(), s -> "ok".equals(s.get("notification").get("status").asString()));
        assertThat(recovered.get("notification").get("timesSent").asInt()).isEqualTo(1);
    }

    @Test
    void pausedAndDeletedSubscriptionsNotifyNobody() throws Exception {
        String id = subscribe("\"watchedAttributes\": [\"waterLevel\"],");
        assertThat(api.patch("/subscriptions/" + id, "{\"isActive\": false}").status()).isEqualTo(204);
        assertThat(api.get("/subscriptions/" + id).json().get("status").asString()).isEqualTo("paused");
        level(70);
        assertThat(receiver.next(2)).isNull();
        assertThat(api.delete("/subscriptions/" + id).status()).isEqualTo(204);
        assertThat(api.get("/subscriptions/" + id).status()).isEqualTo(404);
        level(71);
        assertThat(receiver.next(2)).isNull();
    }

    @Test
    void invalidSubscriptionsAreRefused() {
        for (String bad : new String[] {
                "{\"type\":\"Subscription\",\"notification\":{\"endpoint\":{\"uri\":\"http://x/\"}}}",
                "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Sensor\"}]}",
                "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Sensor\"}],\"notification\":{\"endpoint\":{\"uri\":\"ftp://x/\"}}}",
                "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Sensor\"}],\"q\":\"a>>\",\"notification\":{\"endpoint\":{\"uri\":\"http://x/\"}}}",
                "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Sensor\"}],\"throttling\":-1,\"notification\":{\"endpoint\":{\"uri\":\"http://x/\"}}}",
                "{\"type\":\"Subscription\",\"watchedAttributes\":[],\"notification\":{\"endpoint\":{\"uri\":\"http://x/\"}}}"}) {
            Answer a = api.post("/subscriptions", bad);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.json().get("type").asString()).endsWith("BadRequestData");
        }
        assertThat(api.get("/subscriptions/urn:ngsi-ld:Subscription:none").status()).isEqualTo(404);
    }

    static <T> T eventually(java.util.function.Supplier<T> read, java.util.function.Predicate<T> until) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        T last = read.get();
        while (!until.test(last) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            last = read.get();
        }
        assertThat(until.test(last)).as("in time: " + last).isTrue();
        return last;
    }

    @org.junit.jupiter.api.Test
    void subscriptionsCannotNotifyInternalAddressesTheOperatorDidNotList() {
        org.citybrain.CityBrainClient commander = org.citybrain.CityBrainClient.basic(port, "commander", "citybrain");
        for (String endpoint : java.util.List.of("http://127.0.0.2:9/x", "http://[::1]:9/x", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/", "http://192.168.1.1/", "http://172.16.0.1/", "http://0.0.0.0:5432/")) {
            var answer = commander.json("POST", "/ngsi-ld/v1/subscriptions", "{\"type\":\"Subscription\",\"entities\":[{\"type\":\"Hospital\"}],"
                    + "\"notification\":{\"endpoint\":{\"uri\":\"" + endpoint + "\"}}}");
            assertThat(answer.status()).as(endpoint).isEqualTo(400);
            assertThat(answer.body()).contains("notification.endpoint.uri");
        }
        assertThat(org.citybrain.CityBrainClient.basic(port, "gate-410105001001", org.citybrain.DemoAccounts.password("gate-410105001001"))
                .get("/ngsi-ld/v1/subscriptions").status()).as("a device does not list subscriptions").isEqualTo(403);
    }

    /** GS CIM 009 5.8.1 (timeInterval): a periodic subscription sends the current state each period, whether or not it changed. */
    @Test
    void aPeriodicSubscriptionSendsTheCurrentStateEachPeriod() throws Exception {
        Answer a = api.post("/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], "timeInterval": 1,
                 "notification": {"endpoint": {"uri": "%s"}, "attributes": ["waterLevel"], "format": "concise"}}""".formatted(receiver.uri()));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode first = receiver.next(20);
        assertThat(first).as("a first periodic notification").isNotNull();
        assertThat(first.get("data").get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:Sensor:w1");
        // concise: the value and its unit, without the type the members already tell
        assertThat(first.get("data").get(0).get("waterLevel").get("value").asInt()).isEqualTo(10);
        assertThat(first.get("data").get(0).get("waterLevel").has("type")).isFalse();
        level(42);
        JsonNode later = receiver.next(20);
        assertThat(later).as("a second period").isNotNull();
        // a period already under way may still carry the old value; a following one carries the new
        JsonNode latest = later;
        for (int i = 0; i < 5 && latest.get("data").get(0).get("waterLevel").get("value").asDouble() != 42; i++) {
            latest = receiver.next(20);
        }
        assertThat(latest.get("data").get(0).get("waterLevel").get("value").asDouble()).isEqualTo(42);

        assertThat(api.post("/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], "timeInterval": 5, "watchedAttributes": ["waterLevel"],
                 "notification": {"endpoint": {"uri": "%s"}}}""".formatted(receiver.uri())).status()).isEqualTo(400);
        assertThat(api.post("/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], "timeInterval": 0,
                 "notification": {"endpoint": {"uri": "%s"}}}""".formatted(receiver.uri())).status()).isEqualTo(400);
    }

    /** GS CIM 009 clause 7 (MQTT binding): a subscription with an mqtt:// endpoint publishes its notifications to the topic. */
    @Test
    void notificationsArePublishedToAnMqttBroker() throws Exception {
        try (Mosquitto broker = Mosquitto.start()) {
            java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
            org.eclipse.paho.client.mqttv3.MqttClient listener = new org.eclipse.paho.client.mqttv3.MqttClient(broker.url(), "cb-listener",
                    new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            listener.setTimeToWait(10_000);
            listener.connect();
            listener.subscribe("city/flood/notifications", 1, (topic, m) -> messages.add(new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8)));
            Answer a = api.post("/subscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Sensor"}], "watchedAttributes": ["waterLevel"],
                     "notification": {"endpoint": {"uri": "mqtt://127.0.0.1:%d/city/flood/notifications"}, "format": "keyValues"}}"""
                    .formatted(broker.port()));
            assertThat(a.status()).as(a.body()).isEqualTo(201);
            level(55);
            String message = messages.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(message).as("a notification on the topic").isNotNull();
            JsonNode m = tools.jackson.databind.json.JsonMapper.builder().build().readTree(message);
            assertThat(m.get("metadata").get("Content-Type").asString()).isEqualTo("application/json");
            assertThat(m.get("body").get("type").asString()).isEqualTo("Notification");
            assertThat(m.get("body").get("data").get(0).get("waterLevel").asDouble()).isEqualTo(55);
            listener.disconnect();
        }
        assertThat(api.post("/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}],
                 "notification": {"endpoint": {"uri": "mqtt://127.0.0.1:1883"}}}""").status()).as("an MQTT endpoint names its topic").isEqualTo(400);
    }

    /** GS CIM 009 5.8.3: a subscription is shown in the reader's terms, whatever context it was made with. */
    @Test
    void aSubscriptionIsShownInTheReadersTerms() {
        String id = subscribe("\"watchedAttributes\": [\"waterLevel\"],");
        JsonNode mine = api.get("/subscriptions/" + id).json();
        assertThat(mine.get("entities").get(0).get("type").asString()).isEqualTo("Sensor");
        assertThat(mine.get("watchedAttributes").get(0).asString()).isEqualTo("waterLevel");
        JsonNode core = api.raw("GET", "/subscriptions/" + id, null, "NGSILD-Tenant", api.tenant()).json();
        assertThat(core.get("entities").get(0).get("type").asString()).startsWith("https://").endsWith("Sensor");
        assertThat(core.get("notification").get("attributes").get(0).asString()).startsWith("https://").endsWith("waterLevel");
    }

    /** GS CIM 009 4.19 on subscriptions: scopeQ restricts which entities notify. */
    @Test
    void scopeQRestrictsASubscription() throws Exception {
        api.post("/entities", """
                {"id": "urn:ngsi-ld:Sensor:s-jinshui", "type": "Sensor", "scope": "/Zhengzhou/Jinshui",
                 "waterLevel": {"type": "Property", "value": 1}}""");
        api.post("/entities", """
                {"id": "urn:ngsi-ld:Sensor:s-erqi", "type": "Sensor", "scope": "/Zhengzhou/Erqi",
                 "waterLevel": {"type": "Property", "value": 1}}""");
        subscribe("\"watchedAttributes\": [\"waterLevel\"], \"scopeQ\": \"/Zhengzhou/Jinshui\",");
        api.patch("/entities/urn:ngsi-ld:Sensor:s-erqi/attrs/waterLevel", "{\"value\": 5}");
        api.patch("/entities/urn:ngsi-ld:Sensor:s-jinshui/attrs/waterLevel", "{\"value\": 7}");
        JsonNode n = receiver.next(20);
        assertThat(n).isNotNull();
        assertThat(n.get("data").get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:Sensor:s-jinshui");
        assertThat(receiver.next(2)).as("the other district's sensor did not notify").isNull();
    }

    String subscribeNormalized(String extra, String notificationExtra) {
        Answer a = api.post("/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], %s
                 "notification": {"endpoint": {"uri": "%s"}%s}}""".formatted(extra, receiver.uri(), notificationExtra));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.headers().firstValue("Location").orElseThrow().replaceAll(".*/subscriptions/", "");
    }

    @Test
    void notificationTriggersChooseWhichChangesAreNotified() throws Exception {
        // the command centre wants to know when a sensor is added or removed, not each reading
        subscribeNormalized("\"notificationTrigger\": [\"entityCreated\", \"entityDeleted\"],", "");
        level(20);
        assertThat(receiver.next(2)).as("an update is not a trigger asked for").isNull();
        api.post("/entities", """
                {"id": "urn:ngsi-ld:Sensor:w2", "type": "Sensor", "waterLevel": {"type": "Property", "value": 3}}""");
        JsonNode created = receiver.next(10);
        assertThat(created).isNotNull();
        assertThat(created.get("data").get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:Sensor:w2");
        assertThat(api.delete("/entities/urn:ngsi-ld:Sensor:w2").status()).isEqualTo(204);
        JsonNode deleted = receiver.next(10);
        assertThat(deleted).as("the deletion is notified").isNotNull();
        JsonNode gone = deleted.get("data").get(0);
        assertThat(gone.get("id").asString()).isEqualTo("urn:ngsi-ld:Sensor:w2");
        assertThat(gone.get("type").asString()).isEqualTo("Sensor");
        assertThat(gone.get("deletedAt").asString()).isNotBlank();
        assertThat(gone.has("waterLevel")).isFalse();
        // a batch delete is a deletion too
        api.post("/entities", """
                {"id": "urn:ngsi-ld:Sensor:w3", "type": "Sensor", "waterLevel": {"type": "Property", "value": 3}}""");
        assertThat(receiver.next(10)).isNotNull();
        assertThat(api.post("/entityOperations/delete", "[\"urn:ngsi-ld:Sensor:w3\"]").status()).isEqualTo(204);
        assertThat(receiver.next(10).get("data").get(0).get("deletedAt")).isNotNull();
    }

    @Test
    void attributeTriggersTellCreationUpdateAndDeletionOfAnAttributeApart() throws Exception {
        subscribeNormalized("\"watchedAttributes\": [\"alarm\"], \"notificationTrigger\": [\"attributeCreated\", \"attributeDeleted\"],", "");
        assertThat(api.post("/entities/urn:ngsi-ld:Sensor:w1/attrs", """
                {"alarm": {"type": "Property", "value": "rising"}}""").status()).isEqualTo(204);
        assertThat(receiver.next(10)).as("the alarm attribute appeared").isNotNull();
        assertThat(api.patch("/entities/urn:ngsi-ld:Sensor:w1/attrs/alarm", "{\"value\": \"falling\"}").status()).isEqualTo(204);
        assertThat(receiver.next(2)).as("an update is not asked for").isNull();
        assertThat(api.delete("/entities/urn:ngsi-ld:Sensor:w1/attrs/alarm").status()).isEqualTo(204);
        JsonNode removed = receiver.next(10);
        assertThat(removed).as("the alarm attribute went away").isNotNull();
        assertThat(removed.get("data").get(0).has("alarm")).isFalse();
        level(99);
        assertThat(receiver.next(2)).as("another attribute is not watched").isNull();
    }

    @Test
    void showChangesGivesThePreviousValue() throws Exception {
        subscribeNormalized("\"watchedAttributes\": [\"waterLevel\"],", ", \"showChanges\": true");
        level(42);
        JsonNode n = receiver.next(10);
        assertThat(n).isNotNull();
        JsonNode level = n.get("data").get(0).get("waterLevel");
        assertThat(level.get("value").asDouble()).isEqualTo(42.0);
        assertThat(level.get("previousValue").asDouble()).isEqualTo(10.0);
        assertThat(n.get("data").get(0).get("status").has("previousValue")).as("only what changed").isFalse();
        assertThat(api.post("/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], "notificationTrigger": ["entityChanged"],
                 "notification": {"endpoint": {"uri": "%s"}}}""".formatted(receiver.uri())).status()).isEqualTo(400);
        assertThat(api.post("/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], "notification": {"endpoint": {"uri": "%s"}, "showChanges": "yes"}}"""
                .formatted(receiver.uri())).status()).isEqualTo(400);
    }
}
