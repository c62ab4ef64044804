package org.citybrain.flood;

import tools.jackson.databind.JsonNode;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headquarters runs storms on the demo city's drainage network (its sewers designed for a 3-year storm) and reads
 * what they predict at the 51 waterlogging spots: the design storm floods few, the storm of 7·20 floods most, deeper.
 */
@CityBrainTest
class FloodScenariosTest {

    @LocalServerPort
    int port;

    @Test
    void theStormOf720FloodsFarMoreSpotsThanTheStormTheSewersWereDesignedFor() {
        CityBrainClient commander = as("commander");
        CityBrainClient.Answer design = commander.json("POST", "/api/flood/v1/scenarios",
                "{\"name\": \"3年一遇 2小时\", \"storm\": \"DESIGN\", \"returnPeriodYears\": 3, \"durationMinutes\": 120, \"peakPercent\": 40}");
        assertThat(design.status()).as(design.body()).isEqualTo(201);
        CityBrainClient.Answer storm = commander.json("POST", "/api/flood/v1/scenarios", "{\"name\": \"7·20 重演\", \"storm\": \"ZZ720\"}");
        assertThat(storm.status()).as(storm.body()).isEqualTo(201);
        JsonNode d = design.json(), z = storm.json();
        assertThat(z.get("totalMm").asDouble()).isEqualTo(552.5);
        assertThat(d.get("totalMm").asDouble()).isBetween(50.0, 70.0);
        // what the network was built for floods a few weak spots and tunnels; 7·20 floods most of the city's spots
        assertThat(d.get("spotsFlooded").asInt()).isLessThan(51 / 4);
        assertThat(z.get("spotsFlooded").asInt()).isGreaterThan(51 * 3 / 4);
        assertThat(Math.abs(z.get("routingError").asDouble())).isLessThan(2);

        JsonNode spots = commander.get("/api/flood/v1/scenarios/" + z.get("id").asLong()).json().get("spots");
        assertThat(spots).hasSize(51);
        JsonNode deepest = spots.get(0).get("prediction");
        assertThat(deepest.get("peakCm").asDouble()).isGreaterThan(50);
        assertThat(deepest.get("risk").asString()).isEqualTo("RED");
        // it ponds before its peak, and stays over each depth no longer than over the shallower ones
        assertThat(deepest.get("pondingMinute").asInt()).isLessThan(deepest.get("peakMinute").asInt());
        assertThat(deepest.get("minutesOver50").asInt()).isLessThanOrEqualTo(deepest.get("minutesOver27").asInt());
        assertThat(deepest.get("minutesOver27").asInt()).isLessThanOrEqualTo(deepest.get("minutesOver15").asInt());
        // the hour of 201.9 mm (16:00–17:00, the storm's 21st hour) is when the water rises fastest
        assertThat(deepest.get("peakMinute").asInt()).isGreaterThan(20 * 60);
        assertThat(deepest.get("depthsCm").size()).isEqualTo((24 + 4) * 60 / 5);

        JsonNode map = commander.get("/api/flood/v1/scenarios/" + z.get("id").asLong() + "/spots.geojson").json();
        assertThat(map.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(map.get("features")).hasSize(51);
        assertThat(map.get("features").get(0).get("geometry").get("coordinates").get(0).asDouble()).isBetween(113.5, 113.8);
    }

    @Test
    void aRetryUnderTheSameNameIsTheFirstRunAndAnotherStormUnderItIsRefused() {
        CityBrainClient commander = as("commander");
        String body = "{\"name\": \"重复提交\", \"storm\": \"DESIGN\", \"returnPeriodYears\": 1, \"durationMinutes\": 60, \"peakPercent\": 50}";
        CityBrainClient.Answer first = commander.json("POST", "/api/flood/v1/scenarios", body);
        CityBrainClient.Answer again = commander.json("POST", "/api/flood/v1/scenarios", body);
        assertThat(again.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        CityBrainClient.Answer other = commander.json("POST", "/api/flood/v1/scenarios", "{\"name\": \"重复提交\", \"storm\": \"ZZ720\"}");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("field").asString()).isEqualTo("name");
    }

    @Test
    void aStormOutsideTheFormulasRangeIsRefusedNamingEachField() {
        CityBrainClient.Answer refused = as("commander").json("POST", "/api/flood/v1/scenarios",
                "{\"name\": \"\", \"storm\": \"DESIGN\", \"returnPeriodYears\": 4, \"durationMinutes\": 5000, \"peakPercent\": 0}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("\"name\"", "returnPeriodYears", "durationMinutes", "peakPercent").doesNotContain("Exception");
        assertThat(as("commander").json("POST", "/api/flood/v1/scenarios", "{\"name\": \"x\", \"storm\": \"HURRICANE\"}").status()).isEqualTo(400);
    }

    @Test
    void anEngineersOwnHyetographRunsAsSentAndABadRowIsNamedByItsLine() {
        CityBrainClient commander = as("commander");
        String csv = "minute,mm_per_hour\\n0,30\\n30,90\\n60,60\\n90,20\\n";
        CityBrainClient.Answer own = commander.json("POST", "/api/flood/v1/scenarios",
                "{\"name\": \"自定雨型 2小时\", \"storm\": \"UPLOADED\", \"hyetograph\": \"" + csv + "\"}");
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        // 30·0.5 + 90·0.5 + 60·0.5 + 20·0.5 mm
        assertThat(own.json().get("totalMm").asDouble()).isEqualTo(100.0);
        assertThat(own.json().get("peakMmPerHour").asDouble()).isEqualTo(90.0);
        assertThat(own.json().get("hyetograph").asString()).startsWith("minute,mm_per_hour");

        CityBrainClient.Answer uneven = commander.json("POST", "/api/flood/v1/scenarios",
                "{\"name\": \"不等步长\", \"storm\": \"UPLOADED\", \"hyetograph\": \"0,30\\n30,90\\n45,60\"}");
        assertThat(uneven.status()).isEqualTo(400);
        assertThat(uneven.json().get("field").asString()).isEqualTo("hyetograph");
        assertThat(uneven.body()).contains("line 3").contains("equal steps");
        assertThat(commander.json("POST", "/api/flood/v1/scenarios", "{\"name\": \"无雨型\", \"storm\": \"UPLOADED\"}").status()).isEqualTo(400);
    }

    @Test
    void aDistrictOfficialReadsScenariosButDoesNotRunThem() {
        CityBrainClient district = as("jinshui");
        assertThat(district.get("/api/flood/v1/scenarios").status()).isEqualTo(200);
        assertThat(district.json("POST", "/api/flood/v1/scenarios", "{\"name\": \"区里试算\", \"storm\": \"ZZ720\"}").status()).isEqualTo(403);
        assertThat(as("jinshui.worker").get("/api/flood/v1/scenarios").status()).isEqualTo(403);
    }

    @Test
    void engineersTakeTheModelToSwmmAndBringItBackAndAnUnsolvableOneIsRefusedByLine() {
        CityBrainClient bigdata = as("bigdata");
        CityBrainClient.Answer exported = bigdata.get("/api/flood/v1/model", "text/plain");
        assertThat(exported.status()).isEqualTo(200);
        String inp = exported.body();
        assertThat(inp).contains("[JUNCTIONS]", "[CONDUITS]", "[XSECTIONS]", "[SUBCATCHMENTS]", "[COORDINATES]").containsPattern("FLOW_UNITS\\s+CMS");

        CityBrainClient.Answer back = bigdata.request("PUT", "/api/flood/v1/model?name=" + java.net.URLEncoder.encode("往返导入", java.nio.charset.StandardCharsets.UTF_8),
                inp, "Content-Type", "text/plain; charset=UTF-8");
        assertThat(back.status()).as(back.body()).isEqualTo(201);
        long junctions = inp.substring(inp.indexOf("[JUNCTIONS]")).lines().skip(1).takeWhile(l -> !l.isBlank()).filter(l -> !l.startsWith(";")).count();
        assertThat(junctions).isGreaterThan(200);
        assertThat(back.json().get("junctions").asInt()).isEqualTo((int) junctions);

        // no outfall: refused before any run, and the model in use is still the one brought back
        String noOutfalls = inp.replaceAll("(?s)\\[OUTFALLS\\].*?\n\n", "");
        CityBrainClient.Answer refused = bigdata.request("PUT", "/api/flood/v1/model?name=no-outfalls", noOutfalls, "Content-Type", "text/plain; charset=UTF-8");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).isEqualTo("inp");
        assertThat(refused.body()).contains("no outfall").doesNotContain("Exception");
        // a conduit of no length, named with its line
        String firstConduit = inp.substring(inp.indexOf("[CONDUITS]")).lines().skip(2).findFirst().orElseThrow();
        String[] cols = firstConduit.trim().split("\\s+");
        String zeroLength = inp.replace(firstConduit, firstConduit.replaceFirst("\\s" + java.util.regex.Pattern.quote(cols[3]) + "\\s", " 0 "));
        CityBrainClient.Answer noLength = bigdata.request("PUT", "/api/flood/v1/model?name=zero-length", zeroLength, "Content-Type", "text/plain; charset=UTF-8");
        assertThat(noLength.status()).isEqualTo(400);
        assertThat(noLength.body()).contains("conduit " + cols[0] + " has a length of 0").containsPattern("line \\d+");
        assertThat(as("commander").request("PUT", "/api/flood/v1/model?name=x", inp, "Content-Type", "text/plain").status()).isEqualTo(403);
    }

