package org.citybrain.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.datahub.DemoFeedRuns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Government services end to end over the one application API: the provident fund withdrawal for rent decided by its
 * DMN table from records fetched through the data hub's grants and paid at once; the refusal that says what failed;
 * field-level errors; one application per submission key; nobody sees another's application; a department's review
 * with a return for correction; a new version published without code while an application in flight keeps its own;
 * definitions that do not validate refused with the reason.
 */
@CityBrainTest
class ServicesTest {

    static final String TENANT = "410105198805120019"; // Jinshui: an active account, no home in her name
    static final String OWNER = "410103199209030027"; // Erqi: owns a home

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JsonMapper json;

    CityBrainClient as(String user) {
        return client(port, user);
    }

    static CityBrainClient client(int port, String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    @BeforeEach
    void feedsLoaded() throws InterruptedException {
        DemoFeedRuns.withdrawalFeeds(port);
    }

    static String rent(int monthlyRent, int months) {
        return "{\"channel\": \"PHONE\", \"form\": {\"ground\": \"RENT\", \"monthlyRent\": " + monthlyRent + ", \"months\": " + months
                + ", \"bankAccount\": \"6222020200112233445\"}}";
    }

    @Test
    void aTenantWithdrawsForRentInOneStepAndThePaymentOrderExists() {
        String key = "rent-" + System.nanoTime();
        Answer a = as(TENANT).json("POST", "/api/services/v1/services/gjj-withdrawal/applications", rent(1800, 6), "Idempotency-Key", key);
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode app = a.json();
        assertThat(app.get("state").asString()).isEqualTo("APPROVED");
        assertThat(app.get("rule").asString()).isEqualTo("RENT");
        assertThat(app.get("amount").decimalValue()).as("6 months of the city's cap, 1,500 a month").isEqualByComparingTo("9000");
        assertThat(app.get("applicantIdNumber").asString()).isEqualTo("4101**********0019");
        long id = app.get("id").asLong();
        assertThat(jdbc.queryForObject("select count(*) from svc_payment_order where application_id = ? and state = 'CONFIRMED' and amount = 9000", Long.class, id))
                .isEqualTo(1);

        // a retried submission is the same application, and pays once
        Answer again = as(TENANT).json("POST", "/api/services/v1/services/gjj-withdrawal/applications", rent(1800, 6), "Idempotency-Key", key);
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        assertThat(jdbc.queryForObject("select count(*) from svc_payment_order where application_id = ?", Long.class, id)).isEqualTo(1);

        // her timeline: submitted, each material fetched with its owner, decided with the rule, paid, approved
        JsonNode detail = as(TENANT).get("/api/services/v1/applications/" + id).json();
        List<String> kinds = detail.get("steps").findValues("kind").stream().map(JsonNode::asString).toList();
        assertThat(kinds).containsSubsequence("SUBMITTED", "FETCHED", "DECIDED", "PAID", "APPROVED");
        JsonNode property = detail.get("materials").valueStream().filter(m -> m.get("name").asString().equals("property")).findFirst().orElseThrow();
        assertThat(property.get("origin").asString()).isEqualTo("SHARED");
        assertThat(property.get("provider").asString()).isEqualTo("郑州市自然资源和规划局");
        assertThat(property.get("grantId").isNull()).as("fetched under the fund centre's grant").isFalse();
        assertThat(property.get("data").size()).isZero();

        // each fetch is receipted in the grant's exchange log and audited as a read of her data
        assertThat(jdbc.queryForObject("select count(*) from exchange_receipt where service = 'service-materials' and issue = ?", Long.class,
                app.get("number").asString())).isGreaterThanOrEqualTo(4);
        assertThat(as(TENANT).get("/api/me/access-log").body()).contains("housing-owners");

        // nobody else sees it: another citizen, or another department's officer
        assertThat(as(OWNER).get("/api/services/v1/applications/" + id).status()).isEqualTo(404);
        assertThat(as("jinshui").get("/api/services/v1/applications/" + id).status()).isEqualTo(403);
        assertThat(as("gjj.officer").get("/api/services/v1/applications/" + id).status()).isEqualTo(200);
    }

    @Test
    void twentyFourWithdrawalsAtOnceAreEachDecidedAndTheGrantedOnesPaid() throws Exception {
        // more submissions at once than the connection pool has connections: each fetches its materials through the
        // hub's receipt writer, which must not wait for a connection the submissions hold
        List<java.util.concurrent.Callable<Answer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String who = i % 2 == 0 ? TENANT : OWNER;
            String key = "rush-" + i + "-" + System.nanoTime();
            calls.add(() -> as(who).json("POST", "/api/services/v1/services/gjj-withdrawal/applications", rent(1500, 1), "Idempotency-Key", key));
        }
        List<Answer> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(24)) {
            for (var f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
        }
        for (Answer a : answers) {
            assertThat(a.status()).as(a.body()).isEqualTo(201);
            assertThat(a.json().get("state").asString()).isIn("APPROVED", "REFUSED");
        }
        List<Long> granted = answers.stream().filter(a -> a.json().get("state").asString().equals("APPROVED")).map(a -> a.json().get("id").asLong()).toList();
        assertThat(granted).as("the tenant's twelve").hasSize(12);
        for (long id : granted) {
            assertThat(jdbc.queryForObject("select count(*) from svc_payment_order where application_id = ?", Long.class, id)).isEqualTo(1);
        }
    }

