package org.citybrain.twin;

import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.twin.NgsiLd.enc;

/** Queries (clause 6.4.3.2): type, id, idPattern, attrs, the q language, geo-queries, paging, discovery and history. */
@CityBrainTest
class NgsiLdQueryTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    NgsiLd api;

    @BeforeEach
    void fiveGauges() {
        api = new NgsiLd(port, "bigdata", "q" + UUID.randomUUID().toString().substring(0, 8));
        // Gauges along 建设路 (lat 34.756), 1 km apart in longitude steps of ~0.011 degrees.
        double[] rain = {5, 15, 25, 35, 45};
        String[] status = {"working", "working", "maintenance", "working", "broken"};
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            batch.append(i == 0 ? "" : ",").append("""
                    {"id": "urn:ngsi-ld:Sensor:rain-%d", "type": "Sensor",
                     "rainfall": {"type": "Property", "value": %s, "observedAt": "2026-07-20T0%d:00:00Z", "quality": {"type": "Property", "value": %d}},
                     "status": {"type": "Property", "value": "%s"},
                     "installedAt": {"type": "Property", "value": "2020-0%d-01T00:00:00Z"},
                     "address": {"type": "Property", "value": {"district": "%s", "street": "建设路"}},
                     "observes": {"type": "Relationship", "object": "urn:ngsi-ld:WaterloggingSpot:%d"},
                     "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%s, 34.756]}}}"""
                    .formatted(i, rain[i], i + 1, i % 2, status[i], i + 1, i < 3 ? "中原区" : "金水区", i % 2, 113.60 + i * 0.011));
        }
        batch.append(",{\"id\":\"urn:ngsi-ld:Area:zone\",\"type\":\"Area\",\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[113.59,34.75],[113.625,34.75],[113.625,34.76],[113.59,34.76],[113.59,34.75]]]}}}]");
        assertThat(api.post("/entityOperations/create", batch.toString()).status()).isEqualTo(201);
    }

    List<String> ids(String query) {
        Answer a = api.get("/entities?" + query);
        assertThat(a.status()).as(query + " -> " + a.body()).isEqualTo(200);
        return StreamSupport.stream(a.json().spliterator(), false).map(e -> e.get("id").asString().replace("urn:ngsi-ld:Sensor:rain-", "")).toList();
    }

    String q(String expression) {
        return "type=Sensor&q=" + enc(expression);
    }

    @Test
    void theQueryLanguage() {
        assertThat(ids(q("rainfall>20"))).containsExactly("2", "3", "4");
        assertThat(ids(q("rainfall>=25"))).containsExactly("2", "3", "4");
        assertThat(ids(q("rainfall<15"))).containsExactly("0");
        assertThat(ids(q("rainfall<=15"))).containsExactly("0", "1");
        assertThat(ids(q("rainfall==35"))).containsExactly("3");
        assertThat(ids(q("rainfall!=35"))).containsExactly("0", "1", "2", "4");
        assertThat(ids(q("rainfall==10..30"))).containsExactly("1", "2");
        assertThat(ids(q("rainfall==5,45"))).containsExactly("0", "4");
        assertThat(ids(q("status==\"working\""))).containsExactly("0", "1", "3");
        assertThat(ids(q("status==\"working\",\"broken\""))).containsExactly("0", "1", "3", "4");
        assertThat(ids(q("status==\"working\";rainfall>10"))).containsExactly("1", "3");
        assertThat(ids(q("status==\"broken\"|rainfall<10"))).containsExactly("0", "4");
        assertThat(ids(q("(status==\"broken\"|status==\"maintenance\");rainfall>30"))).containsExactly("4");
        assertThat(ids(q("status~=\"^work\""))).containsExactly("0", "1", "3");
        assertThat(ids(q("status!~=\"^work\""))).containsExactly("2", "4");
        assertThat(ids(q("observes==\"urn:ngsi-ld:WaterloggingSpot:1\""))).containsExactly("1", "3");
        assertThat(ids(q("address[district]==\"金水区\""))).containsExactly("3", "4");
        assertThat(ids(q("rainfall.quality==1"))).containsExactly("1", "3");
        assertThat(ids(q("installedAt>2020-03-15T00:00:00Z"))).containsExactly("3", "4");
        assertThat(ids(q("rainfall"))).hasSize(5);
        assertThat(ids(q("battery"))).isEmpty();
    }

    @Test
    void badQueriesAreBadRequestData() {
        for (String bad : new String[] {"rainfall>", "rainfall=5", "(rainfall>5", "status==\"open", "rainfall>>5", "status~=\"[\""}) {
            Answer a = api.get("/entities?" + q(bad));
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.json().get("type").asString()).endsWith("BadRequestData");
        }
        assertThat(api.get("/entities").status()).as("a query needs a filter").isEqualTo(400);
        assertThat(api.get("/entities?type=Sensor&limit=-1").status()).isEqualTo(400);
        assertThat(api.get("/entities?type=Sensor&limit=5000").json().get("type").asString()).endsWith("TooManyResults");
    }

    @Test
    void idsPatternsAndAttributes() {
        assertThat(ids("id=urn:ngsi-ld:Sensor:rain-1,urn:ngsi-ld:Sensor:rain-3")).containsExactly("1", "3");
        assertThat(ids("type=Sensor&idPattern=" + enc(".*rain-[0-2]$"))).containsExactly("0", "1", "2");
        JsonNode projected = api.get("/entities?type=Sensor&attrs=status&limit=1").json().get(0);
        assertThat(projected.has("status")).isTrue();
        assertThat(projected.has("rainfall")).isFalse();
        assertThat(api.get("/entities?attrs=location").json().size()).isEqualTo(6);
        assertThat(api.get("/entities?type=Sensor,Area").json().size()).isEqualTo(6);
        JsonNode kv = api.get("/entities?type=Sensor&options=keyValues&limit=1").json().get(0);
        assertThat(kv.get("rainfall").asDouble()).isEqualTo(5.0);
    }

    @Test
    void pagingWithCount() {
        Answer first = api.get("/entities?type=Sensor&limit=2&count=true");
        assertThat(first.headers().firstValue("NGSILD-Results-Count").orElse("")).isEqualTo("5");
        assertThat(first.json().size()).isEqualTo(2);
        assertThat(first.headers().allValues("Link").toString()).contains("rel=\"next\"").contains("offset=2");
        assertThat(ids("type=Sensor&limit=2&offset=2")).containsExactly("2", "3");
        assertThat(ids("type=Sensor&limit=2&offset=4")).containsExactly("4");
        Answer onlyCount = api.get("/entities?type=Sensor&limit=0&count=true");
        assertThat(onlyCount.json().size()).isZero();
        assertThat(onlyCount.headers().firstValue("NGSILD-Results-Count").orElse("")).isEqualTo("5");
        Answer filteredCount = api.get("/entities?" + q("status~=\"^work\"") + "&limit=1&count=true");
        assertThat(filteredCount.headers().firstValue("NGSILD-Results-Count").orElse("")).isEqualTo("3");
        // A filter answered candidate by candidate (a regular expression) pages the same way without a count.
        Answer firstWorking = api.get("/entities?" + q("status~=\"^work\"") + "&limit=1");
        assertThat(firstWorking.json().size()).isEqualTo(1);
        assertThat(firstWorking.headers().allValues("Link").toString()).contains("rel=\"next\"");
        assertThat(ids(q("status~=\"^work\"") + "&limit=2&offset=2")).containsExactly("3");
        assertThat(api.get("/entities?" + q("status~=\"^work\"") + "&limit=2&offset=2").headers().allValues("Link").toString())
                .doesNotContain("rel=\"next\"");
    }

    @Test
    void orderByOrdersAllTheMatchesBeforeTheyArePaged() {
        assertThat(ids("type=Sensor&orderBy=" + enc("rainfall;desc"))).containsExactly("4", "3", "2", "1", "0");
        assertThat(ids("type=Sensor&orderBy=rainfall")).containsExactly("0", "1", "2", "3", "4");
        Answer page = api.get("/entities?type=Sensor&orderBy=" + enc("rainfall;desc") + "&limit=2&offset=2&count=true");
        assertThat(page.json()).extracting(e -> e.get("id").asString()).containsExactly("urn:ngsi-ld:Sensor:rain-2", "urn:ngsi-ld:Sensor:rain-1");
        assertThat(page.headers().firstValue("NGSILD-Results-Count")).hasValue("5");
        assertThat(page.headers().allValues("Link").toString()).contains("rel=\"next\"").contains("rel=\"prev\"");
        // several keys: status (broken, maintenance, working), then the heaviest rain first among the working ones
        assertThat(ids("type=Sensor&orderBy=" + enc("status,rainfall;desc"))).containsExactly("4", "2", "3", "1", "0");
        assertThat(ids(q("rainfall>10") + "&orderBy=" + enc("rainfall;desc"))).containsExactly("4", "3", "2", "1");
        assertThat(ids("type=Sensor&orderBy=" + enc("rainfall.observedAt;desc"))).containsExactly("4", "3", "2", "1", "0");
        assertThat(ids("type=Sensor&orderBy=" + enc("rainfall.quality;desc,id"))).containsExactly("1", "3", "0", "2", "4");
        // Chinese names in pinyin order with lang=zh (金水区 jin before 中原区 zhong), by code point without
        assertThat(ids("type=Sensor&orderBy=" + enc("address[district],id") + "&lang=zh")).containsExactly("3", "4", "0", "1", "2");
        assertThat(ids("type=Sensor&orderBy=" + enc("address[district];desc,id;desc"))).containsExactly("4", "3", "2", "1", "0");
        // an entity without the value comes last, in either direction
        assertThat(ids("type=Sensor,Area&orderBy=" + enc("rainfall;desc"))).containsExactly("4", "3", "2", "1", "0", "urn:ngsi-ld:Area:zone");
        assertThat(ids("type=Sensor,Area&orderBy=rainfall")).containsExactly("0", "1", "2", "3", "4", "urn:ngsi-ld:Area:zone");
        Answer posted = api.post("/entityOperations/query?orderBy=" + enc("rainfall;desc") + "&limit=1", """
                {"type": "Query", "entities": [{"type": "Sensor"}]}""");
        assertThat(posted.json().get(0).get("id").asString()).isEqualTo("urn:ngsi-ld:Sensor:rain-4");
        for (String bad : List.of("rainfall;up", "rainfall>3", ";desc", "rainfall;desc;asc")) {
            Answer refused = api.get("/entities?type=Sensor&orderBy=" + enc(bad));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("orderBy");
        }
    }

    @Test
    void joinReadsTheEntitiesThatRelationshipsPointAt() {
        // the gauges observe spots 0 and 1; spot 0 drains to a pump, which serves spot 0 (a cycle)
        api.post("/entities", """
                {"id": "urn:ngsi-ld:WaterloggingSpot:0", "type": "WaterloggingSpot", "name": {"type": "Property", "value": "京广路隧道"},
                 "drainsTo": {"type": "Relationship", "object": "urn:ngsi-ld:Pump:p1"}}""");
        api.post("/entities", """
                {"id": "urn:ngsi-ld:WaterloggingSpot:1", "type": "WaterloggingSpot", "name": {"type": "Property", "value": "农业路下穿"}}""");
        api.post("/entities", """
                {"id": "urn:ngsi-ld:Pump:p1", "type": "Pump", "serves": {"type": "Relationship", "object": "urn:ngsi-ld:WaterloggingSpot:0"}}""");
        JsonNode inline = api.get("/entities/urn:ngsi-ld:Sensor:rain-0?join=inline").json();
        JsonNode spot = inline.get("observes").get("entity");
        assertThat(spot.get("id").asString()).isEqualTo("urn:ngsi-ld:WaterloggingSpot:0");
        assertThat(spot.get("name").get("value").asString()).isEqualTo("京广路隧道");
        assertThat(spot.get("drainsTo").has("entity")).as("one level by default").isFalse();
        JsonNode deep = api.get("/entities/urn:ngsi-ld:Sensor:rain-0?join=inline&joinLevel=3").json();
        JsonNode pump = deep.get("observes").get("entity").get("drainsTo").get("entity");
        assertThat(pump.get("id").asString()).isEqualTo("urn:ngsi-ld:Pump:p1");
        assertThat(pump.get("serves").get("entity").get("id").asString()).as("a cycle nests to the level asked, no further")
                .isEqualTo("urn:ngsi-ld:WaterloggingSpot:0");
        assertThat(pump.get("serves").get("entity").get("drainsTo").has("entity")).isFalse();
        // keyValues: the relationship's value becomes the linked entity
        JsonNode kv = api.get("/entities/urn:ngsi-ld:Sensor:rain-1?join=inline&options=keyValues").json();
        assertThat(kv.get("observes").get("id").asString()).isEqualTo("urn:ngsi-ld:WaterloggingSpot:1");
        assertThat(kv.get("observes").get("name").asString()).isEqualTo("农业路下穿");
        // flat: the linked entities after the result, each once
        JsonNode flat = api.get("/entities?type=Sensor&join=flat").json();
        assertThat(flat).extracting(e -> e.get("id").asString()).containsExactly("urn:ngsi-ld:Sensor:rain-0", "urn:ngsi-ld:Sensor:rain-1",
                "urn:ngsi-ld:Sensor:rain-2", "urn:ngsi-ld:Sensor:rain-3", "urn:ngsi-ld:Sensor:rain-4", "urn:ngsi-ld:WaterloggingSpot:0",
                "urn:ngsi-ld:WaterloggingSpot:1");
        JsonNode one = api.get("/entities/urn:ngsi-ld:Sensor:rain-0?join=flat&joinLevel=2").json();
        assertThat(one).extracting(e -> e.get("id").asString()).containsExactly("urn:ngsi-ld:Sensor:rain-0", "urn:ngsi-ld:WaterloggingSpot:0",
                "urn:ngsi-ld:Pump:p1");
        Answer posted = api.post("/entityOperations/query?join=inline", """
                {"type": "Query", "entities": [{"type": "Sensor"}], "q": "status==\\"broken\\""}""");
        assertThat(posted.json().get(0).get("observes").get("entity").get("id").asString()).isEqualTo("urn:ngsi-ld:WaterloggingSpot:0");
        assertThat(api.get("/entities?type=Sensor&join=deep").status()).isEqualTo(400);
        assertThat(api.get("/entities?type=Sensor&join=inline&joinLevel=9").status()).isEqualTo(400);
        assertThat(api.get("/entities?type=Sensor&joinLevel=2").status()).isEqualTo(400);
    }

    @Test
    void expandValuesLetsAQueryNameVocabularyByItsTerms() {
        api.post("/entities", """
                {"id": "urn:ngsi-ld:Building:b1", "type": "Building", "category": {"type": "VocabProperty", "vocab": "commercial"}}""");
        api.post("/entities", """
                {"id": "urn:ngsi-ld:Building:b2", "type": "Building", "category": {"type": "VocabProperty", "vocab": ["residential", "office"]}}""");
        // the vocab is stored as the IRI its term stands for: the plain term is not what is held
        assertThat(ids("type=Building&q=" + enc("category==\"commercial\""))).isEmpty();
        assertThat(ids("type=Building&q=" + enc("category==\"commercial\"") + "&expandValues=category")).containsExactly("urn:ngsi-ld:Building:b1");
        assertThat(ids("type=Building&q=" + enc("category==\"office\",\"shop\"") + "&expandValues=category")).containsExactly("urn:ngsi-ld:Building:b2");
        assertThat(ids("type=Building&q=" + enc("category!=\"commercial\"") + "&expandValues=category")).containsExactly("urn:ngsi-ld:Building:b2");
        // the reader's keyValues shows the term again
        assertThat(api.get("/entities/urn:ngsi-ld:Building:b1?options=keyValues").json().get("category").asString()).isEqualTo("commercial");
        assertThat(api.get("/entities?type=Building&expandValues=").status()).isEqualTo(400);
    }

    String geo(String georel, String geometry, String coordinates) {
        return "type=Sensor&georel=" + enc(georel) + "&geometry=" + geometry + "&coordinates=" + enc(coordinates);
    }

    @Test
    void geoQueries() {
        // From gauge 0 (113.600, 34.756): gauge 1 is ~1,012 m east, gauge 2 ~2,024 m.
        assertThat(ids(geo("near;maxDistance==1100", "Point", "[113.600,34.756]"))).containsExactly("0", "1");
        assertThat(ids(geo("near;maxDistance==500", "Point", "[113.600,34.756]"))).containsExactly("0");
        assertThat(ids(geo("near;minDistance==1500", "Point", "[113.600,34.756]"))).containsExactly("2", "3", "4");
        String zone = "[[[113.59,34.75],[113.625,34.75],[113.625,34.76],[113.59,34.76],[113.59,34.75]]]";
        assertThat(ids(geo("within", "Polygon", zone))).containsExactly("0", "1", "2");
        assertThat(ids(geo("intersects", "Polygon", zone))).containsExactly("0", "1", "2");
        assertThat(ids(geo("disjoint", "Polygon", zone))).containsExactly("3", "4");
        assertThat(ids(geo("equals", "Point", "[113.6,34.756]"))).containsExactly("0");
        assertThat(ids(geo("intersects", "LineString", "[[113.62,34.75],[113.625,34.76]]"))).isEmpty();
        Answer areas = api.get("/entities?type=Area&georel=contains&geometry=Point&coordinates=" + enc("[113.60,34.755]"));
        assertThat(areas.json().size()).isEqualTo(1);
        assertThat(ids(geo("near;maxDistance==1100", "Point", "[113.600,34.756]") + "&q=" + enc("rainfall>10"))).containsExactly("1");
        for (String bad : new String[] {geo("near", "Point", "[113.6,34.7]"), geo("nearby;maxDistance==5", "Point", "[113.6,34.7]"),
                geo("within", "Point", "[113.6,34.7]"), geo("within", "Polygon", "[[1,2]"), "type=Sensor&georel=near;maxDistance==5"}) {
            assertThat(api.get("/entities?" + bad).status()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void typesAndAttributesAreDiscoverable() {
        JsonNode types = api.get("/types").json();
        assertThat(types.get("typeList").toString()).contains("Sensor").contains("Area");
        JsonNode sensor = api.get("/types/Sensor").json();
        assertThat(sensor.get("entityCount").asLong()).isEqualTo(5);
        assertThat(sensor.get("type").asString()).isEqualTo("EntityTypeInfo");
        assertThat(sensor.get("attributeDetails").toString()).contains("rainfall").contains("status").contains("location");
        JsonNode location = java.util.stream.StreamSupport.stream(sensor.get("attributeDetails").spliterator(), false)
                .filter(a -> a.get("attributeName").asString().equals("location")).findFirst().orElseThrow();
        assertThat(location.get("attributeTypes").get(0).asString()).isEqualTo("GeoProperty");
        assertThat(api.get("/types?details=true").json().size()).isEqualTo(2);
        assertThat(api.get("/types/Nothing").status()).isEqualTo(404);
        assertThat(api.get("/attributes").json().get("attributeList").toString()).contains("rainfall");
        JsonNode rainfall = api.get("/attributes/rainfall").json();
        assertThat(rainfall.get("attributeCount").asLong()).isEqualTo(5);
        assertThat(rainfall.get("typeNames").toString()).contains("Sensor");
    }

    @Test
    void theCityIsInTheTwin() {
        NgsiLd city = new NgsiLd(port, "commander", null);
        JsonNode jinshui = city.get("/entities/urn:ngsi-ld:District:410105").json();
        assertThat(jinshui.get("name").get("value").asString()).isEqualTo("金水区");
        assertThat(jinshui.get("location").get("value").get("type").asString()).isIn("Polygon", "MultiPolygon");
        Answer hospitals = city.get("/entities?type=Hospital&limit=0&count=true");
        long inCity = jdbc.queryForObject("select count(*) from place where kind = 'HOSPITAL'", Long.class);
        assertThat(hospitals.headers().firstValue("NGSILD-Results-Count").orElse("")).isEqualTo(Long.toString(inCity));
        List<String> communities = StreamSupport.stream(city.get("/entities?type=Community&q=" + enc("partOf==\"urn:ngsi-ld:Street:410105001\"")
                + "&limit=100").json().spliterator(), false).map(e -> e.get("id").asString()).toList();
        assertThat(communities).isNotEmpty().allMatch(id -> id.startsWith("urn:ngsi-ld:Community:410105001"));
        assertThat(city.get("/entities?type=WaterloggingSpot&limit=0&count=true").headers().firstValue("NGSILD-Results-Count").orElse(""))
                .isEqualTo("51");
    }

    @Test
    void attributeHistory() {
        api.patch("/entities/urn:ngsi-ld:Sensor:rain-0/attrs/rainfall", "{\"value\":7,\"observedAt\":\"2026-07-20T10:00:00Z\"}");
        api.patch("/entities/urn:ngsi-ld:Sensor:rain-0/attrs/rainfall", "{\"value\":9,\"observedAt\":\"2026-07-20T11:00:00Z\"}");
        JsonNode all = api.get("/temporal/entities/urn:ngsi-ld:Sensor:rain-0?attrs=rainfall").json();
        assertThat(all.get("rainfall").size()).isEqualTo(3);
        assertThat(all.get("rainfall").get(2).get("value").asDouble()).isEqualTo(9.0);
        // Attributes created together are kept together in storage, yet each has its own history.
        JsonNode everything = api.get("/temporal/entities/urn:ngsi-ld:Sensor:rain-0").json();
        assertThat(everything.get("rainfall").size()).isEqualTo(3);
        assertThat(everything.get("status").size()).isEqualTo(1);
        assertThat(everything.get("status").get(0).get("value").asString()).isEqualTo("working");
        assertThat(everything.get("installedAt").size()).isEqualTo(1);
        JsonNode between = api.get("/temporal/entities/urn:ngsi-ld:Sensor:rain-0?attrs=rainfall&timerel=between&timeAt=2026-07-20T09:30:00Z"
                + "&endTimeAt=2026-07-20T10:30:00Z").json();
        assertThat(between.get("rainfall").size()).isEqualTo(1);
        assertThat(between.get("rainfall").get(0).get("value").asDouble()).isEqualTo(7.0);
        JsonNode before = api.get("/temporal/entities/urn:ngsi-ld:Sensor:rain-0?attrs=rainfall&timerel=before&timeAt=2026-07-20T10:00:00Z").json();
        assertThat(before.get("rainfall").size()).isEqualTo(1);
        JsonNode after = api.get("/temporal/entities/urn:ngsi-ld:Sensor:rain-0?attrs=rainfall&timerel=after&timeAt=2026-07-20T10:00:00Z&lastN=1"
                + "&options=temporalValues").json();
        assertThat(after.get("rainfall").get("values").toString()).isEqualTo("[[9,\"2026-07-20T11:00:00Z\"]]");
        assertThat(api.get("/temporal/entities/urn:ngsi-ld:Sensor:rain-0?timerel=between&timeAt=2026-07-20T10:00:00Z").status()).isEqualTo(400);
        assertThat(api.get("/temporal/entities/urn:ngsi-ld:Sensor:rain-0?timerel=during&timeAt=2026-07-20T10:00:00Z").status()).isEqualTo(400);
        assertThat(api.get("/temporal/entities/urn:ngsi-ld:Sensor:nope").status()).isEqualTo(404);
    }

    @Test
    void temporalEvolutionOfManyEntities() {
        for (int i = 0; i < 3; i++) {
            api.patch("/entities/urn:ngsi-ld:Sensor:rain-" + i + "/attrs/rainfall", "{\"value\":" + (50 + i) + ",\"observedAt\":\"2026-07-20T12:00:00Z\"}");
        }
        // Chosen by what their history held in the window (q over the instances observed in it), the history in the window.
        Answer heavy = api.get("/temporal/entities?type=Sensor&q=" + enc("rainfall>=51") + "&attrs=rainfall&timerel=between"
                + "&timeAt=2026-07-20T11:30:00Z&endTimeAt=2026-07-20T12:30:00Z&count=true");
        assertThat(heavy.status()).as(heavy.body()).isEqualTo(200);
        assertThat(heavy.headers().firstValue("NGSILD-Results-Count").orElse("")).isEqualTo("2"); // rain-1, 2
        List<String> ids = StreamSupport.stream(heavy.json().spliterator(), false).map(e -> e.get("id").asString()).toList();
        assertThat(ids).containsExactly("urn:ngsi-ld:Sensor:rain-1", "urn:ngsi-ld:Sensor:rain-2");
        JsonNode first = heavy.json().get(0);
        assertThat(first.get("rainfall").size()).isEqualTo(1);
        assertThat(first.get("rainfall").get(0).get("value").asDouble()).isEqualTo(51.0);
        // chosen without q, an entity with nothing in the window comes without the attribute
        JsonNode byType = api.get("/temporal/entities?type=Sensor&attrs=rainfall&timerel=between&timeAt=2026-07-20T11:30:00Z"
                + "&endTimeAt=2026-07-20T12:30:00Z").json();
        assertThat(byType.get(3).has("rainfall")).as("rain-3 has no value in the window").isFalse();

        JsonNode all = api.get("/temporal/entities?type=Sensor&attrs=rainfall&lastN=1&options=temporalValues&limit=2").json();
        assertThat(all.size()).isEqualTo(2);
        assertThat(all.get(1).get("rainfall").get("values").toString()).isEqualTo("[[51,\"2026-07-20T12:00:00Z\"]]");

        assertThat(api.get("/temporal/entities?timerel=after&timeAt=2026-07-20T10:00:00Z").status()).isEqualTo(400);
        assertThat(api.get("/temporal/entities?type=Sensor&timerel=during&timeAt=2026-07-20T10:00:00Z").status()).isEqualTo(400);
        assertThat(api.get("/temporal/entities?type=Sensor&q=" + enc("rainfall>>1")).status()).isEqualTo(400);
    }

    @Test
    void aGaugeCompletesItsHistoryWithoutChangingItsCurrentValue() {
        Answer added = api.post("/temporal/entities/urn:ngsi-ld:Sensor:rain-1/attrs", """
                {"rainfall": [{"type": "Property", "value": 31, "observedAt": "2026-07-20T05:10:00Z"},
                              {"type": "Property", "value": 33, "observedAt": "2026-07-20T05:20:00Z"}]}""");
        assertThat(added.status()).as(added.body()).isEqualTo(204);
        JsonNode history = api.get("/temporal/entities/urn:ngsi-ld:Sensor:rain-1?attrs=rainfall&timerel=after&timeAt=2026-07-20T05:00:00Z").json();
        assertThat(history.get("rainfall").size()).isEqualTo(2);
        assertThat(history.get("rainfall").get(1).get("value").asDouble()).isEqualTo(33.0);
        assertThat(api.get("/entities/urn:ngsi-ld:Sensor:rain-1").json().get("rainfall").get("value").asDouble()).isEqualTo(15.0);

        assertThat(api.post("/temporal/entities/urn:ngsi-ld:Sensor:rain-1/attrs", "{\"rainfall\": {\"type\": \"Property\", \"value\": 1}}").status())
                .isEqualTo(400);
        assertThat(api.post("/temporal/entities/urn:ngsi-ld:Sensor:nope/attrs",
                "{\"rainfall\": {\"type\": \"Property\", \"value\": 1, \"observedAt\": \"2026-07-20T05:30:00Z\"}}").status()).isEqualTo(404);
        assertThat(new NgsiLd(port, "jinshui.worker", null).post("/temporal/entities/urn:ngsi-ld:Sensor:rain-1/attrs",
                "{\"rainfall\": {\"type\": \"Property\", \"value\": 1, \"observedAt\": \"2026-07-20T05:30:00Z\"}}").status()).isEqualTo(403);
    }
}