    @Test
    void theNetworkIsInTheTwinAndEachSpotNamesTheJunctionItDrainsBy() {
        CityBrainClient commander = as("commander");
        // in CityBrain's own terms (its @context), as the twin's other entities
        String[] inCityBrainTerms = {"Accept", "application/json", "Link", "<http://localhost:" + port
                + "/ngsi-ld/contexts/citybrain.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\""};
        CityBrainClient.Answer pipes = commander.request("GET", "/ngsi-ld/v1/entities?type=Pipe&limit=3&options=keyValues", null, inCityBrainTerms);
        assertThat(pipes.status()).as(pipes.body()).isEqualTo(200);
        JsonNode pipe = pipes.json().get(0);
        assertThat(pipe.get("startsAt").asString()).startsWith("urn:ngsi-ld:Junction:");
        assertThat(pipe.get("endsAt").asString()).startsWith("urn:ngsi-ld:");
        assertThat(pipe.get("length").asDouble()).isPositive();
        assertThat(pipe.get("location").get("type").asString()).isEqualTo("LineString");

        long spot = commander.get("/api/city/features?kind=WATERLOGGING_SPOT&limit=1").json().get("features").get(0).get("id").asLong();
        JsonNode entity = commander.request("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:WaterloggingSpot:" + spot + "?options=keyValues", null, inCityBrainTerms).json();
        String junction = entity.get("drainedBy").asString();
        assertThat(junction).startsWith("urn:ngsi-ld:Junction:J");
        JsonNode node = commander.request("GET", "/ngsi-ld/v1/entities/" + junction, null, inCityBrainTerms).json();
        assertThat(node.get("type").asString()).isEqualTo("Junction");
        assertThat(node.get("maxDepth").get("unitCode").asString()).isEqualTo("MTR");
        assertThat(node.get("pondedArea").get("value").asDouble()).isPositive();
    }

