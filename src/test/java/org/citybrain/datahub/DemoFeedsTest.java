package org.citybrain.datahub;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's outside feeds as real pipelines: the railway's GBK passenger list, dropped into the watched folder, loads
 * with its bad rows refused, and the travellers from the demo's medium-risk area turn yellow by rule, with the feed as
 * the reason's source; the pharmacies' AMap coordinates land in the twin converted to WGS 84, every value with its
 * lineage, which a query can ask for; the real estate register loads all or nothing; the catalogue lists them all.
 */
@CityBrainTest
class DemoFeedsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    /** A query of the twin in CityBrain's own terms (its @context in the Link header), as the command centre asks it. */
    JsonNode twin(String path) {
        return as("commander").request("GET", path, null, "Accept", "application/json", "Link", "<http://localhost:" + port
                + "/ngsi-ld/contexts/citybrain.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"").json();
    }

    JsonNode loaded(String source) throws InterruptedException {
        return DemoFeedRuns.loaded(port, source);
    }

    @Test
    void railwayArrivalsFromARiskAreaTurnTheTravellersYellowByRule() throws Exception {
        JsonNode run = loaded("railway-arrivals");
        assertThat(run.get("status").asString()).isEqualTo("PARTLY");
        JsonNode report = run.get("report");
        assertThat(report.get("read").asLong()).isEqualTo(145);
        assertThat(report.get("rejected").asLong()).isEqualTo(5);
        assertThat(report.get("rejectedByField").get("idNumber").get("invalid").asLong()).isEqualTo(1);
        assertThat(report.get("rejectedByField").get("arrivedAt").get("invalid").asLong()).isEqualTo(1);
        assertThat(report.get("rejectedByField").get("origin").get("invalid").asLong()).isEqualTo(1);
        assertThat(report.get("rejectedByField").get("name").get("missing").asLong()).isEqualTo(1);
        assertThat(report.get("rejectedByField").get("row").get("unreadable").asLong()).isEqualTo(1);
        assertThat(report.get("sinks").get("notResidents").asLong()).isEqualTo(20);
        assertThat(report.get("sinks").get("arrivalsOfResidents").asLong()).isPositive();

        // Every traveller from Hebi's Heshan district (the demo's medium-risk area) who lives here is yellow, by the rule
        // for arrivals from a medium-risk area, and the fact behind it names the railway's feed.
        List<Map<String, Object>> fromHeshan = jdbc.queryForList("""
                select distinct f.resident_id, f.recorded_by from health_fact f where f.kind = 'ARRIVAL' and f.origin_code = '410602'
                and f.source like 'hub:railway-arrivals:%'""");
        assertThat(fromHeshan).isNotEmpty();
        for (Map<String, Object> f : fromHeshan) {
            assertThat(f.get("recorded_by")).isEqualTo("datahub:railway-arrivals");
            String colour = jdbc.queryForObject("select colour from health_code where resident_id = ?", String.class, f.get("resident_id"));
            assertThat(colour).isEqualTo("YELLOW");
        }
        // Loading the same list again changes nothing: each arrival is one fact.
        long facts = jdbc.queryForObject("select count(*) from health_fact where source like 'hub:railway-arrivals:%'", Long.class);
        assertThat(facts).isEqualTo(report.get("sinks").get("arrivalsOfResidents").asLong());
    }

    @Test
    void pharmaciesLandInTheTwinInWgs84WithTheirLineage() throws Exception {
        JsonNode run = loaded("pharmacies");
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode found = twin("/ngsi-ld/v1/entities?type=Pharmacy&limit=100&q=name.hubSource==%22urn:ngsi-ld:DataSource:pharmacies%22");
        // The lineage query finds exactly the pharmacies whose name says it came from this source: all of them.
        JsonNode all = twin("/ngsi-ld/v1/entities?type=Pharmacy&limit=1000");
        List<String> fromSource = new java.util.ArrayList<>();
        for (JsonNode e : all) {
            if ("urn:ngsi-ld:DataSource:pharmacies".equals(e.path("name").path("hubSource").path("object").asString(""))) {
                fromSource.add(e.get("id").asString());
            }
        }
        assertThat(fromSource).hasSize(run.get("rowsAccepted").asInt());
        assertThat(found.findValues("id").stream().map(JsonNode::asString).toList()).containsExactlyInAnyOrderElementsOf(fromSource);
        JsonNode one = found.get(0);
        assertThat(one.get("name").get("hubSource").get("object").asString()).isEqualTo("urn:ngsi-ld:DataSource:pharmacies");
        assertThat(one.get("name").get("hubRun").get("value").asLong()).isEqualTo(run.get("id").asLong());
        assertThat(one.get("location").get("type").asString()).isEqualTo("GeoProperty");
        // The venue it was generated at: the AMap (GCJ-02) coordinates in the file came back to within a metre of it.
        String venueName = one.get("name").get("value").asString().replaceAll(".*（(.*)店）", "$1");
        Map<String, Object> venue = jdbc.queryForList("select lon, lat from place where kind = 'VENUE' and name = ?", venueName).getFirst();
        JsonNode coordinates = one.get("location").get("value").get("coordinates");
        double metresPerDegree = 111_320;
        assertThat(Math.abs(coordinates.get(0).asDouble() - ((Number) venue.get("lon")).doubleValue()) * metresPerDegree * Math.cos(Math.toRadians(34.7)))
                .isLessThan(1.0);
        assertThat(Math.abs(coordinates.get(1).asDouble() - ((Number) venue.get("lat")).doubleValue()) * metresPerDegree).isLessThan(1.0);
        // The twin's page of the pharmacy says where its values came from: the source, the run and when.
        String page = as("commander").get("/twin/entity?id=" + java.net.URLEncoder.encode(one.get("id").asString(), java.nio.charset.StandardCharsets.UTF_8)
                + "&lang=zh_CN", "text/html").body();
        assertThat(page).contains("id=\"entity-lineage\"").contains("pharmacies").contains("第" + run.get("id").asLong() + "次运行");
        // Nothing of another source answers the lineage query.
        assertThat(twin("/ngsi-ld/v1/entities?type=Pharmacy&q=name.hubSource==%22urn:ngsi-ld:DataSource:other%22").size()).isZero();
    }

    /** The provident fund's monthly Excel report, the household register as JSON lines, the marriage registrations in GB18030. */
    @Test
    void theOtherDepartmentsFeedsLoadInTheirOwnFormats() throws Exception {
        JsonNode fund = loaded("provident-fund");
        assertThat(fund.get("status").asString()).as(fund.toString()).isEqualTo("SUCCEEDED");
        assertThat(fund.get("rowsAccepted").asLong()).isEqualTo(200);
        String account = jdbc.queryForObject("select data from hub_record where dataset_id = 'provident-fund-accounts' order by record_key fetch first 1 rows only",
                String.class);
        assertThat(account).contains("\"status\":\"").containsPattern("\"openedOn\":\"\\d{4}-\\d{2}-\\d{2}\"");
        JsonNode hukou = loaded("household-registry");
        assertThat(hukou.get("status").asString()).as(hukou.toString()).isEqualTo("SUCCEEDED");
        assertThat(hukou.get("rowsAccepted").asLong()).isEqualTo(300);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'household-registry' and data like '%\"relation\":\"HEAD\"%'",
                Long.class)).isPositive();
        JsonNode marriages = loaded("marriage-registry");
        assertThat(marriages.get("status").asString()).as(marriages.toString()).isEqualTo("SUCCEEDED");
        assertThat(marriages.get("rowsAccepted").asLong()).isEqualTo(60);
    }

    /** A minute of the toll gates' stream, pushed as the demo pushes it every minute; the same minute again is the same run. */
    @Test
    void theTollGatesPushTheirPassagesAndArrivalsBecomeHealthFacts(@Autowired org.springframework.context.ApplicationContext context) throws Exception {
        Object demoFeeds = context.getBean(Class.forName("org.citybrain.demo.internal.DemoFeeds"));
        java.lang.reflect.Method minute = demoFeeds.getClass().getDeclaredMethod("tollGates");
        minute.setAccessible(true);
        minute.invoke(demoFeeds);
        minute.invoke(demoFeeds);
        JsonNode runs = as("bigdata").get("/api/datahub/v1/runs?source=highway-toll-gates").json();
        assertThat(runs.size()).as("the same minute pushed twice is one run").isBetween(1, 2);
        JsonNode run = runs.get(0);
        assertThat(run.get("trigger").asString()).isEqualTo("PUSH");
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("rowsAccepted").asLong()).isEqualTo(6);
        assertThat(run.get("report").get("sinks").get("arrivalsOfResidents").asLong()).isEqualTo(6);
    }

    @Test
    void theRealEstateRegisterLoadsAndTheCatalogueListsEveryDataset() throws Exception {
        JsonNode run = loaded("housing-registry");
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("rowsAccepted").asLong()).isEqualTo(300);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'housing-owners' and division_code like '4101%'", Long.class))
                .isEqualTo(300);

        JsonNode catalogue = as("jinshui").get("/api/datahub/v1/catalogue?q=不动产").json();
        assertThat(catalogue.size()).isEqualTo(1);
        JsonNode housing = catalogue.get(0);
        assertThat(housing.get("id").asString()).isEqualTo("housing-owners");
        assertThat(housing.get("sharingClass").asString()).isEqualTo("CONDITIONAL");
        assertThat(housing.get("sharingBasis").asString()).contains("不动产登记暂行条例");
        assertThat(housing.get("records").asLong()).isEqualTo(300);
        assertThat(housing.get("qualityScore").asDouble()).isEqualTo(100.0);
        assertThat(housing.get("fields").findValues("personal").stream().filter(JsonNode::asBoolean).count()).isEqualTo(3);

        JsonNode all = as("jinshui").get("/api/datahub/v1/catalogue").json();
        assertThat(all.findValues("id").stream().map(JsonNode::asString).toList())
                .contains("residents", "places", "health-codes", "scans", "railway-arrivals", "housing-owners", "pharmacies", "provident-fund-accounts",
                        "household-registry", "marriages", "toll-gate-passages", "social-insurance", "province-health-codes");

        JsonNode dcat = as("jinshui").get("/api/datahub/v1/catalogue/dcat", "application/ld+json").json();
        assertThat(dcat.get("@type").asString()).isEqualTo("dcat:Catalog");
        JsonNode residents = dcat.get("dcat:dataset").findParents("dct:identifier").stream()
                .filter(d -> d.get("dct:identifier").asString().equals("residents")).findFirst().orElseThrow();
        assertThat(residents.get("dct:accessRights").get("@id").asString()).endsWith("/access-right/RESTRICTED");
        assertThat(residents.get("dct:accrualPeriodicity").get("@id").asString()).endsWith("/frequency/DAILY");
        assertThat(as("410105198805120019").get("/api/datahub/v1/catalogue").status()).isEqualTo(403);
    }

    /** Make a polled source due now, as if its interval had passed. */
    void due(String source) {
        jdbc.update("update hub_source set next_due = ? where id = ?", java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)), source);
    }

    JsonNode nextPoll(String source, long after) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode r : as("bigdata").get("/api/datahub/v1/runs?source=" + source).json()) {
                if (r.get("id").asLong() > after && !r.get("status").asString().equals("RUNNING")) {
                    return r;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no second poll of " + source);
    }

    /**
     * The human resources and social security bureau's database, read over JDBC by its change column: the first read
     * takes every row, with the employer whose credit code was keyed wrong refused by GB 32100; after an hour's changes
     * the next read takes only the rows that changed, and updates them.
     */
    @Test
    void theSocialSecurityDatabaseIsReadByItsChangeColumn(@Autowired org.springframework.context.ApplicationContext context) throws Exception {
        JsonNode first = DemoFeedRuns.polled(port, "social-security");
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("PARTLY");
        JsonNode report = first.get("report");
        assertThat(report.get("read").asLong()).isEqualTo(480);
        assertThat(report.get("rejected").asLong()).as("three insured at the wrongly keyed employer, two insurances each").isEqualTo(6);
        assertThat(report.get("rejectedByField").get("employerCreditCode").get("invalid").asLong()).isEqualTo(6);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'social-insurance'", Long.class)).isEqualTo(474);
        // the source's page says where it reads from, without the URL's settings, and how far it has read
        String page = as("bigdata").get("/datahub/sources/social-security?lang=zh_CN", "text/html").body();
        assertThat(page).contains("数据库增量读取").contains("jdbc:h2:mem:demo-hrss").contains("gxsj").contains("已读到").doesNotContain("DB_CLOSE_DELAY");

        Object database = context.getBean(Class.forName("org.citybrain.demo.internal.SocialSecurityDatabase"));
        java.lang.reflect.Method hour = database.getClass().getDeclaredMethod("contributionsChange", java.time.LocalDateTime.class);
        hour.setAccessible(true);
        int changed = (int) hour.invoke(database, java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).plusMinutes(1).withNano(0));
        assertThat(changed).isPositive();
        due("social-security");
        JsonNode second = nextPoll("social-security", first.get("id").asLong());
        assertThat(second.get("status").asString()).as(second.toString()).isIn("SUCCEEDED", "PARTLY");
        assertThat(second.get("report").get("read").asLong()).as("only the rows changed since the last read").isEqualTo(changed);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'social-insurance'", Long.class)).isEqualTo(474);
    }

    /**
     * The province's health-code registry, polled over REST with the token the province issued, page after page; the
     * next poll asks only for what changed since. Without the token the registry answers nothing.
     */
    @Test
    void theProvincesHealthCodesArePolledWithItsToken() throws Exception {
        JsonNode first = DemoFeedRuns.polled(port, "province-health-codes");
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("report").get("read").asLong()).isEqualTo(300);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'province-health-codes'", Long.class)).isEqualTo(300);
        assertThat(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'province-health-codes' and division_code = '410602'"
                + " and data like '%\"colour\":\"GREEN\"%'", Long.class)).as("Heshan's travellers are yellow unless a change made them green")
                .isLessThan(jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'province-health-codes' and division_code = '410602'",
                        Long.class));
        due("province-health-codes");
        JsonNode second = nextPoll("province-health-codes", first.get("id").asLong());
        assertThat(second.get("status").asString()).as(second.toString()).isEqualTo("SUCCEEDED");
        assertThat(second.get("report").get("read").asLong()).as("nothing changed within the minute").isLessThan(300);

        var anonymous = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/demo/province/v1/health-codes?page=1&size=10")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("sfzh");
    }

    /**
     * A traveller from elsewhere in the province, whom this city has no code for, at a checkpoint: the province's code
     * (polled into the hub) decides, and the journal says so; someone neither the city nor the province knows is not
     * let through as if green.
     */
    @Test
    void aTravellerFromTheProvinceIsCheckedByTheProvincesCode(@Autowired org.citybrain.scanpoint.ScanDevices devices) throws Exception {
        assertThat(DemoFeedRuns.polled(port, "province-health-codes").get("status").asString()).isEqualTo("SUCCEEDED");
        String yellow = jdbc.queryForObject("select record_key from hub_record where dataset_id = 'province-health-codes' and data like '%\"colour\":\"YELLOW\"%'"
                + " order by record_key fetch first 1 rows only", String.class);
        String green = jdbc.queryForObject("select record_key from hub_record where dataset_id = 'province-health-codes' and data like '%\"colour\":\"GREEN\"%'"
                + " order by record_key fetch first 1 rows only", String.class);
        String checkpoint = devices.devices(org.citybrain.scanpoint.DeviceKind.CHECKPOINT, "", 1).getFirst().deviceId();
        java.util.function.Function<String, JsonNode> scan = id -> as(checkpoint).json("POST", "/api/scan/v1/devices/" + checkpoint + "/scans", """
                {"seq":"%s","idNumber":"%s","plate":"豫D12345","origin":"410402"}""".formatted(java.util.UUID.randomUUID(), id)).json();

        JsonNode y = scan.apply(yellow);
        assertThat(y.get("colour").asString()).as(y.toString()).isEqualTo("YELLOW");
        assertThat(y.get("reason").asString()).isEqualTo("ARRIVAL_REPORTED");
        JsonNode g = scan.apply(green);
        assertThat(g.get("decision").asString()).isEqualTo("ALLOW");
        assertThat(g.get("colour").asString()).isEqualTo("GREEN");
        assertThat(jdbc.queryForObject("select person_ref from scan where device_id = ? order by recorded_at desc fetch first 1 rows only", String.class, checkpoint))
                .startsWith("province:");
        JsonNode unknown = scan.apply(org.citybrain.standards.IdNumber.of("110105", java.time.LocalDate.of(1980, 1, 1), 333).value());
        assertThat(unknown.get("decision").asString()).isEqualTo("DENY");
        assertThat(unknown.get("reason").asString()).isEqualTo("UNKNOWN_PERSON");

        // the registry stops arriving (its last load two hours ago, past the hour allowed): nobody passes on its colours
        jdbc.update("update hub_source set next_due = ? where id = 'province-health-codes'", java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600)));
        Object lastSuccess = jdbc.queryForObject("select last_success_at from hub_source where id = 'province-health-codes'", Object.class);
        try {
            jdbc.update("update hub_source set last_success_at = ? where id = 'province-health-codes'",
                    java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(2))));
            JsonNode stale = scan.apply(green);
            assertThat(stale.get("decision").asString()).isEqualTo("DENY");
            assertThat(stale.get("reason").asString()).isEqualTo("PROVINCE_CODE_STALE");
            assertThat(stale.get("displayZh").asString()).contains("人工核验");
        } finally {
            jdbc.update("update hub_source set last_success_at = ? where id = 'province-health-codes'", lastSuccess);
        }
    }
}