    @Test
    void anOwnerIsRefusedWithTheRuleThatFailedAndWhatWouldChangeIt() {
        Answer a = as(OWNER).json("POST", "/api/services/v1/services/gjj-withdrawal/applications", rent(1200, 3), "Idempotency-Key", "own-" + System.nanoTime());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.json().get("state").asString()).isEqualTo("REFUSED");
        assertThat(a.json().get("rule").asString()).isEqualTo("OWNS_HOME");
        assertThat(a.json().get("reasonEn").asString()).contains("mortgage");
        assertThat(jdbc.queryForObject("select count(*) from svc_payment_order where application_id = ?", Long.class, a.json().get("id").asLong())).isZero();
    }

    @Test
    void aFormThatDoesNotMeetItsSchemaIsRefusedFieldByField() {
        Answer a = as(TENANT).json("POST", "/api/services/v1/services/gjj-withdrawal/applications",
                "{\"form\": {\"ground\": \"RENT\", \"months\": 13, \"bankAccount\": \"12ab\"}}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").findValues("field").stream().map(JsonNode::asString).toList())
                .contains("monthlyRent", "months", "bankAccount");
        assertThat(a.body()).contains("银行卡号为16至19位数字");
        assertThat(as(TENANT).json("POST", "/api/services/v1/services/no-such-service/applications", "{\"form\": {}}").status()).isEqualTo(404);
        assertThat(as("gjj.officer").json("POST", "/api/services/v1/services/gjj-withdrawal/applications", rent(1000, 1)).status())
                .as("staff do not apply for themselves here").isEqualTo(403);
    }

    @Test
    void theDepartmentReturnsAnApplicationTheCitizenCorrectsAndTheDepartmentApproves() {
        String form = "{\"form\": {\"request\": \"补缴2025年漏缴月份后开具缴存证明\", \"phone\": \"13800138000\"}}";
        Answer a = as(TENANT).json("POST", "/api/services/v1/services/gjj-certificate/applications", form, "Idempotency-Key", "cert-" + System.nanoTime());
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        long id = a.json().get("id").asLong();
        assertThat(a.json().get("state").asString()).isEqualTo("UNDER_REVIEW");
        JsonNode queue = as("gjj.officer").get("/api/services/v1/queue").json();
        assertThat(queue.get("applications").findValues("id").stream().map(JsonNode::asLong).toList()).contains(id);
        assertThat(as("jinshui").get("/api/services/v1/queue").status()).isEqualTo(403);

        Answer noReason = as("gjj.officer").json("POST", "/api/services/v1/applications/" + id + "/review", "{\"decision\": \"RETURN\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("field").asString()).isEqualTo("reason");
        Answer returned = as("gjj.officer").json("POST", "/api/services/v1/applications/" + id + "/review",
                "{\"decision\": \"RETURN\", \"reason\": \"请写明需要证明的缴存起止月份\"}");
        assertThat(returned.json().get("state").asString()).isEqualTo("RETURNED");
        assertThat(as("gjj.officer").json("POST", "/api/services/v1/applications/" + id + "/review", "{\"decision\": \"APPROVE\"}").status())
                .as("a returned one waits for the citizen").isEqualTo(409);

        Answer corrected = as(TENANT).json("POST", "/api/services/v1/applications/" + id + "/correction",
                "{\"form\": {\"request\": \"开具2019年1月至2026年11月的缴存证明\", \"phone\": \"13800138000\"}}");
        assertThat(corrected.json().get("state").asString()).isEqualTo("UNDER_REVIEW");
        Answer approved = as("gjj.officer").json("POST", "/api/services/v1/applications/" + id + "/review", "{\"decision\": \"APPROVE\"}");
        assertThat(approved.json().get("state").asString()).isEqualTo("APPROVED");
        List<String> kinds = as(TENANT).get("/api/services/v1/applications/" + id).json().get("steps").findValues("kind").stream().map(JsonNode::asString).toList();
        assertThat(kinds).containsSubsequence("SUBMITTED", "DECIDED", "RETURNED", "CORRECTED", "DECIDED", "REVIEWED", "APPROVED");
    }

    @Test
    void anOfficialPublishesANewVersionWithoutCodeAndApplicationsInFlightKeepTheirs() {
        String form = "{\"form\": {\"request\": \"转入：原缴存地北京\", \"phone\": \"13800138000\"}}";
        long inFlight = as(TENANT).json("POST", "/api/services/v1/services/gjj-transfer/applications", form, "Idempotency-Key", "tr-" + System.nanoTime())
                .json().get("id").asLong();
        JsonNode current = as("gjj.officer").get("/api/services/v1/services/gjj-transfer").json();
        int before = current.get("version").asInt();
        ObjectNode next = (ObjectNode) current.get("definition").deepCopy();
        next.put("promisedDays", 3);
        ((ObjectNode) next.get("form").get("properties")).putObject("fromCity").put("type", "string").put("x-labelZh", "转出城市").put("x-labelEn", "From city");
        Answer published = as("gjj.officer").json("POST", "/api/services/v1/services", next.toString());
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.json().get("version").asInt()).isEqualTo(before + 1);
        assertThat(as("gjj.officer").get("/api/services/v1/services/gjj-transfer").json().get("promisedDays").asInt()).isEqualTo(3);
        assertThat(as(TENANT).get("/api/services/v1/applications/" + inFlight).json().get("serviceVersion").asInt()).isEqualTo(before);
        Answer approved = as("gjj.officer").json("POST", "/api/services/v1/applications/" + inFlight + "/review", "{\"decision\": \"APPROVE\"}");
        assertThat(approved.json().get("state").asString()).as("finished on the version it started on").isEqualTo("APPROVED");

        // another department's service is not hers to publish
        ObjectNode foreign = next.deepCopy();
        foreign.put("department", "郑州市教育局");
        assertThat(as("gjj.officer").json("POST", "/api/services/v1/services", foreign.toString()).status()).isEqualTo(403);
    }

    @Test
    void aDefinitionThatDoesNotValidateIsRefusedWithTheReason() {
        ObjectNode d = (ObjectNode) as("gjj.officer").get("/api/services/v1/services/gjj-withdrawal").json().get("definition").deepCopy();
        // the table reads a field the form lacks
        ((ObjectNode) d.get("form").get("properties")).remove("monthlyRent");
        Answer noField = as("gjj.officer").json("POST", "/api/services/v1/services", d.toString());
        assertThat(noField.status()).isEqualTo(400);
        assertThat(noField.body()).contains("monthlyRent");

        // an outcome the workflow does not know, which would fail the first application it decides
        ObjectNode o = (ObjectNode) as("gjj.officer").get("/api/services/v1/services/gjj-withdrawal").json().get("definition").deepCopy();
        o.put("eligibility", o.get("eligibility").asString().replaceFirst("<text>\"GRANT\"</text>", "<text>\"APPROVE\"</text>"));
        Answer unknownOutcome = as("gjj.officer").json("POST", "/api/services/v1/services", o.toString());
        assertThat(unknownOutcome.status()).isEqualTo(400);
        assertThat(unknownOutcome.body()).contains("is not GRANT, REFUSE or REVIEW");

        // a workflow with no end
        ObjectNode w = (ObjectNode) as("gjj.officer").get("/api/services/v1/services/gjj-certificate").json().get("definition").deepCopy();
        w.set("workflow", json.createObjectNode().put("bpmn", """
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
                  <process id="svc_gjj_certificate" isExecutable="true"><startEvent id="start"/></process>
                </definitions>"""));
        Answer noEnd = as("gjj.officer").json("POST", "/api/services/v1/services", w.toString());
        assertThat(noEnd.status()).isEqualTo(400);
        assertThat(noEnd.body()).contains("the workflow has no end");

        // a shared material the department holds no grant for
        ObjectNode m = w.deepCopy();
        m.set("workflow", json.createObjectNode().put("template", "REVIEW"));
        m.putArray("materials").addObject().put("name", "household").put("labelZh", "户籍").put("labelEn", "Household register").put("origin", "SHARED")
                .put("dataset", "household-registry");
        Answer noGrant = as("gjj.officer").json("POST", "/api/services/v1/services", m.toString());
        assertThat(noGrant.status()).isEqualTo(400);
        assertThat(noGrant.json().findValues("field").stream().map(JsonNode::asString).toList()).contains("materials[0].dataset");
        assertThat(noGrant.body()).contains("apply for it first");
    }
}
