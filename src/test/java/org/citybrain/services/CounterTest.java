package org.citybrain.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.datahub.DemoFeedRuns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The hall's counter over the one application API: the clerk identifies a walk-in citizen by the number she gives or
 * by the card on the reader, submits for her only with her consent, and is recorded as who served her; the
 * identification is in the citizen's "who read my data"; a draft saved on the phone is finished at the counter; a
 * clerk sees only what she submitted; a citizen cannot act as a counter.
 */
@CityBrainTest
class CounterTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient as(String user) {
        return ServicesTest.client(port, user);
    }

    @BeforeEach
    void feedsLoaded() throws InterruptedException {
        DemoFeedRuns.withdrawalFeeds(port);
    }

    static String atCounter(String who, boolean consent) {
        return "{\"idNumber\": \"" + who + "\", \"service\": \"gjj-withdrawal\", \"consent\": " + consent
                + ", \"form\": {\"ground\": \"RENT\", \"monthlyRent\": 1500, \"months\": 3, \"bankAccount\": \"6222020200112233445\"}}";
    }

    @Test
    void theClerkSubmitsForAWalkInCitizenWithHerConsentAndIsRecorded() {
        Answer noConsent = as("hall.clerk").json("POST", "/api/services/v1/counter/applications", atCounter(ServicesTest.TENANT, false));
        assertThat(noConsent.status()).isEqualTo(400);
        assertThat(noConsent.json().get("field").asString()).isEqualTo("consent");

        String key = "counter-" + System.nanoTime();
        Answer a = as("hall.clerk").json("POST", "/api/services/v1/counter/applications", atCounter(ServicesTest.TENANT, true), "Idempotency-Key", key);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode app = a.json();
        assertThat(app.get("channel").asString()).isEqualTo("COUNTER");
        assertThat(app.get("servedBy").asString()).isEqualTo("hall.clerk");
        assertThat(app.get("state").asString()).as("decided and paid as on the phone").isEqualTo("APPROVED");
        long id = app.get("id").asLong();
        assertThat(jdbc.queryForObject("select consent_at is not null from svc_application where id = ?", Boolean.class, id)).isTrue();
        Answer again = as("hall.clerk").json("POST", "/api/services/v1/counter/applications", atCounter(ServicesTest.TENANT, true), "Idempotency-Key", key);
        assertThat(again.json().get("id").asLong()).isEqualTo(id);

        // the citizen sees it as hers, submitted at the counter by the clerk with her consent
        JsonNode mine = as(ServicesTest.TENANT).get("/api/services/v1/applications/" + id).json();
        assertThat(mine.get("steps").get(0).get("textZh").asString()).contains("经申请人同意").contains("市民之家综合受理窗口");
        long resident = jdbc.queryForObject("select applicant_id from svc_application where id = ?", Long.class, id);
        assertThat(jdbc.queryForObject("select count(*) from audit_record where actor = 'hall.clerk' and subject = ? and what like '窗口核验身份%'", Long.class,
                "resident:" + resident)).as("the identification is in her record of who read her data").isPositive();

        // the clerk reads what she submitted (its receipt), not others' applications; a citizen is no counter
        assertThat(as("hall.clerk").get("/api/services/v1/applications/" + id).status()).isEqualTo(200);
        long other = as(ServicesTest.OWNER).json("POST", "/api/services/v1/services/gjj-withdrawal/applications", ServicesTest.rent(1200, 1),
                "Idempotency-Key", "o-" + System.nanoTime()).json().get("id").asLong();
        assertThat(as("hall.clerk").get("/api/services/v1/applications/" + other).status()).isEqualTo(404);
        assertThat(as(ServicesTest.TENANT).json("POST", "/api/services/v1/counter/applications", atCounter(ServicesTest.OWNER, true)).status()).isEqualTo(403);
        assertThat(as("hall.clerk").json("POST", "/api/services/v1/services/gjj-withdrawal/applications", ServicesTest.rent(1200, 1)).status())
                .as("the clerk applies for walk-ins, not for herself").isEqualTo(403);
    }

    @Test
    void anUnknownOrMalformedIdNumberIsRefusedNamingTheField() {
        Answer malformed = as("hall.clerk").json("POST", "/api/services/v1/counter/applications", atCounter("41010519880512001X", true));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("field").asString()).isEqualTo("idNumber");
        // a valid number (its check character right) that the city's register does not hold
        Answer unknown = as("hall.clerk").json("POST", "/api/services/v1/counter/applications", atCounter("110101199003070011", true));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("field").asString()).isEqualTo("idNumber");
    }

    @Test
    void aDraftSavedOnThePhoneIsFinishedAtTheCounterByHerCard() {
        String draft = "{\"form\": {\"request\": \"开具缴存证明，窗口领取\", \"phone\": \"13800138000\"}}";
        assertThat(as(ServicesTest.TENANT).json("PUT", "/api/services/v1/services/gjj-certificate/draft", draft).status()).isEqualTo(200);
        JsonNode saved = as(ServicesTest.TENANT).get("/api/services/v1/services/gjj-certificate/draft").json();
        assertThat(saved.get("form").get("request").asString()).isEqualTo("开具缴存证明，窗口领取");

        // the demo's card reader holds her card
        Answer a = as("hall.clerk").json("POST", "/api/services/v1/counter/applications",
                "{\"readCard\": true, \"service\": \"gjj-certificate\", \"consent\": true, \"form\": " + saved.get("form") + "}",
                "Idempotency-Key", "card-" + System.nanoTime());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.json().get("applicant").asString()).isEqualTo(jdbc.queryForObject(
                "select applicant_name from svc_application where applicant_id_number = ? fetch first 1 rows only", String.class, ServicesTest.TENANT));
        assertThat(as(ServicesTest.TENANT).get("/api/services/v1/services/gjj-certificate/draft").status()).as("the draft is used up").isEqualTo(404);
    }
}
