package org.citybrain.twin;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NGSI-LD context information API (ETSI GS CIM 009, clauses 5.6 and 6.4–6.6) over real HTTP: entities,
 * attributes, batch operations, media types, errors. Each test works in a tenant of its own.
 */
@CityBrainTest
class NgsiLdEntitiesTest {

    @LocalServerPort
    int port;

    NgsiLd api;

    @BeforeEach
    void freshTenant() {
        api = new NgsiLd(port, "bigdata", "t" + UUID.randomUUID().toString().substring(0, 8));
    }

    static String gauge(String id, double rainfall, String observedAt, double lon, double lat) {
        return """
                {"id": "%s", "type": "Sensor",
                 "rainfall": {"type": "Property", "value": %s, "unitCode": "MMT", "observedAt": "%s",
                              "accuracy": {"type": "Property", "value": 0.5}},
                 "status": {"type": "Property", "value": "working"},
                 "address": {"type": "Property", "value": {"city": "郑州", "district": "金水区"}},
                 "observes": {"type": "Relationship", "object": "urn:ngsi-ld:WaterloggingSpot:1"},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%s, %s]}}}""".formatted(id, rainfall, observedAt, lon, lat);
    }

    void assertProblem(Answer a, int status, String type) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        JsonNode p = a.json();
        assertThat(p.get("type").asString()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + type);
        assertThat(p.get("detail").asString()).isNotBlank();
        assertThat(a.body()).doesNotContain("Exception");
    }

    @Test
    void createRetrieveAndDeleteAnEntity() {
        Answer created = api.post("/entities", gauge("urn:ngsi-ld:Sensor:g1", 12.5, "2026-07-20T08:00:00Z", 113.66, 34.76));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location").orElse("")).endsWith("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:g1");

        JsonNode e = api.get("/entities/urn:ngsi-ld:Sensor:g1").json();
        assertThat(e.get("type").asString()).isEqualTo("Sensor");
        assertThat(e.get("rainfall").get("value").asDouble()).isEqualTo(12.5);
        assertThat(e.get("rainfall").get("unitCode").asString()).isEqualTo("MMT");
        assertThat(e.get("rainfall").get("accuracy").get("value").asDouble()).isEqualTo(0.5);
        assertThat(e.get("observes").get("object").asString()).isEqualTo("urn:ngsi-ld:WaterloggingSpot:1");

        JsonNode kv = api.get("/entities/urn:ngsi-ld:Sensor:g1?options=keyValues&attrs=rainfall,status").json();
        assertThat(kv.get("rainfall").asDouble()).isEqualTo(12.5);
        assertThat(kv.get("status").asString()).isEqualTo("working");
        assertThat(kv.has("location")).isFalse();

        JsonNode sys = api.get("/entities/urn:ngsi-ld:Sensor:g1?options=sysAttrs").json();
        assertThat(sys.get("createdAt").asString()).isNotBlank();

        assertThat(api.delete("/entities/urn:ngsi-ld:Sensor:g1").status()).isEqualTo(204);
        assertProblem(api.get("/entities/urn:ngsi-ld:Sensor:g1"), 404, "ResourceNotFound");
        assertProblem(api.delete("/entities/urn:ngsi-ld:Sensor:g1"), 404, "ResourceNotFound");
    }

    @Test
    void mediaTypesJsonLdAndGeoJson() {
        api.post("/entities", gauge("urn:ngsi-ld:Sensor:g2", 1, "2026-07-20T08:00:00Z", 113.66, 34.76));
        Answer json = api.get("/entities/urn:ngsi-ld:Sensor:g2");
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json.headers().firstValue("Link").orElse("")).contains("citybrain.jsonld");
        assertThat(json.json().has("@context")).isFalse();

        Answer ld = api.get("/entities/urn:ngsi-ld:Sensor:g2", "application/ld+json");
        assertThat(ld.headers().firstValue("Content-Type").orElse("")).startsWith("application/ld+json");
        assertThat(ld.json().get("@context").asString()).endsWith("/ngsi-ld/contexts/citybrain.jsonld");

        Answer geo = api.get("/entities/urn:ngsi-ld:Sensor:g2", "application/geo+json");
        assertThat(geo.headers().firstValue("Content-Type").orElse("")).startsWith("application/geo+json");
        assertThat(geo.json().get("type").asString()).isEqualTo("Feature");
        assertThat(geo.json().get("geometry").get("type").asString()).isEqualTo("Point");
        assertThat(geo.json().get("properties").get("type").asString()).isEqualTo("Sensor");

        Answer collection = api.get("/entities?type=Sensor", "application/geo+json");
        assertThat(collection.json().get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(collection.json().get("features").size()).isEqualTo(1);

        assertProblem(api.get("/entities/urn:ngsi-ld:Sensor:g2", "text/html"), 406, "NotAcceptable");
    }

    @Test
    void ldJsonBodiesCarryTheirContextAndNamesMeanTheSameUnderEveryContext() {
        String body = """
                {"@context": {"capacity": "https://citybrain.org/ngsi-ld/beds", "Clinic": "https://citybrain.org/ngsi-ld/Hospital"},
                 "id": "urn:ngsi-ld:Hospital:inline-1", "type": "Clinic", "capacity": {"type": "Property", "value": 40}}""";
        Answer created = api.raw("POST", "/entities", body, "Content-Type", "application/ld+json", "NGSILD-Tenant", api.tenant());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode seenWithCityBrainContext = api.get("/entities/urn:ngsi-ld:Hospital:inline-1").json();
        assertThat(seenWithCityBrainContext.get("type").asString()).isEqualTo("Hospital");
        assertThat(seenWithCityBrainContext.get("beds").get("value").asInt()).isEqualTo(40);

        assertProblem(api.raw("POST", "/entities", "{\"id\":\"urn:x:1\",\"type\":\"T\"}", "Content-Type", "application/ld+json"), 400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"@context\":\"x\",\"id\":\"urn:x:1\",\"type\":\"T\"}"), 400, "BadRequestData");
    }

    @Test
    void unknownRemoteContextsAreRefusedAtOnceNotFetched() {
        long start = System.nanoTime();
        Answer a = CityBrainClient.basic(port, "bigdata", "citybrain").request("GET", "/ngsi-ld/v1/entities?type=Hospital", null,
                "Link", "<https://example.invalid/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"");
        assertProblem(a, 503, "LdContextNotAvailable");
        assertThat((System.nanoTime() - start) / 1_000_000).as("answered without a network fetch").isLessThan(5_000);
    }

    @Test
    void badEntitiesAreRefusedWithBadRequestData() {
        assertProblem(api.post("/entities", "{\"type\":\"Sensor\"}"), 400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\":\"not a uri\",\"type\":\"Sensor\"}"), 400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\":\"urn:ngsi-ld:Sensor:x\"}"), 400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\":\"urn:ngsi-ld:Sensor:x\",\"type\":\"Sensor\",\"a\":{\"type\":\"Property\"}}"), 400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\":\"urn:ngsi-ld:Sensor:x\",\"type\":\"Sensor\",\"a\":5}"), 400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\":\"urn:ngsi-ld:Sensor:x\",\"type\":\"Sensor\",\"r\":{\"type\":\"Relationship\",\"object\":\"nope\"}}"),
                400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\":\"urn:ngsi-ld:Sensor:x\",\"type\":\"Sensor\",\"location\":{\"type\":\"GeoProperty\","
                + "\"value\":{\"type\":\"Point\",\"coordinates\":[200,95]}}}"), 400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\":\"urn:ngsi-ld:Sensor:x\",\"type\":\"Sensor\",\"a\":{\"type\":\"Property\",\"value\":1,"
                + "\"observedAt\":\"yesterday\"}}"), 400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\":\"urn:ngsi-ld:Sensor:x\",\"type\":\"Sensor\",\"a(b)\":{\"type\":\"Property\",\"value\":1}}"),
                400, "BadRequestData");
        assertProblem(api.post("/entities", "{not json"), 400, "InvalidRequest");
        assertProblem(api.raw("POST", "/entities", "x", "Content-Type", "text/plain"), 415, "UnsupportedMediaType");
        api.post("/entities", gauge("urn:ngsi-ld:Sensor:dup", 1, "2026-07-20T08:00:00Z", 113.6, 34.7));
        assertProblem(api.post("/entities", gauge("urn:ngsi-ld:Sensor:dup", 1, "2026-07-20T08:00:00Z", 113.6, 34.7)), 409, "AlreadyExists");
    }

    @Test
    void appendUpdatePartiallyUpdateAndDeleteAttributes() {
        api.post("/entities", gauge("urn:ngsi-ld:Sensor:g3", 5, "2026-07-20T08:00:00Z", 113.66, 34.76));
        Answer appended = api.post("/entities/urn:ngsi-ld:Sensor:g3/attrs", "{\"battery\":{\"type\":\"Property\",\"value\":87}}");
        assertThat(appended.status()).isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:Sensor:g3").json().get("battery").get("value").asInt()).isEqualTo(87);

        Answer kept = api.post("/entities/urn:ngsi-ld:Sensor:g3/attrs?options=noOverwrite",
                "{\"battery\":{\"type\":\"Property\",\"value\":1},\"firmware\":{\"type\":\"Property\",\"value\":\"2.1\"}}");
        assertThat(kept.status()).isEqualTo(207);
        assertThat(kept.json().get("updated").get(0).asString()).isEqualTo("firmware");
        assertThat(kept.json().get("notUpdated").get(0).get("attributeName").asString()).isEqualTo("battery");
        assertThat(api.get("/entities/urn:ngsi-ld:Sensor:g3").json().get("battery").get("value").asInt()).isEqualTo(87);

        Answer updated = api.patch("/entities/urn:ngsi-ld:Sensor:g3/attrs",
                "{\"status\":{\"type\":\"Property\",\"value\":\"maintenance\"},\"nothere\":{\"type\":\"Property\",\"value\":1}}");
        assertThat(updated.status()).isEqualTo(207);
        assertThat(updated.json().get("notUpdated").get(0).get("attributeName").asString()).isEqualTo("nothere");
        assertThat(api.get("/entities/urn:ngsi-ld:Sensor:g3").json().get("status").get("value").asString()).isEqualTo("maintenance");

        assertThat(api.patch("/entities/urn:ngsi-ld:Sensor:g3/attrs/rainfall", "{\"value\":42.0,\"observedAt\":\"2026-07-20T09:00:00Z\"}").status())
                .isEqualTo(204);
        JsonNode rainfall = api.get("/entities/urn:ngsi-ld:Sensor:g3").json().get("rainfall");
        assertThat(rainfall.get("value").asDouble()).isEqualTo(42.0);
        assertThat(rainfall.get("unitCode").asString()).as("untouched members stay").isEqualTo("MMT");
        assertProblem(api.patch("/entities/urn:ngsi-ld:Sensor:g3/attrs/nothere", "{\"value\":1}"), 404, "ResourceNotFound");
        assertProblem(api.patch("/entities/urn:ngsi-ld:Sensor:g3/attrs/rainfall", "{\"observedAt\":\"never\"}"), 400, "BadRequestData");

        assertThat(api.delete("/entities/urn:ngsi-ld:Sensor:g3/attrs/battery").status()).isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:Sensor:g3").json().has("battery")).isFalse();
        assertProblem(api.delete("/entities/urn:ngsi-ld:Sensor:g3/attrs/battery"), 404, "ResourceNotFound");
        assertProblem(api.post("/entities/urn:ngsi-ld:Sensor:none/attrs", "{\"a\":{\"type\":\"Property\",\"value\":1}}"), 404, "ResourceNotFound");
    }

    @Test
    void batchOperationsReportEachEntity() {
        String two = "[" + gauge("urn:ngsi-ld:Sensor:b1", 1, "2026-07-20T08:00:00Z", 113.6, 34.7) + ","
                + gauge("urn:ngsi-ld:Sensor:b2", 2, "2026-07-20T08:00:00Z", 113.61, 34.71) + "]";
        Answer created = api.post("/entityOperations/create", two);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().size()).isEqualTo(2);

        String mixed = "[" + gauge("urn:ngsi-ld:Sensor:b3", 3, "2026-07-20T08:00:00Z", 113.62, 34.72) + ","
                + gauge("urn:ngsi-ld:Sensor:b1", 1, "2026-07-20T08:00:00Z", 113.6, 34.7) + ",{\"id\":\"urn:ngsi-ld:Sensor:bad\"}]";
        Answer partial = api.post("/entityOperations/create", mixed);
        assertThat(partial.status()).isEqualTo(207);
        assertThat(partial.json().get("success").toString()).contains("urn:ngsi-ld:Sensor:b3");
        List<String> failed = new ArrayList<>();
        partial.json().get("errors").forEach(e -> failed.add(e.get("entityId").asString() + "=" + e.get("error").get("title").asString()));
        assertThat(failed).containsExactlyInAnyOrder("urn:ngsi-ld:Sensor:b1=AlreadyExists", "urn:ngsi-ld:Sensor:bad=BadRequestData");

        Answer upsert = api.post("/entityOperations/upsert?options=update", "[{\"id\":\"urn:ngsi-ld:Sensor:b1\",\"type\":\"Sensor\","
                + "\"battery\":{\"type\":\"Property\",\"value\":50}},{\"id\":\"urn:ngsi-ld:Sensor:b4\",\"type\":\"Sensor\"}]");
        assertThat(upsert.status()).isEqualTo(201);
        JsonNode b1 = api.get("/entities/urn:ngsi-ld:Sensor:b1").json();
        assertThat(b1.get("battery").get("value").asInt()).isEqualTo(50);
        assertThat(b1.has("rainfall")).as("options=update keeps other attributes").isTrue();

        assertThat(api.post("/entityOperations/upsert", "[{\"id\":\"urn:ngsi-ld:Sensor:b1\",\"type\":\"Sensor\","
                + "\"battery\":{\"type\":\"Property\",\"value\":51}}]").status()).isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:Sensor:b1").json().has("rainfall")).as("replace drops other attributes").isFalse();

        Answer update = api.post("/entityOperations/update", "[{\"id\":\"urn:ngsi-ld:Sensor:b2\",\"type\":\"Sensor\","
                + "\"status\":{\"type\":\"Property\",\"value\":\"off\"}},{\"id\":\"urn:ngsi-ld:Sensor:zz\",\"type\":\"Sensor\"}]");
        assertThat(update.status()).isEqualTo(207);
        assertThat(update.json().get("errors").get(0).get("error").get("title").asString()).isEqualTo("ResourceNotFound");

        Answer deleted = api.post("/entityOperations/delete", "[\"urn:ngsi-ld:Sensor:b1\",\"urn:ngsi-ld:Sensor:zz\"]");
        assertThat(deleted.status()).isEqualTo(207);
        assertThat(deleted.json().get("success").get(0).asString()).isEqualTo("urn:ngsi-ld:Sensor:b1");
        assertThat(api.post("/entityOperations/delete", "[\"urn:ngsi-ld:Sensor:b2\"]").status()).isEqualTo(204);
        assertProblem(api.post("/entityOperations/create", "{}"), 400, "BadRequestData");
    }

    @Test
    void tenantsAreSeparate() {
        api.post("/entities", gauge("urn:ngsi-ld:Sensor:t1", 1, "2026-07-20T08:00:00Z", 113.6, 34.7));
        NgsiLd other = new NgsiLd(port, "bigdata", "other" + UUID.randomUUID().toString().substring(0, 6));
        assertProblem(other.get("/entities/urn:ngsi-ld:Sensor:t1"), 404, "NonexistentTenant");
        other.post("/entities", gauge("urn:ngsi-ld:Sensor:t2", 1, "2026-07-20T08:00:00Z", 113.6, 34.7));
        assertProblem(other.get("/entities/urn:ngsi-ld:Sensor:t1"), 404, "ResourceNotFound");
        assertThat(api.get("/entities/urn:ngsi-ld:Sensor:t1").status()).isEqualTo(200);
        assertProblem(new NgsiLd(port, "bigdata", "bad tenant!").get("/entities?type=Sensor"), 400, "BadRequestData");
    }

    @Test
    void onlyDataRolesWriteAndCitizensDoNotReadTheTwin() {
        NgsiLd worker = new NgsiLd(port, "jinshui.worker", null);
        assertThat(worker.get("/entities?type=District&limit=1").status()).isEqualTo(200);
        assertThat(worker.post("/entities", gauge("urn:ngsi-ld:Sensor:w", 1, "2026-07-20T08:00:00Z", 113.6, 34.7)).status()).isEqualTo(403);
        assertThat(new NgsiLd(port, "410105198805120019", null).get("/entities?type=District").status()).isEqualTo(403);
        assertThat(CityBrainClient.anonymous(port).get("/ngsi-ld/v1/entities?type=District").status()).isEqualTo(401);
        assertThat(CityBrainClient.anonymous(port).get("/ngsi-ld/contexts/citybrain.jsonld").status()).isEqualTo(200);
    }
}
