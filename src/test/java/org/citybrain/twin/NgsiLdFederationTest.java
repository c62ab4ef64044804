package org.citybrain.twin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distributed operations (GS CIM 009 5.9–5.10) between two brokers over real HTTP: the city's twin (one tenant) and
 * another department's broker — here a second tenant of this CityBrain reached through its public API with its own
 * credentials, exactly as another instance would be. The city registers the department as a context source; its
 * queries and retrievals then answer from both, unless they ask for local=true.
 */
@CityBrainTest
class NgsiLdFederationTest {

    @LocalServerPort
    int port;

    NgsiLd city;
    NgsiLd waterBureau;

    @BeforeEach
    void twoBrokers() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        city = new NgsiLd(port, "bigdata", "city" + suffix);
        waterBureau = new NgsiLd(port, "bigdata", "water" + suffix);
        assertThat(city.post("/entities", gauge("urn:ngsi-ld:Gauge:city-1", 12, "金水河")).status()).isEqualTo(201);
        assertThat(waterBureau.post("/entities", gauge("urn:ngsi-ld:Gauge:water-1", 40, "贾鲁河")).status()).isEqualTo(201);
        assertThat(waterBureau.post("/entities", gauge("urn:ngsi-ld:Gauge:water-2", 3, "七里河")).status()).isEqualTo(201);
        // the same gauge, known to both: the city has its location, the bureau its alarm level
        city.post("/entities", """
                {"id": "urn:ngsi-ld:Gauge:shared", "type": "Gauge", "level": {"type": "Property", "value": 20},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [113.68, 34.77]}}}""");
        waterBureau.post("/entities", """
                {"id": "urn:ngsi-ld:Gauge:shared", "type": "Gauge", "level": {"type": "Property", "value": 21},
                 "alarmLevel": {"type": "Property", "value": 35}}""");
    }

    static String gauge(String id, double level, String river) {
        return """
                {"id": "%s", "type": "Gauge", "level": {"type": "Property", "value": %s, "unitCode": "CMT"},
                 "river": {"type": "Property", "value": "%s"}}""".formatted(id, level, river);
    }

    String registerWaterBureau(String extra) {
        String basic = "Basic " + Base64.getEncoder().encodeToString("bigdata:citybrain".getBytes(StandardCharsets.UTF_8));
        Answer a = city.post("/csourceRegistrations", """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Gauge"}]}],
                 "endpoint": "http://127.0.0.1:%d", "tenant": "%s", %s
                 "contextSourceInfo": [{"key": "Authorization", "value": "%s"}]}""".formatted(port, waterBureau.tenant(), extra, basic));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String location = a.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("/csourceRegistrations/") + "/csourceRegistrations/".length());
    }

    @Test
    void aQueryAnswersFromTheRegisteredSourceToo() {
        assertThat(city.get("/entities?type=Gauge").json()).hasSize(2);
        String id = registerWaterBureau("");

        JsonNode all = city.get("/entities?type=Gauge").json();
        assertThat(all).extracting(e -> e.get("id").asString())
                .containsExactly("urn:ngsi-ld:Gauge:city-1", "urn:ngsi-ld:Gauge:shared", "urn:ngsi-ld:Gauge:water-1", "urn:ngsi-ld:Gauge:water-2");
        JsonNode shared = all.get(1);
        assertThat(shared.get("level").get("value").asInt()).as("our own value where both hold one").isEqualTo(20);
        assertThat(shared.get("alarmLevel").get("value").asInt()).as("theirs where only they hold it").isEqualTo(35);
        assertThat(shared.has("location")).isTrue();

        // q is answered by each broker over its own entities
        JsonNode high = city.get("/entities?type=Gauge&q=" + NgsiLd.enc("level>30")).json();
        assertThat(high).extracting(e -> e.get("id").asString()).containsExactly("urn:ngsi-ld:Gauge:water-1");
        // paging over the merged list
        Answer firstPage = city.get("/entities?type=Gauge&limit=3&count=true");
        assertThat(firstPage.json()).hasSize(3);
        assertThat(firstPage.headers().firstValue("NGSILD-Results-Count").orElse("")).isEqualTo("4");
        assertThat(city.get("/entities?type=Gauge&limit=3&offset=3").json().get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:Gauge:water-2");
        // local=true stays local
        assertThat(city.get("/entities?type=Gauge&local=true").json()).hasSize(2);
        // a retrieval of an entity only the source holds
        Answer theirs = city.get("/entities/urn:ngsi-ld:Gauge:water-2");
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
        assertThat(theirs.json().get("river").get("value").asString()).isEqualTo("七里河");
        assertThat(city.get("/entities/urn:ngsi-ld:Gauge:water-2?local=true").status()).isEqualTo(404);

        // the registration is listed, its credential withheld; once deleted, queries are local again
        JsonNode listed = city.get("/csourceRegistrations?type=Gauge").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("contextSourceInfo").get(0).get("value").asString()).isEqualTo("******");
        assertThat(city.delete("/csourceRegistrations/" + id).status()).isEqualTo(204);
        assertThat(city.get("/entities?type=Gauge").json()).hasSize(2);
    }

    @Test
    void aSourceThatDoesNotAnswerLeavesTheAnswerWithAWarning() {
        Answer a = city.post("/csourceRegistrations", """
                {"type": "ContextSourceRegistration", "information": [{"entities": [{"type": "Gauge"}]}], "endpoint": "http://127.0.0.1:9"}""");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        Answer q = city.get("/entities?type=Gauge");
        assertThat(q.status()).isEqualTo(200);
        assertThat(q.json()).hasSize(2);
        assertThat(q.headers().firstValue("NGSILD-Warning").orElse("")).contains("did not answer");
    }

    @Test
    void registrationsAreValidatedAndOnlyTheDataBureauRegisters() {
        assertThat(city.post("/csourceRegistrations", "{\"type\": \"ContextSourceRegistration\", \"endpoint\": \"http://127.0.0.1:9\"}").status())
                .isEqualTo(400);
        assertThat(city.post("/csourceRegistrations", """
                {"information": [{"entities": [{"type": "Gauge"}]}], "endpoint": "ftp://example.org"}""").status()).isEqualTo(400);
        assertThat(city.post("/csourceRegistrations", """
                {"information": [{"entities": [{"type": "Gauge"}]}], "endpoint": "http://169.254.169.254"}""").json().get("detail").asString())
                .contains("internal address");
        NgsiLd commander = new NgsiLd(port, "commander", city.tenant());
        assertThat(commander.post("/csourceRegistrations", """
                {"information": [{"entities": [{"type": "Gauge"}]}], "endpoint": "http://127.0.0.1:9"}""").status()).isEqualTo(403);
        assertThat(commander.get("/csourceRegistrations").status()).isEqualTo(200);
    }

    @Test
    void theBrokerSaysWhoItIs() {
        JsonNode me = city.get("/info/sourceIdentity").json();
        assertThat(me.get("type").asString()).isEqualTo("ContextSourceIdentity");
        assertThat(me.get("id").asString()).startsWith("urn:ngsi-ld:ContextSource:");
        assertThat(me.get("contextSourceUptime").asString()).startsWith("PT");
    }

    @Test
    void aSubscriberIsToldWhenARegistrationItSelectsAppearsChangesAndGoes() throws Exception {
        try (NotificationReceiver receiver = new NotificationReceiver(); NotificationReceiver other = new NotificationReceiver()) {
            Answer sub = city.post("/csourceSubscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Gauge"}], "notification": {"endpoint": {"uri": "%s"}}}""".formatted(receiver.uri()));
            assertThat(sub.status()).as(sub.body()).isEqualTo(201);
            String subId = sub.headers().firstValue("Location").orElseThrow().replaceAll(".*/csourceSubscriptions/", "");
            // one for another type is not told of gauges
            assertThat(city.post("/csourceSubscriptions", """
                    {"type": "Subscription", "entities": [{"type": "TrafficSignal"}], "notification": {"endpoint": {"uri": "%s"}}}"""
                    .formatted(other.uri())).status()).isEqualTo(201);

            String id = registerWaterBureau("");
            JsonNode appeared = receiver.next(10);
            assertThat(appeared).as("a notification of the new registration").isNotNull();
            assertThat(appeared.get("subscriptionId").asString()).isEqualTo(subId);
            assertThat(appeared.get("triggerReason").asString()).isEqualTo("newlyMatching");
            JsonNode registration = appeared.get("data").get(0);
            assertThat(registration.get("id").asString()).isEqualTo(id);
            assertThat(registration.get("type").asString()).isEqualTo("ContextSourceRegistration");
            assertThat(registration.toString()).as("credentials withheld").contains("******").doesNotContain("Basic ");

            assertThat(city.patch("/csourceRegistrations/" + id, """
                    {"expiresAt": "2099-01-01T00:00:00Z"}""").status()).isEqualTo(204);
            assertThat(receiver.next(10).get("triggerReason").asString()).isEqualTo("updated");
            // the registration stops covering gauges: it no longer matches
            assertThat(city.patch("/csourceRegistrations/" + id, """
                    {"information": [{"entities": [{"type": "Pump"}]}]}""").status()).isEqualTo(204);
            assertThat(receiver.next(10).get("triggerReason").asString()).isEqualTo("noLongerMatching");
            assertThat(city.patch("/csourceRegistrations/" + id, """
                    {"information": [{"entities": [{"type": "Gauge"}]}]}""").status()).isEqualTo(204);
            assertThat(receiver.next(10).get("triggerReason").asString()).isEqualTo("newlyMatching");
            assertThat(city.delete("/csourceRegistrations/" + id).status()).isEqualTo(204);
            JsonNode gone = receiver.next(10);
            assertThat(gone.get("triggerReason").asString()).isEqualTo("noLongerMatching");
            assertThat(gone.get("data").get(0).get("id").asString()).isEqualTo(id);
            assertThat(other.next(1)).as("the subscriber to signals heard nothing").isNull();

            // the subscription is managed as entity subscriptions are, and is not one of them
            JsonNode shown = city.get("/csourceSubscriptions/" + subId).json();
            assertThat(shown.get("status").asString()).isEqualTo("active");
            assertThat(shown.get("notification").get("timesSent").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(city.get("/csourceSubscriptions").json()).hasSize(2);
            assertThat(city.get("/subscriptions").json()).isEmpty();
            assertThat(city.get("/subscriptions/" + subId).status()).isEqualTo(404);
            assertThat(city.patch("/csourceSubscriptions/" + subId, "{\"isActive\": false}").status()).isEqualTo(204);
            registerWaterBureau("");
            assertThat(receiver.next(1)).as("a paused subscription is not notified").isNull();
            assertThat(city.post("/csourceSubscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Gauge"}], "q": "level>3", "notification": {"endpoint": {"uri": "%s"}}}"""
                    .formatted(receiver.uri())).status()).as("what it cannot apply is refused").isEqualTo(400);
            assertThat(city.delete("/csourceSubscriptions/" + subId).status()).isEqualTo(204);
            assertThat(city.get("/csourceSubscriptions/" + subId).status()).isEqualTo(404);
            assertThat(city.get("/csourceSubscriptions/not-a-uri").status()).isEqualTo(400);
        }
    }
}
