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
}
