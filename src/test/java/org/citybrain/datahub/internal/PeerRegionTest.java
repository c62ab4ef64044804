package org.citybrain.datahub.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.citybrain.CityBrainApplication;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.health.HealthCodes;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two CityBrains in one test: this one (Zhengzhou, 410100) and another region's (Kaifeng, 410200, its own database and
 * demo city). The bureaus exchange keys; Zhengzhou's health staff ask Kaifeng for a traveller's code status with a
 * signed request, and get Kaifeng's colour with a receipt Kaifeng signed, verified and kept in Zhengzhou's exchange
 * log; the traveller sees the read in Kaifeng. A request that is unsigned, signed by a stranger, altered, old or
 * replayed gets no answer.
 */
@CityBrainTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerRegionTest {

    static final String TRAVELLER = "410105198805120019";

    @LocalServerPort
    int port;
    @Autowired
    ExchangeKeys ourKeys;
    @Autowired
    JsonMapper json;
    @Autowired
    ExchangeLog zhengzhouLog;

    ConfigurableApplicationContext kaifeng;
    int kaifengPort;

    @BeforeAll
    void startAnotherRegion() {
        String run = Long.toString(System.nanoTime(), 36);
        kaifeng = new SpringApplicationBuilder(CityBrainApplication.class).run("--server.port=0", "--citybrain.mqtt.enabled=false",
                "--spring.datasource.url=jdbc:h2:mem:kaifeng-" + run + ";DB_CLOSE_DELAY=-1", "--logging.file.name=target/kaifeng.log",
                "--citybrain.health.issuer=410200", "--citybrain.demo.residents=800", "--citybrain.demo.simulator.scans-per-second=0",
                "--citybrain.demo.device-credentials=target/kaifeng-" + run + "/devices.properties",
                "--citybrain.datahub.inbox=target/kaifeng-" + run + "/inbox", "--citybrain.datahub.spool=target/kaifeng-" + run + "/spool",
                "--citybrain.audit.anchor-file=target/kaifeng-" + run + "/anchors.log", "--citybrain.audit.anchor-key=target/kaifeng-" + run + "/anchor-key");
        kaifengPort = Integer.parseInt(kaifeng.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    void stopIt() {
        if (kaifeng != null) {
            kaifeng.close();
        }
    }

    CityBrainClient zhengzhou(String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    CityBrainClient kaifeng(String user) {
        return CityBrainClient.basic(kaifengPort, user, DemoAccounts.PASSWORD);
    }

    /** Each bureau adds the other as its region describes itself: the exchange of keys. */
    void exchangeKeys() {
        JsonNode theirs = CityBrainClient.anonymous(kaifengPort).get("/api/exchange/v1/region").json();
        assertThat(theirs.get("id").asString()).isEqualTo("410200");
        assertThat(theirs.get("questions").toString()).contains("health-code-status").contains("family-records");
        JsonNode ours = CityBrainClient.anonymous(port).get("/api/exchange/v1/region").json();
        assertThat(zhengzhou("bigdata").json("PUT", "/api/datahub/v1/peers/410200", """
                {"name": "开封市城市大脑", "baseUrl": "http://127.0.0.1:%d", "jwks": %s}""".formatted(kaifengPort, theirs.get("jwks"))).status()).isEqualTo(200);
        assertThat(kaifeng("bigdata").json("PUT", "/api/datahub/v1/peers/410100", """
                {"name": "郑州市城市大脑", "baseUrl": "http://127.0.0.1:%d", "jwks": %s}""".formatted(port, ours.get("jwks"))).status()).isEqualTo(200);
    }

    @Test
    void zhengzhouAsksKaifengForATravellersCodeStatus() {
        exchangeKeys();
        Answer asked = zhengzhou("health").json("POST", "/api/datahub/v1/peers/410200/questions/health-code-status", """
                {"question": {"idNumber": "%s"}, "issue": "郑州东站到站核验 2026-12-02", "purpose": "旅客健康码互认"}""".formatted(TRAVELLER));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        JsonNode answer = asked.json().get("answer");
        assertThat(answer.get("known").asBoolean()).isTrue();
        assertThat(answer.get("issuer").asString()).isEqualTo("410200");
        assertThat(answer.get("idNumber").asString()).as("masked").doesNotContain("19880512");
        long resident = kaifeng.getBean(ResidentRegistry.class).findByIdNumber(IdNumber.parse(TRAVELLER)).orElseThrow().residentId();
        assertThat(answer.get("colour").asString()).isEqualTo(kaifeng.getBean(HealthCodes.class).colourOf(resident).name());

        // the receipt Kaifeng signed verifies with Kaifeng, and Zhengzhou's exchange log keeps it
        String receipt = asked.json().get("receipt").asString();
        JsonNode check = CityBrainClient.anonymous(kaifengPort).request("POST", "/api/share/v1/receipts/verify", receipt, "Content-Type", "text/plain",
                "Accept", "application/json").json();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
        assertThat(kaifeng.getBean(ExchangeLog.class).verifyChain("peer:410200-410100").valid()).isTrue();
        assertThat(zhengzhouLog.ofChain("peer:410200-410100", 0, 10)).anySatisfy(r -> {
            assertThat(r.side()).isEqualTo(ExchangeLog.Side.CONSUMED);
            assertThat(r.exchange().service()).isEqualTo("health-code-status");
            assertThat(r.exchange().userId()).contains("health");
        });

        // Zhengzhou's exchange log keeps Kaifeng's receipts and checks them against Kaifeng's key
        String page = zhengzhou("bigdata").get("/datahub/exchange?chain=peer:410200-410100&lang=zh_CN", "text/html").body();
        assertThat(page).contains("tag-chain-VALID").contains("health-code-status").contains("郑州东站到站核验");

        // the traveller sees in Kaifeng that Zhengzhou read the code status, and why
        JsonNode accessLog = CityBrainClient.basic(kaifengPort, TRAVELLER, DemoAccounts.PASSWORD).get("/api/me/access-log").json();
        assertThat(accessLog.toString()).contains("互信城市:郑州市城市大脑").contains("旅客健康码互认");

        // a person Kaifeng does not know: known false, nobody to tell
        Answer stranger = zhengzhou("health").json("POST", "/api/datahub/v1/peers/410200/questions/health-code-status", """
                {"question": {"idNumber": "%s"}, "issue": "x", "purpose": "旅客健康码互认"}""".formatted(IdNumber.of("650102", java.time.LocalDate.of(1970, 1, 1), 3).value()));
        assertThat(stranger.json().get("answer").get("known").asBoolean()).isFalse();
        assertThat(zhengzhou("jinshui.education").json("POST", "/api/datahub/v1/peers/410200/questions/health-code-status",
                "{\"question\": {}, \"issue\": \"x\", \"purpose\": \"y\"}").status()).as("not a role that asks").isEqualTo(403);
    }

    /**
     * A family moves from Kaifeng to Zhengzhou: Zhengzhou's community worker asks Kaifeng for the household's records
     * with the applicant's ID number, the household number from the household book and the migration case; Kaifeng
     * answers from its household register with every member, and each member sees the read there. A wrong household
     * number learns nothing, not even that the person is known.
     */
    @Test
    void zhengzhouAsksKaifengForAMovingFamilysHouseholdRecords() throws Exception {
        exchangeKeys();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !kaifeng("bigdata").get("/api/datahub/v1/runs?source=household-registry").body().contains("SUCCEEDED")) {
            Thread.sleep(250);
        }
        org.springframework.jdbc.core.JdbcTemplate kaifengDb = kaifeng.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        JsonNode head = json.readTree(kaifengDb.queryForObject("select data from hub_record where dataset_id = 'household-registry'"
                + " and data like '%\"relation\":\"HEAD\"%' order by record_key fetch first 1 rows only", String.class));
        String householdNo = head.get("householdNo").asString();
        long members = kaifengDb.queryForList("select data from hub_record where dataset_id = 'household-registry'", String.class).stream()
                .filter(d -> d.contains("\"householdNo\":\"" + householdNo + "\"")).count();

        Answer asked = zhengzhou("jinshui.worker").json("POST", "/api/datahub/v1/peers/410200/questions/family-records", """
                {"question": {"idNumber": "%s", "householdNo": "%s", "case": "迁入〔2026〕1203号"}, "issue": "迁入〔2026〕1203号", "purpose": "户口迁入登记"}"""
                .formatted(head.get("idNumber").asString(), householdNo));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        JsonNode answer = asked.json().get("answer");
        assertThat(answer.get("known").asBoolean()).isTrue();
        assertThat(answer.get("members").size()).isEqualTo((int) members);
        assertThat(answer.get("members").findValues("idNumber").stream().map(JsonNode::asString).toList()).contains(head.get("idNumber").asString());
        assertThat(answer.get("address").asString()).isEqualTo(head.get("address").asString());
        String someMember = answer.get("members").get(0).get("idNumber").asString();
        long memberId = kaifeng.getBean(ResidentRegistry.class).findByIdNumber(IdNumber.parse(someMember)).orElseThrow().residentId();
        assertThat(kaifeng.getBean(org.citybrain.audit.AuditTrail.class).about(org.citybrain.audit.PersonalDataAccess.residentSubject(memberId), 20))
                .as("what the member sees under who read my data").anySatisfy(r -> {
                    assertThat(r.actor()).contains("郑州市城市大脑");
                    assertThat(r.what() + r.purpose()).contains("迁入〔2026〕1203号");
                });

        Answer fishing = zhengzhou("jinshui.worker").json("POST", "/api/datahub/v1/peers/410200/questions/family-records", """
                {"question": {"idNumber": "%s", "householdNo": "410000000000", "case": "x"}, "issue": "x", "purpose": "户口迁入登记"}"""
                .formatted(head.get("idNumber").asString()));
        assertThat(fishing.json().get("answer").get("known").asBoolean()).isFalse();
        assertThat(fishing.json().get("answer").has("members")).isFalse();
        Answer incomplete = zhengzhou("jinshui.worker").json("POST", "/api/datahub/v1/peers/410200/questions/family-records", """
                {"question": {"idNumber": "%s"}, "issue": "x", "purpose": "户口迁入登记"}""".formatted(head.get("idNumber").asString()));
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.body()).contains("householdNo").contains("case");
    }

    @Test
    void aRequestThatIsUnsignedForgedAlteredOldOrReplayedGetsNoAnswer() throws Exception {
        exchangeKeys();
        byte[] body = ("{\"idNumber\": \"" + TRAVELLER + "\"}").getBytes(StandardCharsets.UTF_8);
        CityBrainClient anyone = CityBrainClient.anonymous(kaifengPort);
        assertThat(ask(anyone, body, null).status()).isEqualTo(401);

        String signed = ourKeys.sign(ExchangeKeys.REQUEST, claims(body, Instant.now(), "410100"));
        assertThat(ask(anyone, body, signed).status()).isEqualTo(200);
        Answer replayed = ask(anyone, body, signed);
        assertThat(replayed.status()).as("a replay").isEqualTo(409);
        assertThat(ask(anyone, "{\"idNumber\": \"410105199001010011\"}".getBytes(StandardCharsets.UTF_8),
                ourKeys.sign(ExchangeKeys.REQUEST, claims(body, Instant.now(), "410100"))).status()).as("another body than the one signed").isEqualTo(403);
        assertThat(ask(anyone, body, ourKeys.sign(ExchangeKeys.REQUEST, claims(body, Instant.now().minusSeconds(900), "410100"))).status())
                .as("too old").isEqualTo(403);
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
        Answer forged = ask(anyone, body, sign(stranger, claims(body, Instant.now(), "410100")));
        assertThat(forged.status()).as("signed with a key that is not Zhengzhou's").isEqualTo(403);
        assertThat(ask(anyone, body, sign(stranger, claims(body, Instant.now(), "310100"))).status()).as("a region Kaifeng does not trust").isEqualTo(403);
    }

    private String sign(ECKey key, String payload) throws Exception {
        com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                .keyID(key.getKeyID()).type(ExchangeKeys.REQUEST).build(), new com.nimbusds.jose.Payload(payload));
        jws.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        return jws.serialize();
    }

    private String claims(byte[] body, Instant at, String from) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", from);
        c.put("aud", "410200");
        c.put("question", "health-code-status");
        c.put("bodyHash", DataService.sha256(body));
        c.put("issue", "测试");
        c.put("userId", "test");
        c.put("purpose", "测试");
        c.put("jti", UUID.randomUUID().toString());
        c.put("iat", at.getEpochSecond());
        return json.writeValueAsString(c);
    }

    private static Answer ask(CityBrainClient client, byte[] body, String signed) {
        return signed == null
                ? client.bytes("POST", "/api/exchange/v1/questions/health-code-status", body, "Content-Type", "application/json", "Accept", "application/json")
                : client.bytes("POST", "/api/exchange/v1/questions/health-code-status", body, "Content-Type", "application/json", "Accept", "application/json",
                "CityBrain-Request", signed);
    }

}