    private CityBrainClient as(String account) {
        return CityBrainClient.basic(port, account, DemoAccounts.password(account));
    }

    @Test
    void theHeadquartersRunsAStormByTheDynamicWaveToo() {
        CityBrainClient commander = as("commander");
        String body = "{\"name\": \"20年一遇 动力波\", \"storm\": \"DESIGN\", \"returnPeriodYears\": 20, \"durationMinutes\": 120, \"peakPercent\": 40, \"routing\": \"DYNWAVE\"}";
        CityBrainClient.Answer dynamic = commander.json("POST", "/api/flood/v1/scenarios", body);
        assertThat(dynamic.status()).as(dynamic.body()).isEqualTo(201);
        JsonNode d = dynamic.json();
        assertThat(d.get("routing").asString()).isEqualTo("DYNWAVE");
        assertThat(Math.abs(d.get("routingError").asDouble())).isLessThan(2);
        CityBrainClient.Answer kinematic = commander.json("POST", "/api/flood/v1/scenarios", body.replace("动力波", "运动波").replace("DYNWAVE", "KINWAVE"));
        JsonNode k = kinematic.json();
        assertThat(k.get("routing").asString()).isEqualTo("KINWAVE");
        // the same storm floods spots either way; the dynamic wave's backwater decides which, so the counts need not agree
        assertThat(d.get("spotsFlooded").asInt()).isPositive();
        assertThat(k.get("spotsFlooded").asInt()).isPositive();
        // the same name with the other routing is another scenario: refused naming the name; a routing that is no routing names routing
        assertThat(commander.json("POST", "/api/flood/v1/scenarios", body.replace("DYNWAVE", "KINWAVE")).status()).isEqualTo(409);
        CityBrainClient.Answer bad = commander.json("POST", "/api/flood/v1/scenarios", body.replace("动力波", "x").replace("DYNWAVE", "STEADY"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("routing");
    }
}
