package org.citybrain.population;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Who sees whom: every attempt to read across a jurisdiction fails, over real HTTP. */
@CityBrainTest
class JurisdictionTest {

    static final String PASSWORD = "citybrain";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    long zhangMing;
    long erqiResident;

    @BeforeEach
    void findPeople() {
        zhangMing = jdbc.queryForObject("select id from resident where id_number = '410105198805120019'", Long.class);
        erqiResident = jdbc.queryForObject("select min(id) from resident where community_code = '410103001001'", Long.class);
    }

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, PASSWORD);
    }

    @Test
    void aCommunityWorkerSeesHerCommunityOnly() {
        JsonNode page = as("jinshui.worker").get("/api/residents?purpose=COMMUNITY_SERVICE&limit=100").json();
        assertThat(page.get("total").asLong()).isPositive();
        assertThat(page.get("residents").size()).isPositive();
        page.get("residents").forEach(r -> assertThat(r.get("communityCode").asString()).isEqualTo("410105001001"));
        long inCommunity = jdbc.queryForObject("select count(*) from resident where community_code = '410105001001'", Long.class);
        assertThat(page.get("total").asLong()).isEqualTo(inCommunity);
    }

    @Test
    void aStreetOfficialSeesHisStreetAndADistrictOfficialHisDistrict() {
        JsonNode street = as("jinshui.street").get("/api/residents?purpose=COMMUNITY_SERVICE&limit=100").json();
        street.get("residents").forEach(r -> assertThat(r.get("communityCode").asString()).startsWith("410105001"));
        assertThat(street.get("total").asLong())
                .isEqualTo(jdbc.queryForObject("select count(*) from resident where community_code like '410105001%'", Long.class));

        JsonNode district = as("erqi").get("/api/residents?purpose=EPIDEMIC_PREVENTION&limit=100").json();
        district.get("residents").forEach(r -> assertThat(r.get("communityCode").asString()).startsWith("410103"));
        assertThat(district.get("total").asLong())
                .isEqualTo(jdbc.queryForObject("select count(*) from resident where district_code = '410103'", Long.class));
    }

    @Test
    void readingAResidentOfAnotherCommunityFailsAndIsAudited() {
        Answer answer = as("jinshui.worker").get("/api/residents/" + erqiResident + "?purpose=COMMUNITY_SERVICE");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("field").asString()).isEqualTo("id");
        assertThat(answer.body()).doesNotContain("410103");
        Integer denied = jdbc.queryForObject("select count(*) from audit_record where actor = 'jinshui.worker' and subject = ? and action = 'DENIED'",
                Integer.class, "resident:" + erqiResident);
        assertThat(denied).isPositive();
    }

    @Test
    void askingForAnotherDistrictsCommunityIsForbidden() {
        Answer answer = as("jinshui").get("/api/residents?purpose=COMMUNITY_SERVICE&community=410103001001");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("field").asString()).isEqualTo("community");
        assertThat(as("jinshui.worker").get("/api/residents?purpose=COMMUNITY_SERVICE&community=410105001002").status()).isEqualTo(403);
        assertThat(as("jinshui.worker").get("/api/residents?purpose=COMMUNITY_SERVICE&community=410105001001").status()).isEqualTo(200);
    }

    @Test
    void theWholeCityIsVisibleOnlyToCityLevelRoles() {
        assertThat(as("city").get("/api/residents/" + erqiResident + "?purpose=GOVERNMENT_SERVICE").status()).isEqualTo(200);
        assertThat(as("city").get("/api/residents/" + zhangMing + "?purpose=GOVERNMENT_SERVICE").status()).isEqualTo(200);
        assertThat(as("erqi").get("/api/residents/" + zhangMing + "?purpose=GOVERNMENT_SERVICE").status()).isEqualTo(404);
    }

    @Test
    void rolesWithoutPersonalDataWorkReadNoResidents() {
        for (String user : new String[] {"bigdata", "commander", "hospital", "auditor"}) {
            Answer answer = as(user).get("/api/residents?purpose=COMMUNITY_SERVICE");
            assertThat(answer.status()).as(user).isEqualTo(403);
        }
    }

    @Test
    void aCitizenSeesHerselfOnly() {
        CityBrainClient zhang = as("410105198805120019");
        JsonNode me = zhang.get("/api/me").json();
        assertThat(me.get("name").asString()).isEqualTo("张明");
        assertThat(me.get("idNumber").asString()).isEqualTo("410105198805120019");
        JsonNode search = zhang.get("/api/residents?purpose=SELF_SERVICE").json();
        assertThat(search.get("total").asLong()).isEqualTo(1);
        assertThat(search.get("residents").get(0).get("id").asLong()).isEqualTo(zhangMing);
        long neighbour = jdbc.queryForObject("select min(id) from resident where community_code = '410105001001' and id <> ?", Long.class, zhangMing);
        assertThat(zhang.get("/api/residents/" + neighbour + "?purpose=SELF_SERVICE").status()).isEqualTo(404);
    }

    @Test
    void idNumbersAndMobilesAreMaskedUnlessARoleThatNeedsThemRevealsThem() {
        JsonNode masked = as("jinshui.worker").get("/api/residents/" + zhangMing + "?purpose=COMMUNITY_SERVICE").json();
        assertThat(masked.get("idNumber").asString()).isEqualTo("410105********0019");
        assertThat(masked.get("mobile").asString()).isEqualTo("138****0001");

        JsonNode revealed = as("jinshui.worker").get("/api/residents/" + zhangMing + "?purpose=COMMUNITY_SERVICE&reveal=true&reason=call").json();
        assertThat(revealed.get("idNumber").asString()).isEqualTo("410105198805120019");
        assertThat(revealed.get("mobile").asString()).isEqualTo("13800000001");
        assertThat(jdbc.queryForObject("select count(*) from audit_record where actor = 'jinshui.worker' and subject = ? and action = 'REVEAL'",
                Integer.class, "resident:" + zhangMing)).isPositive();

        Answer refused = as("jinshui").get("/api/residents/" + zhangMing + "?purpose=COMMUNITY_SERVICE&reveal=true&reason=call");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("field").asString()).isEqualTo("reveal");
    }

    @Test
    void withoutSigningInThereIsNothing() {
        Answer answer = CityBrainClient.anonymous(port).get("/api/residents?purpose=COMMUNITY_SERVICE");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
    }
}
