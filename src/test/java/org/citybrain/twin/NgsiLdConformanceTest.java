package org.citybrain.twin;

import java.util.UUID;

import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ETSI GS CIM 009 asks of a broker where the public conformance suites found CityBrain wanting, written from the
 * specification's clauses (named on each test), not from either suite: resource names with a trailing slash, bad
 * requests answered as such, ids that are not URIs, paging both ways, parameters the API does not know, projections
 * and the concise format. Each test works in a tenant of its own.
 */
@CityBrainTest
class NgsiLdConformanceTest {

    @LocalServerPort
    int port;

    NgsiLd api;

    @BeforeEach
    void freshTenant() {
        api = new NgsiLd(port, "bigdata", "c" + UUID.randomUUID().toString().substring(0, 8));
    }

    static String building(String id, int floors) {
        return """
                {"id": "%s", "type": "Building",
                 "name": {"type": "Property", "value": "大楼"},
                 "floors": {"type": "Property", "value": %d, "observedAt": "2026-07-20T08:00:00Z"},
                 "address": {"type": "Property", "value": {"city": "郑州"}},
                 "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Person:1"},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [113.66, 34.76]}}}""".formatted(id, floors);
    }

    static void assertProblem(Answer a, int status, String type) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json().get("type").asString()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + type);
        assertThat(a.body()).doesNotContain("Exception");
    }

    /** 6.1.3: resources are named /entities/, /subscriptions/, /types/; a client writing the slash reaches them. */
    @Test
    void resourcesAnswerWithAndWithoutTheTrailingSlash() {
        assertThat(api.post("/entities/", building("urn:ngsi-ld:Building:s1", 3)).status()).isEqualTo(201);
        assertThat(api.get("/entities/?type=Building").json()).hasSize(1);
        assertThat(api.get("/entities/urn:ngsi-ld:Building:s1/").json().get("id").asString()).isEqualTo("urn:ngsi-ld:Building:s1");
        assertThat(api.post("/entities/urn:ngsi-ld:Building:s1/attrs/", "{\"colour\": {\"type\": \"Property\", \"value\": \"red\"}}").status())
                .isEqualTo(204);
        assertThat(api.get("/types/").status()).isEqualTo(200);
        assertThat(api.get("/subscriptions/").status()).isEqualTo(200);
        assertThat(api.delete("/entities/urn:ngsi-ld:Building:s1/").status()).isEqualTo(204);
    }

    /** 6.3.4 and 5.5.1: a body that is not an entity object is an invalid request; an empty batch is bad data. */
    @Test
    void bodiesThatAreNotWhatTheOperationTakesAreRefused() {
        assertProblem(api.post("/entities", "[]"), 400, "InvalidRequest");
        assertProblem(api.post("/entityOperations/create", "[]"), 400, "BadRequestData");
        assertProblem(api.post("/entityOperations/upsert", "[]"), 400, "BadRequestData");
        // an inline @context and a Link header: which context would a term mean?
        String ld = building("urn:ngsi-ld:Building:ld", 1).replaceFirst("\\{", "{\"@context\": \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld\",");
        assertProblem(api.raw("POST", "/entities", ld, "Content-Type", "application/ld+json", "Link", api.link(), "NGSILD-Tenant", api.tenant()), 400,
                "BadRequestData");
        assertThat(api.raw("POST", "/entities", ld, "Content-Type", "application/ld+json", "NGSILD-Tenant", api.tenant()).status()).isEqualTo(201);
    }

    /** 4.6.2: attribute names are terms or IRIs; characters that cannot be part of either are refused. */
    @Test
    void attributeNamesThatAreNotValidAreRefused() {
        assertThat(api.post("/entities", building("urn:ngsi-ld:Building:n1", 1)).status()).isEqualTo(201);
        for (String name : new String[] {"P?|{{", "a b", "x[0]", "we|rd"}) {
            String body = "{\"" + name.replace("\"", "\\\"") + "\": {\"type\": \"Property\", \"value\": 1}}";
            assertProblem(api.post("/entities/urn:ngsi-ld:Building:n1/attrs", body), 400, "BadRequestData");
        }
        assertThat(api.post("/entities/urn:ngsi-ld:Building:n1/attrs", "{\"https://example.org/ns#height\": {\"type\": \"Property\", \"value\": 1}}")
                .status()).isEqualTo(204);
    }

    /** 4.6.2 and 5.2.4: an entity type is a name too, and not one of NGSI-LD's own terms. */
    @Test
    void entityTypesThatAreNotValidAreRefused() {
        for (String type : new String[] {"type", "Property", "id", "Gau ge", "P?|{{"}) {
            Answer a = api.post("/entities", "{\"id\": \"urn:ngsi-ld:X:t\", \"type\": \"" + type + "\"}");
            assertProblem(a, 400, "BadRequestData");
            assertThat(a.body()).as(type).contains("type");
        }
        assertProblem(api.post("/entities", "{\"id\": \"urn:ngsi-ld:X:t\", \"type\": [\"Gauge\", \"Relationship\"]}"), 400, "BadRequestData");
        assertThat(api.post("/entities", "{\"id\": \"urn:ngsi-ld:X:t\", \"type\": \"https://example.org/ns#Gauge\"}").status()).isEqualTo(201);
    }

    /** 5.5.1: an id that is not a URI is bad data, on every operation that names an entity or a subscription. */
    @Test
    void idsThatAreNotUrisAreBadDataNotMissingThings() {
        String attr = "{\"floors\": {\"type\": \"Property\", \"value\": 4}}";
        assertProblem(api.post("/entities/not-a-uri/attrs", attr), 400, "BadRequestData");
        assertProblem(api.patch("/entities/not-a-uri/attrs", attr), 400, "BadRequestData");
        assertProblem(api.patch("/entities/not-a-uri/attrs/floors", "{\"value\": 4}"), 400, "BadRequestData");
        assertProblem(api.delete("/entities/not-a-uri/attrs/floors"), 400, "BadRequestData");
        assertProblem(api.get("/subscriptions/not-a-uri"), 400, "BadRequestData");
        assertProblem(api.patch("/subscriptions/not-a-uri", "{\"isActive\": false}"), 400, "BadRequestData");
        assertProblem(api.delete("/subscriptions/not-a-uri"), 400, "BadRequestData");
        // a URI that names nothing is still a missing thing (in a tenant that exists)
        api.post("/entities", building("urn:ngsi-ld:Building:i1", 1));
        assertProblem(api.get("/subscriptions/urn:ngsi-ld:Subscription:none"), 404, "ResourceNotFound");
    }

    /** 6.5.3.1 and 4.5.1: attrs selects attributes; none of them present is not found; id and type are not attributes. */
    @Test
    void attrsSelectsAttributesOfTheEntity() {
        api.post("/entities", building("urn:ngsi-ld:Building:a1", 2));
        assertThat(api.get("/entities/urn:ngsi-ld:Building:a1?attrs=floors,nothing").json().has("floors")).isTrue();
        assertProblem(api.get("/entities/urn:ngsi-ld:Building:a1?attrs=nothing,nowhere"), 404, "ResourceNotFound");
        assertProblem(api.get("/entities/urn:ngsi-ld:Building:a1?attrs=id,type"), 400, "BadRequestData");
    }

    /** 6.15.3.1: an upsert answers 201 with the ids it created only; an entity named twice is applied in order. */
    @Test
    void upsertListsTheEntitiesItCreated() {
        api.post("/entities", building("urn:ngsi-ld:Building:u1", 1));
        Answer a = api.post("/entityOperations/upsert", "[" + building("urn:ngsi-ld:Building:u1", 5) + "," + building("urn:ngsi-ld:Building:u2", 6) + "]");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.json()).hasSize(1);
        assertThat(a.json().get(0).asString()).isEqualTo("urn:ngsi-ld:Building:u2");
        assertThat(api.post("/entityOperations/upsert", "[" + building("urn:ngsi-ld:Building:u1", 7) + "]").status()).isEqualTo(204);

        Answer twice = api.post("/entityOperations/upsert?options=update", "[" + building("urn:ngsi-ld:Building:u3", 1) + ","
                + "{\"id\": \"urn:ngsi-ld:Building:u3\", \"type\": \"Building\", \"floors\": {\"type\": \"Property\", \"value\": 9}}]");
        assertThat(twice.status()).as(twice.body()).isEqualTo(201);
        JsonNode u3 = api.get("/entities/urn:ngsi-ld:Building:u3").json();
        assertThat(u3.get("floors").get("value").asInt()).isEqualTo(9);
        assertThat(u3.has("name")).isTrue();
    }

    /** 4.9: q may name an attribute's observedAt (and unitCode) after a dot. */
    @Test
    void qComparesAnAttributesObservedAt() {
        api.post("/entities", building("urn:ngsi-ld:Building:q1", 1));
        api.post("/entities", building("urn:ngsi-ld:Building:q2", 1).replace("2026-07-20T08:00:00Z", "2026-07-21T08:00:00Z"));
        JsonNode later = api.get("/entities?type=Building&q=" + NgsiLd.enc("floors.observedAt>2026-07-20T12:00:00Z")).json();
        assertThat(later).hasSize(1);
        assertThat(later.get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:Building:q2");
    }

    /** 4.10 and 5.2.13: a geo-query's coordinates are whole positions; a subscription's isActive is a boolean. */
    @Test
    void incompleteCoordinatesAndNonBooleanFlagsAreBadData() {
        api.post("/entities", building("urn:ngsi-ld:Building:g1", 1));
        assertProblem(api.get("/entities?type=Building&georel=" + NgsiLd.enc("near;maxDistance==10") + "&geometry=Point&coordinates=" + NgsiLd.enc("[-5]")),
                400, "BadRequestData");
        assertProblem(api.post("/subscriptions", """
                {"id": "urn:ngsi-ld:Subscription:b1", "type": "Subscription", "entities": [{"type": "Building"}], "isActive": "abcde",
                 "notification": {"endpoint": {"uri": "http://127.0.0.1:9/notify"}}}"""), 400, "BadRequestData");
    }

    /** 6.3.13 (pagination): a page links to the next and to the previous one, for entities and for subscriptions. */
    @Test
    void pagesLinkToTheNextAndThePreviousPage() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            batch.append(i == 0 ? "" : ",").append(building("urn:ngsi-ld:Building:p" + i, i));
        }
        api.post("/entityOperations/create", batch + "]");
        Answer first = api.get("/entities?type=Building&limit=2");
        assertThat(first.headers().allValues("Link")).anyMatch(l -> l.contains("offset=2") && l.contains("rel=\"next\""))
                .noneMatch(l -> l.contains("rel=\"prev\""));
        Answer middle = api.get("/entities?type=Building&limit=2&offset=2");
        assertThat(middle.headers().allValues("Link")).anyMatch(l -> l.contains("offset=4") && l.contains("rel=\"next\""))
                .anyMatch(l -> l.contains("offset=0") && l.contains("rel=\"prev\""));
        Answer last = api.get("/entities?type=Building&limit=2&offset=4");
        assertThat(last.json()).hasSize(1);
        assertThat(last.headers().allValues("Link")).noneMatch(l -> l.contains("rel=\"next\"")).anyMatch(l -> l.contains("rel=\"prev\""));

        for (int i = 0; i < 3; i++) {
            api.post("/subscriptions", """
                    {"id": "urn:ngsi-ld:Subscription:p%d", "type": "Subscription", "entities": [{"type": "Building"}],
                     "notification": {"endpoint": {"uri": "http://127.0.0.1:9/notify"}}}""".formatted(i));
        }
        Answer subs = api.get("/subscriptions?limit=2");
        assertThat(subs.json()).hasSize(2);
        assertThat(subs.headers().allValues("Link")).anyMatch(l -> l.contains("offset=2") && l.contains("rel=\"next\""));
        assertThat(api.get("/subscriptions?limit=2&offset=2").headers().allValues("Link")).anyMatch(l -> l.contains("rel=\"prev\""));
    }

    /** A parameter the operation does not take is refused, naming it: never a 200 that silently ignored it. */
    @Test
    void unknownQueryParametersAreRefusedByName() {
        api.post("/entities", building("urn:ngsi-ld:Building:k1", 1));
        Answer a = api.get("/entities?type=Building&entityMap=true");
        assertProblem(a, 400, "BadRequestData");
        assertThat(a.json().get("detail").asString()).contains("entityMap");
        assertProblem(api.get("/entities/urn:ngsi-ld:Building:k1?limt=3"), 400, "BadRequestData");
        assertThat(api.get("/entities?type=Building&limit=3&count=true").status()).isEqualTo(200);
    }

    /** 4.17: type=* selects entities of every type (a selection, so a tenant is listed whole only when asked). */
    @Test
    void typeStarSelectsEveryType() {
        api.post("/entities", building("urn:ngsi-ld:Building:ts", 1));
        api.post("/entities", "{\"id\": \"urn:ngsi-ld:Gauge:ts\", \"type\": \"Gauge\", \"level\": {\"type\": \"Property\", \"value\": 1}}");
        Answer all = api.get("/entities?type=*&count=true");
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json()).hasSize(2);
        assertThat(api.get("/entities").status()).as("no selection at all is still refused").isEqualTo(400);
    }

    /** 4.21 (projection): pick keeps the named members, omit drops them; id and type may be named. */
    @Test
    void pickAndOmitProjectTheEntity() {
        api.post("/entities", building("urn:ngsi-ld:Building:pk", 1));
        JsonNode picked = api.get("/entities/urn:ngsi-ld:Building:pk?pick=id,floors").json();
        assertThat(picked.propertyNames()).containsExactlyInAnyOrder("id", "floors");
        JsonNode omitted = api.get("/entities?type=Building&omit=location,owner").json().get(0);
        assertThat(omitted.has("location")).isFalse();
        assertThat(omitted.has("owner")).isFalse();
        assertThat(omitted.has("name")).isTrue();
        assertProblem(api.get("/entities/urn:ngsi-ld:Building:pk?pick=id&omit=name"), 400, "BadRequestData");
    }

    /** 4.5.3 (concise) and 4.5.4 (simplified): format= chooses the representation. */
    @Test
    void formatChoosesNormalizedConciseOrSimplified() {
        api.post("/entities", building("urn:ngsi-ld:Building:f1", 3));
        JsonNode concise = api.get("/entities/urn:ngsi-ld:Building:f1?format=concise").json();
        assertThat(concise.get("name").asString()).isEqualTo("大楼");
        assertThat(concise.get("floors").get("value").asInt()).isEqualTo(3);
        assertThat(concise.get("floors").has("type")).isFalse();
        assertThat(concise.get("floors").get("observedAt").asString()).isEqualTo("2026-07-20T08:00:00Z");
        assertThat(concise.get("owner").get("object").asString()).isEqualTo("urn:ngsi-ld:Person:1");
        assertThat(concise.get("address").get("value").get("city").asString()).isEqualTo("郑州");
        assertThat(concise.get("location").get("type").asString()).isEqualTo("Point");
        JsonNode simplified = api.get("/entities/urn:ngsi-ld:Building:f1?format=simplified").json();
        assertThat(simplified.get("floors").asInt()).isEqualTo(3);
        assertThat(api.get("/entities/urn:ngsi-ld:Building:f1?options=concise").json().get("name").asString()).isEqualTo("大楼");
        assertProblem(api.get("/entities/urn:ngsi-ld:Building:f1?format=pretty"), 400, "BadRequestData");
    }

    /** 6.25.3.1: a type may be named by its expanded IRI, URL-encoded in the path, as well as by its term. */
    @Test
    void aTypeCanBeNamedByItsEncodedIri() {
        api.post("/entities", building("urn:ngsi-ld:Building:t1", 1));
        JsonNode byTerm = api.get("/types/Building").json();
        String iri = byTerm.get("id").asString();
        assertThat(iri).startsWith("https://");
        Answer byIri = api.get("/types/" + NgsiLd.enc(iri));
        assertThat(byIri.status()).as(byIri.body()).isEqualTo(200);
        assertThat(byIri.json().get("typeName").asString()).isEqualTo("Building");
    }

    /** 5.6.17: merge keeps what it does not name, merges an attribute member by member, and urn:ngsi-ld:null deletes. */
    @Test
    void mergeChangesOnlyWhatItNames() {
        api.post("/entities", building("urn:ngsi-ld:Building:m1", 2));
        Answer merged = api.patch("/entities/urn:ngsi-ld:Building:m1", """
                {"floors": {"type": "Property", "value": 5}, "height": {"type": "Property", "value": 18.5},
                 "owner": "urn:ngsi-ld:null", "type": "Landmark"}""");
        assertThat(merged.status()).as(merged.body()).isEqualTo(204);
        JsonNode e = api.get("/entities/urn:ngsi-ld:Building:m1").json();
        assertThat(e.get("floors").get("value").asInt()).isEqualTo(5);
        assertThat(e.get("floors").get("observedAt").asString()).as("members not named are kept").isEqualTo("2026-07-20T08:00:00Z");
        assertThat(e.get("height").get("value").asDouble()).isEqualTo(18.5);
        assertThat(e.has("owner")).isFalse();
        assertThat(e.get("name").get("value").asString()).isEqualTo("大楼");
        assertThat(e.get("type")).hasSize(2);
        assertProblem(api.patch("/entities/urn:ngsi-ld:Building:none", "{\"floors\": {\"type\": \"Property\", \"value\": 1}}"), 404, "ResourceNotFound");
        assertProblem(api.patch("/entities/urn:ngsi-ld:Building:m1", "{\"id\": \"urn:ngsi-ld:Building:other\"}"), 400, "BadRequestData");

        Answer batch = api.post("/entityOperations/merge", "[{\"id\": \"urn:ngsi-ld:Building:m1\", \"floors\": {\"type\": \"Property\", \"value\": 6}},"
                + "{\"id\": \"urn:ngsi-ld:Building:none\", \"floors\": {\"type\": \"Property\", \"value\": 6}}]");
        assertThat(batch.status()).as(batch.body()).isEqualTo(207);
        assertThat(batch.json().get("success").get(0).asString()).isEqualTo("urn:ngsi-ld:Building:m1");
        assertThat(batch.json().get("errors").get(0).get("entityId").asString()).isEqualTo("urn:ngsi-ld:Building:none");
        assertThat(api.get("/entities/urn:ngsi-ld:Building:m1").json().get("floors").get("value").asInt()).isEqualTo(6);
    }

    /** 5.6.18 and 5.6.19: replace makes the entity, or one attribute, what was given. */
    @Test
    void replaceMakesTheEntityWhatWasGiven() {
        api.post("/entities", building("urn:ngsi-ld:Building:r1", 2));
        Answer replaced = api.raw("PUT", "/entities/urn:ngsi-ld:Building:r1", "{\"type\": \"Building\", \"floors\": {\"type\": \"Property\", \"value\": 9}}",
                "Content-Type", "application/json", "Link", api.link(), "NGSILD-Tenant", api.tenant());
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(204);
        JsonNode e = api.get("/entities/urn:ngsi-ld:Building:r1").json();
        assertThat(e.get("floors").get("value").asInt()).isEqualTo(9);
        assertThat(e.has("name")).as("what was not given is gone").isFalse();

        Answer one = api.raw("PUT", "/entities/urn:ngsi-ld:Building:r1/attrs/floors", "{\"type\": \"Property\", \"value\": 10}",
                "Content-Type", "application/json", "Link", api.link(), "NGSILD-Tenant", api.tenant());
        assertThat(one.status()).as(one.body()).isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:Building:r1").json().get("floors").get("value").asInt()).isEqualTo(10);
        assertProblem(api.raw("PUT", "/entities/urn:ngsi-ld:Building:r1/attrs/colour", "{\"type\": \"Property\", \"value\": 1}",
                "Content-Type", "application/json", "Link", api.link(), "NGSILD-Tenant", api.tenant()), 404, "ResourceNotFound");
    }

    /** 5.6.21: purge deletes what the selection matches, and only that; without a selection nothing is deleted. */
    @Test
    void purgeDeletesTheSelectedEntities() {
        api.post("/entities", building("urn:ngsi-ld:Building:d1", 1));
        api.post("/entities", building("urn:ngsi-ld:Building:d2", 8));
        api.post("/entities", "{\"id\": \"urn:ngsi-ld:Gauge:d3\", \"type\": \"Gauge\", \"level\": {\"type\": \"Property\", \"value\": 1}}");
        assertProblem(api.delete("/entities"), 400, "BadRequestData");
        assertThat(api.delete("/entities?type=Building&q=" + NgsiLd.enc("floors>5")).status()).isEqualTo(204);
        assertThat(api.get("/entities?type=Building").json()).hasSize(1);
        assertThat(api.delete("/entities?type=Building").status()).isEqualTo(204);
        assertThat(api.get("/entities?type=Building").json()).isEmpty();
        assertThat(api.get("/entities?type=Gauge").json()).hasSize(1);
    }

    /** 5.7.2 over 6.23 (query by POST): the selection of GET /entities, sent as a Query body. */
    @Test
    void aQueryCanBePosted() {
        api.post("/entities", building("urn:ngsi-ld:Building:qp1", 2));
        api.post("/entities", building("urn:ngsi-ld:Building:qp2", 9));
        api.post("/entities", "{\"id\": \"urn:ngsi-ld:Gauge:qp3\", \"type\": \"Gauge\", \"level\": {\"type\": \"Property\", \"value\": 1}}");
        Answer a = api.post("/entityOperations/query?count=true", """
                {"type": "Query", "entities": [{"type": "Building"}], "q": "floors>5", "attrs": ["floors"],
                 "geoQ": {"georel": "near;maxDistance==1000", "geometry": "Point", "coordinates": [113.66, 34.76]}}""");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json()).hasSize(1);
        assertThat(a.json().get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:Building:qp2");
        assertThat(a.json().get(0).has("name")).isFalse();
        assertThat(a.headers().firstValue("NGSILD-Results-Count").orElse("")).isEqualTo("1");
        Answer both = api.post("/entityOperations/query", "{\"type\": \"Query\", \"entities\": [{\"type\": \"Building\"}, {\"type\": \"Gauge\"}]}");
        assertThat(both.json()).hasSize(3);
        assertProblem(api.post("/entityOperations/query", "{\"entities\": [{\"type\": \"Building\"}]}"), 400, "BadRequestData");
        assertProblem(api.post("/entityOperations/query", "{\"type\": \"Query\"}"), 400, "BadRequestData");
    }

    /** 5.13 (@context management): a context stored here resolves by its URL; a remote one only from allowed hosts, fetched once. */
    @Test
    void userContextsAreStoredHereOrFetchedFromAllowedHostsOnly() throws Exception {
        Answer stored = api.post("/jsonldContexts", """
                {"@context": {"Pump": "https://water.example/ns#Pump", "flow": "https://water.example/ns#flow"}}""");
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        String url = stored.headers().firstValue("Location").orElseThrow();
        String link = "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
        Answer created = api.raw("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Pump:1\", \"type\": \"Pump\", \"flow\": {\"type\": \"Property\", \"value\": 3.5}}",
                "Content-Type", "application/json", "Link", link, "NGSILD-Tenant", api.tenant());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode expanded = api.raw("GET", "/entities/urn:ngsi-ld:Pump:1", null, "NGSILD-Tenant", api.tenant()).json();
        assertThat(expanded.get("type").asString()).isEqualTo("https://water.example/ns#Pump");
        assertThat(expanded.has("https://water.example/ns#flow")).isTrue();
        // JSON-LD processors fetch it without credentials
        Answer anonymous = org.citybrain.CityBrainClient.anonymous(port).request("GET", url.substring(url.indexOf("/ngsi-ld/")), null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("@context").get("Pump").asString()).isEqualTo("https://water.example/ns#Pump");
        assertThat(api.get("/jsonldContexts").json().toString()).contains(url.substring(url.lastIndexOf('/') + 1));

        // a remote context on an allowed host is fetched once, then kept
        java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer host = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/ctx.jsonld", exchange -> {
            fetched.incrementAndGet();
            byte[] doc = "{\"@context\": {\"Valve\": \"https://water.example/ns#Valve\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
            exchange.sendResponseHeaders(200, doc.length);
            exchange.getResponseBody().write(doc);
            exchange.close();
        });
        host.start();
        try {
            String remote = "<http://127.0.0.1:" + host.getAddress().getPort() + "/ctx.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"";
            for (int i = 0; i < 3; i++) {
                Answer v = api.raw("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Valve:" + i + "\", \"type\": \"Valve\"}",
                        "Content-Type", "application/json", "Link", remote, "NGSILD-Tenant", api.tenant());
                assertThat(v.status()).as(v.body()).isEqualTo(201);
            }
            assertThat(fetched.get()).isEqualTo(1);
            assertThat(api.get("/jsonldContexts?kind=cached").json().toString()).contains("/ctx.jsonld");
        } finally {
            host.stop(0);
        }
        // any other host: refused at once, never fetched
        assertProblem(api.raw("GET", "/entities?type=Valve", null, "Link", "<https://contexts.example.org/x.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"",
                "NGSILD-Tenant", api.tenant()), 503, "LdContextNotAvailable");
        String id = url.substring(url.lastIndexOf('/') + 1);
        assertThat(api.delete("/jsonldContexts/" + id).status()).isEqualTo(204);
        assertProblem(api.raw("GET", "/entities/urn:ngsi-ld:Pump:1", null, "Link", link, "NGSILD-Tenant", api.tenant()), 503, "LdContextNotAvailable");
    }

    /** 4.5.x: LanguageProperty (with lang= to choose), VocabProperty, JsonProperty, ListProperty and ListRelationship. */
    @Test
    void theOtherAttributeTypesAreStoredAndShown() {
        Answer a = api.post("/entities", """
                {"id": "urn:ngsi-ld:Venue:v1", "type": "Venue",
                 "title": {"type": "LanguageProperty", "languageMap": {"zh": "二七纪念塔", "en": "Erqi Memorial Tower"}},
                 "category": {"type": "VocabProperty", "vocab": "Monument"},
                 "openingHours": {"type": "JsonProperty", "json": {"mon": ["09:00", "17:00"], "closed": null}},
                 "visitorsByHour": {"type": "ListProperty", "valueList": [120, 340, 80]},
                 "nearby": {"type": "ListRelationship", "objectList": ["urn:ngsi-ld:Venue:v2", "urn:ngsi-ld:Venue:v3"]}}""");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode normalized = api.get("/entities/urn:ngsi-ld:Venue:v1").json();
        assertThat(normalized.get("category").get("vocab").asString()).isEqualTo("Monument");
        assertThat(normalized.get("openingHours").get("json").get("mon").get(1).asString()).isEqualTo("17:00");
        JsonNode simplified = api.get("/entities/urn:ngsi-ld:Venue:v1?options=keyValues").json();
        assertThat(simplified.get("visitorsByHour").get(1).asInt()).isEqualTo(340);
        assertThat(simplified.get("nearby").get(0).asString()).isEqualTo("urn:ngsi-ld:Venue:v2");
        assertThat(simplified.get("category").asString()).isEqualTo("Monument");
        JsonNode english = api.get("/entities/urn:ngsi-ld:Venue:v1?lang=en").json();
        assertThat(english.get("title").get("type").asString()).isEqualTo("Property");
        assertThat(english.get("title").get("value").asString()).isEqualTo("Erqi Memorial Tower");
        assertThat(english.get("title").get("lang").asString()).isEqualTo("en");
        assertThat(api.get("/entities/urn:ngsi-ld:Venue:v1?lang=fr,zh&options=keyValues").json().get("title").asString()).isEqualTo("二七纪念塔");
        assertThat(api.get("/entities/urn:ngsi-ld:Venue:v1?lang=*").json().get("title").get("languageMap").size()).isEqualTo(2);
        // the vocab term is stored expanded: read with another context, it is an IRI
        JsonNode core = api.raw("GET", "/entities/urn:ngsi-ld:Venue:v1", null, "NGSILD-Tenant", api.tenant()).json();
        String category = core.propertyNames().stream().filter(n -> n.endsWith("category")).findFirst().orElseThrow();
        assertThat(core.get(category).get("vocab").asString()).isNotEqualTo("Monument").startsWith("https://").endsWith("Monument");
        assertProblem(api.post("/entities", "{\"id\": \"urn:ngsi-ld:Venue:bad\", \"type\": \"Venue\", \"t\": {\"type\": \"ListProperty\", \"valueList\": 5}}"),
                400, "BadRequestData");
        assertProblem(api.post("/entities", "{\"id\": \"urn:ngsi-ld:Venue:bad\", \"type\": \"Venue\", \"t\": {\"type\": \"LanguageProperty\", \"languageMap\": {}}}"),
                400, "BadRequestData");
    }

    /** 4.4 (JSON-LD compaction): an IRI no term of the reader's context names is shown as a compact IRI where a prefix fits. */
    @Test
    void iriesWithoutATermAreShownCompacted() {
        String mine = "<http://localhost:" + port + "/ngsi-ld/contexts/citybrain.jsonld>";
        api.raw("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Thing:c1\", \"type\": \"Thing\", \"colour\": {\"type\": \"Property\", \"value\": \"red\"}}",
                "Content-Type", "application/json", "NGSILD-Tenant", api.tenant());
        // written with the core context: colour is in the default vocabulary; a reader with another @vocab sees ngsi-ld:default-context/colour
        Answer read = api.raw("GET", "/entities/urn:ngsi-ld:Thing:c1", null, "Link", mine + "; rel=\"http://www.w3.org/ns/json-ld#context\"",
                "NGSILD-Tenant", api.tenant());
        assertThat(read.json().has("ngsi-ld:default-context/colour")).as(read.body()).isTrue();
        // and a compact IRI is understood on the way in
        Answer q = api.raw("GET", "/entities?type=" + NgsiLd.enc("ngsi-ld:default-context/Thing") + "&attrs=" + NgsiLd.enc("ngsi-ld:default-context/colour"), null,
                "Link", mine + "; rel=\"http://www.w3.org/ns/json-ld#context\"", "NGSILD-Tenant", api.tenant());
        assertThat(q.json()).as(q.body()).hasSize(1);
    }

    /** 4.18 and 4.19: an entity's scopes, and scopeQ with + (one level), # (any below), ; (and) and , (or). */
    @Test
    void scopesAreKeptAndQueried() {
        String scoped = "{\"id\": \"urn:ngsi-ld:Park:%s\", \"type\": \"Park\", \"scope\": %s, \"area\": {\"type\": \"Property\", \"value\": %d}}";
        assertThat(api.post("/entities", scoped.formatted("p1", "\"/Zhengzhou/Jinshui/Parks\"", 10)).status()).isEqualTo(201);
        assertThat(api.post("/entities", scoped.formatted("p2", "[\"/Zhengzhou/Erqi/Parks\", \"/Heritage\"]", 20)).status()).isEqualTo(201);
        assertThat(api.post("/entities", scoped.formatted("p3", "\"/Kaifeng/Parks\"", 30)).status()).isEqualTo(201);
        assertThat(api.get("/entities/urn:ngsi-ld:Park:p1").json().get("scope").asString()).isEqualTo("/Zhengzhou/Jinshui/Parks");
        assertThat(api.get("/entities/urn:ngsi-ld:Park:p2").json().get("scope")).hasSize(2);
        java.util.function.Function<String, java.util.List<String>> ids = scopeQ -> {
            Answer a = api.get("/entities?type=Park&scopeQ=" + NgsiLd.enc(scopeQ));
            assertThat(a.status()).as(scopeQ + " " + a.body()).isEqualTo(200);
            java.util.List<String> found = new java.util.ArrayList<>();
            a.json().forEach(e -> found.add(e.get("id").asString().substring("urn:ngsi-ld:Park:".length())));
            return found;
        };
        assertThat(ids.apply("/Zhengzhou/Jinshui/Parks")).containsExactly("p1");
        assertThat(ids.apply("/Zhengzhou/#")).containsExactly("p1", "p2");
        assertThat(ids.apply("/Zhengzhou/+/Parks")).containsExactly("p1", "p2");
        assertThat(ids.apply("/Zhengzhou/#;/Heritage")).containsExactly("p2");
        assertThat(ids.apply("/Kaifeng/#,/Heritage")).containsExactly("p2", "p3");
        assertThat(ids.apply("/Zhengzhou")).isEmpty();
        assertThat(api.get("/entities?type=Park&q=" + NgsiLd.enc("area>15") + "&scopeQ=" + NgsiLd.enc("/#")).json()).hasSize(2);
        assertThat(api.get("/entities?scopeQ=" + NgsiLd.enc("/Kaifeng/#")).json()).hasSize(1);
        assertProblem(api.get("/entities?type=Park&scopeQ=" + NgsiLd.enc("Zhengzhou")), 400, "BadRequestData");
        assertProblem(api.post("/entities", scoped.formatted("bad", "\"no slash\"", 1)), 400, "BadRequestData");
        // merged like any member; never listed as an attribute
        assertThat(api.patch("/entities/urn:ngsi-ld:Park:p3", "{\"scope\": \"/Zhengzhou/Zhongyuan/Parks\"}").status()).isEqualTo(204);
        assertThat(ids.apply("/Zhengzhou/+/Parks")).containsExactly("p1", "p2", "p3");
        assertThat(api.get("/attributes").json().toString()).doesNotContain("scope");
        Answer posted = api.post("/entityOperations/query", "{\"type\": \"Query\", \"scopeQ\": \"/Heritage\"}");
        assertThat(posted.json()).as(posted.body()).hasSize(1);
    }

    /** 4.5.5 (multi-attributes): instances of one attribute told apart by datasetId, through every operation. */
    @Test
    void multiAttributesKeepEachDatasetApart() {
        Answer a = api.post("/entities", """
                {"id": "urn:ngsi-ld:Gauge:m", "type": "Gauge",
                 "level": [{"type": "Property", "value": 31, "datasetId": "urn:ngsi-ld:Dataset:radar", "observedAt": "2021-07-20T16:00:00+08:00"},
                           {"type": "Property", "value": 29, "datasetId": "urn:ngsi-ld:Dataset:float", "observedAt": "2021-07-20T16:00:00+08:00"}],
                 "river": {"type": "Property", "value": "贾鲁河"}}""");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode e = api.get("/entities/urn:ngsi-ld:Gauge:m").json();
        assertThat(e.get("level")).hasSize(2);
        assertThat(api.get("/entities/urn:ngsi-ld:Gauge:m?options=keyValues").json().get("level").toString()).isEqualTo("[31,29]");
        // q matches any instance, from the index and in Java alike
        assertThat(api.get("/entities?type=Gauge&q=" + NgsiLd.enc("level>30")).json()).hasSize(1);
        assertThat(api.get("/entities?type=Gauge&q=" + NgsiLd.enc("level>30;river==\"贾鲁河\"")).json()).hasSize(1);
        assertThat(api.get("/entities?type=Gauge&q=" + NgsiLd.enc("level>40")).json()).isEmpty();
        // an append replaces the instance of its datasetId and keeps the others; a new datasetId is added
        assertThat(api.post("/entities/urn:ngsi-ld:Gauge:m/attrs",
                "{\"level\": {\"type\": \"Property\", \"value\": 35, \"datasetId\": \"urn:ngsi-ld:Dataset:radar\"}}").status()).isEqualTo(204);
        assertThat(api.post("/entities/urn:ngsi-ld:Gauge:m/attrs",
                "{\"level\": {\"type\": \"Property\", \"value\": 33, \"datasetId\": \"urn:ngsi-ld:Dataset:camera\"}}").status()).isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:Gauge:m?options=keyValues").json().get("level").toString()).isEqualTo("[35,29,33]");
        // a partial update names its instance
        assertThat(api.patch("/entities/urn:ngsi-ld:Gauge:m/attrs/level", "{\"value\": 30, \"datasetId\": \"urn:ngsi-ld:Dataset:float\"}").status())
                .isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:Gauge:m?options=keyValues").json().get("level").toString()).isEqualTo("[35,30,33]");
        assertProblem(api.patch("/entities/urn:ngsi-ld:Gauge:m/attrs/level", "{\"value\": 1, \"datasetId\": \"urn:ngsi-ld:Dataset:none\"}"), 404,
                "ResourceNotFound");
        // delete one instance, then all
        assertThat(api.delete("/entities/urn:ngsi-ld:Gauge:m/attrs/level?datasetId=" + NgsiLd.enc("urn:ngsi-ld:Dataset:camera")).status()).isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:Gauge:m").json().get("level")).hasSize(2);
        // the history kept each instance with its datasetId
        JsonNode history = api.get("/temporal/entities/urn:ngsi-ld:Gauge:m?attrs=level").json().get("level");
        assertThat(history.toString()).contains("urn:ngsi-ld:Dataset:radar").contains("urn:ngsi-ld:Dataset:float").contains("urn:ngsi-ld:Dataset:camera");
        assertThat(api.delete("/entities/urn:ngsi-ld:Gauge:m/attrs/level?deleteAll=true").status()).isEqualTo(204);
        assertThat(api.get("/entities/urn:ngsi-ld:Gauge:m").json().has("level")).isFalse();
        // the same datasetId twice, or two default instances, are refused
        assertProblem(api.post("/entities", """
                {"id": "urn:ngsi-ld:Gauge:bad", "type": "Gauge",
                 "level": [{"type": "Property", "value": 1}, {"type": "Property", "value": 2}]}"""), 400, "BadRequestData");
        assertProblem(api.post("/entities", """
                {"id": "urn:ngsi-ld:Gauge:bad", "type": "Gauge",
                 "level": [{"type": "Property", "value": 1, "datasetId": "urn:a"}, {"type": "Property", "value": 2, "datasetId": "urn:a"}]}"""),
                400, "BadRequestData");
    }
}
