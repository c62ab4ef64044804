package org.citybrain.datahub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing end to end, as the "done when" tells it: the Jinshui education bureau applies for the housing
 * register's owners of its district; the register's owner narrows the fields and grants it; the bureau's system takes
 * a token with the grant's client credential and reads through the data service — rows of its district only, fields of
 * the grant only, each call with a signed receipt the owner sees and anyone can verify, and each owner read seeing it
 * under "who read my data". Revocation stops the next call.
 */
@CityBrainTest
class SharingTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    ResidentRegistry residents;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    static final String APPLICATION = """
            {"datasetId": "housing-owners", "purpose": "2027年秋季小学入学资格审核（房产核验）", "basis": "《义务教育法》第十二条",
             "fields": ["certificate", "ownerName", "ownerIdNumber", "address", "district", "area"], "divisionCode": "%s", "months": 12}""";

    @Test
    void theEducationBureauReadsTheHousingOwnersOfItsDistrictUnderItsGrant() throws Exception {
        DemoFeedRuns.loaded(port, "housing-registry");
        CityBrainClient education = as("jinshui.education");
        CityBrainClient owner = as("resources");

        // rows outside its jurisdiction, or the whole city, are not for a district's bureau to ask
        Answer wrongRows = education.json("POST", "/api/datahub/v1/applications", APPLICATION.formatted("410103"));
        assertThat(wrongRows.status()).isEqualTo(400);
        assertThat(wrongRows.json().get("field").asString()).isEqualTo("divisionCode");
        Answer noPurpose = education.json("POST", "/api/datahub/v1/applications",
                "{\"datasetId\": \"housing-owners\", \"fields\": [\"nosuch\"], \"divisionCode\": \"410105\"}");
        assertThat(noPurpose.status()).isEqualTo(400);
        assertThat(noPurpose.json().get("errors").findValues("field").stream().map(JsonNode::asString).toList())
                .as("every problem at once").contains("purpose", "basis", "fields");

        String key = "edu-" + System.nanoTime();
        Answer filed = education.json("POST", "/api/datahub/v1/applications", APPLICATION.formatted("410105"), "Idempotency-Key", key);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        JsonNode application = filed.json().get("application");
        long id = application.get("id").asLong();
        assertThat(application.get("status").asString()).isEqualTo("PENDING");
        assertThat(application.get("ownerUnit").asString()).isEqualTo("郑州市自然资源和规划局");
        assertThat(Duration.between(Instant.parse(application.get("submittedAt").asString()), Instant.parse(application.get("dueAt").asString())).toDays())
                .as("10 working days: two weeks at least").isBetween(13L, 16L);
        assertThat(education.json("POST", "/api/datahub/v1/applications", APPLICATION.formatted("410105"), "Idempotency-Key", key).json()
                .get("application").get("id").asLong()).as("the same form twice is one application").isEqualTo(id);

        // another department may not decide it; the owner grants it without the addresses
        assertThat(as("jinshui.education").json("POST", "/api/datahub/v1/applications/" + id + "/decision", "{\"grant\": true}").status()).isEqualTo(403);
        Answer widened = owner.json("POST", "/api/datahub/v1/applications/" + id + "/decision", "{\"grant\": true, \"fields\": [\"ownerName\", \"mobile\"]}");
        assertThat(widened.status()).isEqualTo(400);
        assertThat(widened.body()).contains("mobile");
        Answer granted = owner.json("POST", "/api/datahub/v1/applications/" + id + "/decision",
                "{\"grant\": true, \"fields\": [\"certificate\", \"ownerName\", \"ownerIdNumber\", \"district\", \"area\"], \"perMinute\": 3, "
                        + "\"reason\": \"坐落不属于入学核验所需\"}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("application").get("status").asString()).isEqualTo("GRANTED");
        JsonNode grant = granted.json().get("grant");
        assertThat(grant.get("fields").valueStream().map(JsonNode::asString).toList())
                .containsExactly("certificate", "ownerName", "ownerIdNumber", "district", "area");
        assertThat(grant.get("divisionCode").asString()).isEqualTo("410105");
        assertThat(owner.json("POST", "/api/datahub/v1/applications/" + id + "/decision", "{\"grant\": false, \"reason\": \"x\"}").status())
                .as("decided once").isEqualTo(409);

        // the consumer's officer takes the client credential; its system takes a token (RFC 6749 4.4)
        assertThat(owner.json("POST", "/api/datahub/v1/grants/" + id + "/secret", "{}").status()).as("the consumer takes it, not the owner").isEqualTo(403);
        JsonNode credential = education.json("POST", "/api/datahub/v1/grants/" + id + "/secret", "{}").json();
        String clientId = credential.get("clientId").asString();
        String secret = credential.get("clientSecret").asString();
        CityBrainClient system = CityBrainClient.anonymous(port);
        Answer wrong = token(system, clientId, secret + "x");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asString()).isEqualTo("invalid_client");
        Answer tokenAnswer = token(system, clientId, secret);
        assertThat(tokenAnswer.status()).as(tokenAnswer.body()).isEqualTo(200);
        assertThat(tokenAnswer.json().get("token_type").asString()).isEqualTo("Bearer");
        String bearer = "Bearer " + tokenAnswer.json().get("access_token").asString();

        // a read: the district's rows, the granted fields, a signed receipt
        Answer read = system.request("GET", "/api/share/v1/datasets/housing-owners/records?size=500", null, "Authorization", bearer,
                "CityBrain-Issue", enc("入学〔2027〕0815号"), "CityBrain-User-Id", enc("金水区教育局 张老师"), "Accept", "application/json");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        JsonNode records = read.json().get("records");
        long inDistrict = jdbc.queryForObject("select count(*) from hub_record where dataset_id = 'housing-owners' and division_code like '410105%'", Long.class);
        assertThat(inDistrict).isPositive();
        assertThat(records.size()).isEqualTo((int) inDistrict);
        records.forEach(r -> {
            assertThat(r.get("district").asString()).startsWith("410105");
            assertThat(r.has("address")).as("a field the grant does not cover").isFalse();
        });
        String receipt = read.headers().firstValue("CityBrain-Receipt").orElseThrow();

        // fields outside the grant, a call without its case: refused, naming them
        Answer outside = system.request("GET", "/api/share/v1/datasets/housing-owners/records?fields=ownerName,address", null, "Authorization", bearer,
                "CityBrain-Issue", enc("入学〔2027〕0815号"), "CityBrain-User-Id", enc("张老师"));
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.json().get("field").asString()).isEqualTo("fields");
        assertThat(outside.json().get("detail").asString()).contains("address").doesNotContain("ownerName,");
        Answer noCase = system.request("GET", "/api/share/v1/datasets/housing-owners/records", null, "Authorization", bearer, "CityBrain-User-Id", enc("张老师"));
        assertThat(noCase.status()).isEqualTo(400);
        assertThat(noCase.json().get("field").asString()).isEqualTo("CityBrain-Issue");
        assertThat(system.request("GET", "/api/share/v1/datasets/pharmacies/records", null, "Authorization", bearer, "CityBrain-Issue", "x",
                "CityBrain-User-Id", "y").status()).as("another dataset").isEqualTo(403);

        // anyone holding the receipt verifies it with this city; a changed one fails
        assertThat(verify(system, receipt).get("valid").asBoolean()).isTrue();
        String[] parts = receipt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"records\":" + inDistrict).contains("入学〔2027〕0815号");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("\"records\":" + inDistrict, "\"records\":1")
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        JsonNode alteredCheck = verify(system, altered);
        assertThat(alteredCheck.get("valid").asBoolean()).isFalse();
        assertThat(alteredCheck.get("reason").asString()).contains("forged");
        assertThat(verify(system, "not-a-receipt").get("valid").asBoolean()).isFalse();

        // the people whose records were read see it under "who read my data"
        String someOwner = records.get(0).get("ownerIdNumber").asString();
        long resident = residents.findByIdNumber(IdNumber.parse(someOwner)).orElseThrow().residentId();
        assertThat(audit.about(PersonalDataAccess.residentSubject(resident), 20)).anySatisfy(r -> {
            assertThat(r.actor()).contains("金水区教育局");
            assertThat(r.purpose()).contains("入学〔2027〕0815号");
        });

        // the owner sees the exchange log of its grant, and the chain verifies
        JsonNode log = owner.get("/api/datahub/v1/grants/" + id + "/receipts").json();
        assertThat(log.get("total").asLong()).isEqualTo(1);
        assertThat(log.get("verification").get("valid").asBoolean()).isTrue();
        assertThat(as("health").get("/api/datahub/v1/grants/" + id + "/receipts").status()).as("not a party").isEqualTo(403);
        String logPage = owner.get("/datahub/exchange?chain=grant:" + id + "&lang=zh_CN", "text/html").body();
        assertThat(logPage).contains("tag-chain-VALID").contains("入学〔2027〕0815号");
        assertThat(owner.get("/datahub/exchange?lang=zh_CN", "text/html").body()).contains("grant:" + id).contains("金水区教育局");

        // the grant's rate: three calls a minute (a calendar minute: should one end between these calls, three more pass)
        Answer tooMany = null;
        for (int i = 0; i < 7 && tooMany == null; i++) {
            Answer a = system.request("GET", "/api/share/v1/datasets/housing-owners/records?size=1", null, "Authorization", bearer, "CityBrain-Issue", "c" + i,
                    "CityBrain-User-Id", enc("张老师"));
            if (a.status() != 200) {
                tooMany = a;
            }
        }
        assertThat(tooMany).as("refused within two minutes' allowance").isNotNull();
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.headers().firstValue("Retry-After")).isPresent();

        // revoked: the next call is refused, and no new token is given
        assertThat(owner.json("POST", "/api/datahub/v1/grants/" + id + "/revocation", "{\"reason\": \"\"}").status()).isEqualTo(400);
        assertThat(owner.json("POST", "/api/datahub/v1/grants/" + id + "/revocation", "{\"reason\": \"招生工作结束\"}").status()).isEqualTo(200);
        Answer afterRevocation = system.request("GET", "/api/share/v1/datasets/housing-owners/records?size=1", null, "Authorization", bearer,
                "CityBrain-Issue", "c", "CityBrain-User-Id", enc("张老师"));
        assertThat(afterRevocation.status()).isEqualTo(403);
        assertThat(afterRevocation.json().get("detail").asString()).contains("招生工作结束");
        assertThat(token(system, clientId, secret).json().get("error").asString()).isEqualTo("invalid_grant");

        // a receipt cut from the end of the chain, or one changed in the database, shows
        jdbc.update("update exchange_receipt set records = records + 1 where chain = ? and chain_seq = 2", "grant:" + id);
        JsonNode broken = owner.get("/api/datahub/v1/grants/" + id + "/receipts").json().get("verification");
        assertThat(broken.get("valid").asBoolean()).isFalse();
        assertThat(broken.get("brokenAt").asLong()).isEqualTo(2);
    }

    @Test
    void anUnconditionalDatasetIsGrantedAtOnceAndAnUnansweredOneIsEscalated(@Autowired org.springframework.context.ApplicationContext context)
            throws Exception {
        DemoFeedRuns.loaded(port, "pharmacies");
        Answer pharmacies = as("jinshui.education").json("POST", "/api/datahub/v1/applications", """
                {"datasetId": "pharmacies", "purpose": "校园周边退热药品供应", "fields": ["name", "district", "sellsFeverMedicine"], "divisionCode": "410105"}""");
        assertThat(pharmacies.status()).as(pharmacies.body()).isEqualTo(201);
        assertThat(pharmacies.json().get("application").get("status").asString()).isEqualTo("GRANTED");
        assertThat(pharmacies.json().get("grant").get("fields").size()).isEqualTo(3);

        Answer arrivals = as("jinshui.education").json("POST", "/api/datahub/v1/applications", """
                {"datasetId": "railway-arrivals", "purpose": "返校学生健康排查", "basis": "《传染病防治法》", "fields": ["name"], "divisionCode": "410105"}""");
        assertThat(arrivals.status()).as(arrivals.body()).isEqualTo(201);
        long id = arrivals.json().get("application").get("id").asLong();
        Instant due = Instant.parse(arrivals.json().get("application").get("dueAt").asString());
        var watch = context.getBean(Class.forName("org.citybrain.datahub.internal.Sharing"));
        var method = watch.getClass().getDeclaredMethod("watchTimeLimits", Instant.class);
        method.setAccessible(true);
        method.invoke(watch, due.minus(Duration.ofDays(1)));
        JsonNode reminded = as("bigdata").get("/api/datahub/v1/applications/" + id).json().get("application");
        assertThat(reminded.get("remindedAt").isNull()).as("reminded before the limit").isFalse();
        assertThat(reminded.get("escalatedAt").isNull()).isTrue();
        method.invoke(watch, due.plusSeconds(1));
        assertThat(as("bigdata").get("/api/datahub/v1/applications/" + id).json().get("application").get("escalatedAt").isNull())
                .as("escalated to the bureau after it").isFalse();
        Answer refused = as("bigdata").json("POST", "/api/datahub/v1/applications/" + id + "/decision", "{\"grant\": false, \"reason\": \"\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asString()).isEqualTo("reason");
        assertThat(as("bigdata").json("POST", "/api/datahub/v1/applications/" + id + "/decision", "{\"grant\": false, \"reason\": \"须经卫健委申请\"}")
                .json().get("application").get("status").asString()).isEqualTo("REFUSED");
    }

    /** Header values are ASCII: Chinese text travels percent-encoded. */
    static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Answer token(CityBrainClient client, String id, String secret) {
        return client.request("POST", "/api/share/v1/token", "grant_type=client_credentials", "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode verify(CityBrainClient client, String receipt) {
        return client.request("POST", "/api/share/v1/receipts/verify", receipt, "Content-Type", "text/plain", "Accept", "application/json").json();
    }

    /**
     * A module's dataset through the data service: the education bureau is granted the population register's residents
     * of its district (names and birth dates, for school places) by the big-data bureau that keeps it; the register
     * answers from the population module, projected to the grant and receipted, and each child read sees it.
     */
    @Test
    void thePopulationRegisterIsServedUnderAGrantLikeAnyDataset() throws Exception {
        CityBrainClient education = as("jinshui.education");
        Answer filed = education.json("POST", "/api/datahub/v1/applications", """
                {"datasetId": "residents", "purpose": "2027年秋季小学入学适龄儿童核验", "basis": "《义务教育法》第十一条",
                 "fields": ["idNumber", "name", "birthDate", "communityCode"], "divisionCode": "410105", "months": 6}""");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().get("application").get("id").asLong();
        assertThat(filed.json().get("application").get("ownerUnit").asString()).isEqualTo("郑州市大数据管理局");
        Answer granted = as("bigdata").json("POST", "/api/datahub/v1/applications/" + id + "/decision", "{\"grant\": true}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        JsonNode credential = education.json("POST", "/api/datahub/v1/grants/" + id + "/secret", "{}").json();
        CityBrainClient system = CityBrainClient.anonymous(port);
        String bearer = "Bearer " + token(system, credential.get("clientId").asString(), credential.get("clientSecret").asString()).json()
                .get("access_token").asString();

        Answer read = system.request("GET", "/api/share/v1/datasets/residents/records?size=50", null, "Authorization", bearer,
                "CityBrain-Issue", enc("入学〔2027〕0901号"), "CityBrain-User-Id", enc("金水区教育局 李老师"), "Accept", "application/json");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        long inDistrict = jdbc.queryForObject("select count(*) from resident where community_code like '410105%'", Long.class);
        assertThat(read.json().get("total").asLong()).isEqualTo(inDistrict);
        JsonNode records = read.json().get("records");
        assertThat(records.size()).isEqualTo((int) Math.min(50, inDistrict));
        records.forEach(r -> {
            assertThat(r.get("communityCode").asString()).startsWith("410105");
            assertThat(r.has("mobile")).as("not granted").isFalse();
            assertThat(r.get("birthDate").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        });
        assertThat(read.headers().firstValue("CityBrain-Receipt")).isPresent();
        // one person's record by key; someone of another district is not in the grant's rows
        String child = records.get(0).get("idNumber").asString();
        assertThat(system.request("GET", "/api/share/v1/datasets/residents/records?key=" + child, null, "Authorization", bearer,
                "CityBrain-Issue", enc("入学〔2027〕0901号"), "CityBrain-User-Id", enc("李老师")).json().get("records").size()).isEqualTo(1);
        String elsewhere = jdbc.queryForObject("select id_number from resident where community_code like '410103%' fetch first 1 rows only", String.class);
        assertThat(system.request("GET", "/api/share/v1/datasets/residents/records?key=" + elsewhere, null, "Authorization", bearer,
                "CityBrain-Issue", enc("入学〔2027〕0901号"), "CityBrain-User-Id", enc("李老师")).json().get("records").size()).isZero();
        long resident = residents.findByIdNumber(IdNumber.parse(child)).orElseThrow().residentId();
        assertThat(audit.about(PersonalDataAccess.residentSubject(resident), 20)).anySatisfy(r -> {
            assertThat(r.actor()).contains("金水区教育局");
            assertThat(r.purpose()).contains("入学〔2027〕0901号");
        });
    }

    /** An unconditional dataset is granted at once: the city's places of the district, read through the data service. */
    @Test
    void theCitysPlacesAreGrantedAtOnceAndServed() throws Exception {
        CityBrainClient education = as("jinshui.education");
        Answer filed = education.json("POST", "/api/datahub/v1/applications", """
                {"datasetId": "places", "purpose": "学校周边场所与路段核查", "fields": ["id", "kind", "name", "location"], "divisionCode": "410105", "months": 12}""");
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertThat(filed.json().get("application").get("status").asString()).as("unconditional: no one to wait for").isEqualTo("GRANTED");
        long id = filed.json().get("application").get("id").asLong();
        JsonNode credential = education.json("POST", "/api/datahub/v1/grants/" + id + "/secret", "{}").json();
        CityBrainClient system = CityBrainClient.anonymous(port);
        String bearer = "Bearer " + token(system, credential.get("clientId").asString(), credential.get("clientSecret").asString()).json()
                .get("access_token").asString();
        Answer read = system.request("GET", "/api/share/v1/datasets/places/records?size=20", null, "Authorization", bearer,
                "CityBrain-Issue", enc("校园周边治理〔2026〕12号"), "CityBrain-User-Id", enc("金水区教育局 王老师"), "Accept", "application/json");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("total").asLong())
                .isEqualTo(jdbc.queryForObject("select count(*) from place where division_code like '410105%'", Long.class));
        JsonNode first = read.json().get("records").get(0);
        assertThat(first.get("location").get("type").asString()).isEqualTo("Point");
        assertThat(first.has("divisionCode")).as("not asked for").isFalse();
        assertThat(system.request("GET", "/api/share/v1/datasets/places/records?key=not-an-id", null, "Authorization", bearer,
                "CityBrain-Issue", "x", "CityBrain-User-Id", "y").json().get("records").size()).isZero();
    }
}
