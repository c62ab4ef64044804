package org.citybrain.health;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The health code over HTTP: tokens, rotation, replay, mutual recognition, declarations, corrections, manual acts, rules. */
@CityBrainTest
class HealthCodeTest {

    static final String LI_HUA = "410103199209030027";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, org.citybrain.DemoAccounts.password(user));
    }

    String requestCode() {
        Answer a = as(LI_HUA).json("POST", "/api/health/v1/codes", null);
        assertThat(a.status()).isEqualTo(200);
        return a.json().get("token").asString();
    }

    JsonNode verify(String token) {
        return as("jinshui.worker").json("POST", "/api/health/v1/codes/verify", "{\"token\":\"" + token + "\"}").json();
    }

    @Test
    void aCodeIsASignedTokenThatVerifiesAndSurvivesKeyRotation() {
        Answer issued = as(LI_HUA).json("POST", "/api/health/v1/codes", null);
        JsonNode code = issued.json();
        assertThat(code.get("issuer").asString()).isEqualTo("410100");
        assertThat(code.get("token").asString().length()).isLessThan(600); // fits a QR code comfortably
        assertThat(Instant.parse(code.get("expiresAt").asString())).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(3600));
        JsonNode check = verify(code.get("token").asString());
        assertThat(check.get("refusal").isNull()).isTrue();
        assertThat(check.get("colour").asString()).isEqualTo(code.get("colour").asString());
        assertThat(check.get("maskedIdNumber").asString()).doesNotContain("199209");

        // Rotation: new codes carry the new key, old codes still verify until they expire; both keys are published.
        assertThat(as("bigdata").json("POST", "/api/health/v1/issuer/rotate", null).status()).isEqualTo(200);
        assertThat(verify(code.get("token").asString()).get("refusal").isNull()).isTrue();
        String fresh = requestCode();
        assertThat(verify(fresh).get("refusal").isNull()).isTrue();
        JsonNode jwks = CityBrainClient.anonymous(port).get("/api/health/v1/issuer/jwks.json").json();
        assertThat(jwks.get("keys").size()).isGreaterThanOrEqualTo(2);
        assertThat(jwks.toString()).doesNotContain("\"d\""); // public keys only
        // Only the data bureau rotates keys.
        assertThat(as(LI_HUA).json("POST", "/api/health/v1/issuer/rotate", null).status()).isEqualTo(403);
    }

    @Test
    void aCodeShownTwiceAtScanPointsIsAReplay() {
        String token = requestCode();
        String gate = "gate-410103001001";
        JsonNode first = as(gate).json("POST", "/api/scan/v1/devices/" + gate + "/scans", "{\"seq\":\"" + UUID.randomUUID() + "\",\"code\":\"" + token + "\"}").json();
        assertThat(first.get("reason").asString()).isNotEqualTo("CODE_REPLAYED").doesNotStartWith("CODE_");
        JsonNode second = as(gate).json("POST", "/api/scan/v1/devices/" + gate + "/scans", "{\"seq\":\"" + UUID.randomUUID() + "\",\"code\":\"" + token + "\"}").json();
        assertThat(second.get("decision").asString()).isEqualTo("DENY");
        assertThat(second.get("reason").asString()).isEqualTo("CODE_REPLAYED");
        // Verifying (a query) does not use a token up.
        String other = requestCode();
        assertThat(verify(other).get("refusal").isNull()).isTrue();
        assertThat(verify(other).get("refusal").isNull()).isTrue();
    }

    @Test
    void codesOfTrustedRegionsAreRecognisedUntilTheirKeyIsRevoked() throws Exception {
        ECKey shanghai = new ECKeyGenerator(Curve.P_256).keyID("310000-test-" + UUID.randomUUID()).generate();
        String trust = "{\"issuer\":\"310000\",\"name\":\"上海市\",\"jwk\":" + shanghai.toPublicJWK().toJSONString() + "}";
        assertThat(as(LI_HUA).json("POST", "/api/health/v1/trust-list", trust).status()).isEqualTo(403);
        String token = foreign(shanghai, "310000", "GREEN");
        assertThat(verify(token).get("refusal").asString()).isEqualTo("UNKNOWN_ISSUER");
        assertThat(as("health").json("POST", "/api/health/v1/trust-list", trust).status()).isEqualTo(200);

        JsonNode check = verify(token);
        assertThat(check.get("refusal").isNull()).isTrue();
        assertThat(check.get("issuer").asString()).isEqualTo("310000");
        JsonNode atGate = as("gate-410103001001").json("POST", "/api/scan/v1/devices/gate-410103001001/scans",
                "{\"seq\":\"" + UUID.randomUUID() + "\",\"code\":\"" + token + "\"}").json();
        assertThat(atGate.get("decision").asString()).isEqualTo("ALLOW");
        assertThat(atGate.get("reason").asString()).isEqualTo("VISITOR_GREEN");
        // A private key is never accepted onto the trust list.
        assertThat(as("health").json("POST", "/api/health/v1/trust-list", "{\"issuer\":\"320000\",\"name\":\"x\",\"jwk\":" + shanghai.toJSONString() + "}")
                .json().get("field").asString()).isEqualTo("jwk");

        assertThat(as("health").request("DELETE", "/api/health/v1/trust-list/" + shanghai.getKeyID(), null).status()).isEqualTo(204);
        assertThat(verify(foreign(shanghai, "310000", "GREEN")).get("refusal").asString()).isEqualTo("REVOKED_ISSUER");
    }

    @Test
    void declarationsRefuseImpossibleValuesAndRecordARetryOnce() {
        CityBrainClient li = as(LI_HUA);
        Answer hot = li.json("POST", "/api/health/v1/declarations/health", "{\"temperature\":60}");
        assertThat(hot.status()).isEqualTo(400);
        assertThat(hot.json().get("field").asString()).isEqualTo("temperature");
        Answer word = li.json("POST", "/api/health/v1/declarations/health", "{\"temperature\":\"hot\"}");
        assertThat(word.status()).isEqualTo(400);
        assertThat(word.json().get("field").asString()).isEqualTo("temperature");
        Answer backwards = li.json("POST", "/api/health/v1/declarations/trip",
                "{\"origin\":\"410200\",\"departedAt\":\"2026-11-20T10:00:00Z\",\"arrivedAt\":\"2026-11-20T08:00:00Z\"}");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("field").asString()).isEqualTo("arrivedAt");
        Answer nowhere = li.json("POST", "/api/health/v1/declarations/trip", "{\"origin\":\"12\",\"departedAt\":\"2026-11-20T10:00:00Z\",\"arrivedAt\":\"2026-11-20T12:00:00Z\"}");
        assertThat(nowhere.json().get("field").asString()).isEqualTo("divisionCode");
        // Staff cannot declare for a citizen through her endpoint.
        assertThat(as("erqi.worker").json("POST", "/api/health/v1/declarations/health", "{\"temperature\":36.5}").status()).isEqualTo(403);

        long resident = jdbc.queryForObject("select id from resident where id_number = ?", Long.class, LI_HUA);
        long before = jdbc.queryForObject("select count(*) from health_fact where resident_id = ?", Long.class, resident);
        String key = UUID.randomUUID().toString();
        assertThat(li.json("POST", "/api/health/v1/declarations/health", "{\"temperature\":36.6}", "Idempotency-Key", key).status()).isEqualTo(201);
        assertThat(li.json("POST", "/api/health/v1/declarations/health", "{\"temperature\":36.6}", "Idempotency-Key", key).status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("select count(*) from health_fact where resident_id = ?", Long.class, resident)).isEqualTo(before + 1);
    }

    @Test
    void aFeverTurnsTheCodeYellowAndAnAcceptedCorrectionTurnsItBackWithTheOfficialOnRecord() {
        long resident = jdbc.queryForObject("select id from resident where id_number = ?", Long.class, LI_HUA);
        CityBrainClient li = as(LI_HUA);
        JsonNode fever = li.json("POST", "/api/health/v1/declarations/health", "{\"temperature\":38.2,\"symptoms\":\"咳嗽\"}").json();
        assertThat(fever.get("colour").asString()).isEqualTo("YELLOW");
        assertThat(fever.get("ruleId").asString()).isEqualTo("FEVER_DECLARED");
        long factId = jdbc.queryForObject("select max(id) from health_fact where resident_id = ? and kind = 'HEALTH_DECLARATION'", Long.class, resident);

        String key = UUID.randomUUID().toString();
        Answer filed = li.json("POST", "/api/health/v1/corrections", "{\"request\":\"体温计故障，复测36.5\"}", "Idempotency-Key", key);
        assertThat(filed.status()).isEqualTo(201);
        li.json("POST", "/api/health/v1/corrections", "{\"request\":\"体温计故障，复测36.5\"}", "Idempotency-Key", key);
        assertThat(jdbc.queryForObject("select count(*) from health_correction where resident_id = ? and idempotency_key = ?", Long.class, resident, key))
                .isEqualTo(1);
        long id = filed.json().get("id").asLong();

        // It reaches the officials of her community, not others.
        assertThat(as("jinshui.worker").get("/api/health/v1/corrections").body()).doesNotContain("\"id\":" + id + ",");
        assertThat(as("jinshui.worker").json("POST", "/api/health/v1/corrections/" + id + "/answer", "{\"decision\":\"ACCEPT\",\"answer\":\"x\"}").status())
                .isEqualTo(403);
        assertThat(as("erqi.worker").get("/api/health/v1/corrections").body()).contains("体温计故障");
        // Accepting without a legal reason is refused.
        Answer noReason = as("erqi.worker").json("POST", "/api/health/v1/corrections/" + id + "/answer",
                "{\"decision\":\"ACCEPT\",\"answer\":\"已核实\",\"voidFactId\":\"" + factId + "\"}");
        assertThat(noReason.json().get("field").asString()).isEqualTo("legalReason");
        Answer accepted = as("erqi.worker").json("POST", "/api/health/v1/corrections/" + id + "/answer",
                "{\"decision\":\"ACCEPT\",\"answer\":\"已核实，复测正常\",\"voidFactId\":\"" + factId + "\",\"legalReason\":\"《个人信息保护法》第四十六条：更正不准确的个人信息\"}");
        assertThat(accepted.json().get("status").asString()).isEqualTo("ACCEPTED");

        JsonNode info = li.get("/api/health/v1/information").json();
        assertThat(info.get("colour").asString()).isEqualTo("GREEN");
        JsonNode change = info.get("changes").get(0);
        assertThat(change.get("from").asString()).isEqualTo("YELLOW");
        assertThat(change.get("official").asString()).isEqualTo("erqi.worker");
        assertThat(change.get("legalReason").asString()).contains("个人信息保护法");
        assertThat(info.get("corrections").get(0).get("answer").asString()).contains("复测正常");
    }

    @Test
    void aManualColourNeedsAnAuthorisedOfficialAndALegalReason() {
        long resident = jdbc.queryForObject("select min(id) from resident where community_code like '410102%'", Long.class);
        String until = Instant.now().plusSeconds(86_400).toString();
        assertThat(as("jinshui.worker").json("POST", "/api/health/v1/residents/" + resident + "/colour",
                "{\"colour\":\"RED\",\"until\":\"" + until + "\",\"legalReason\":\"x\"}").status()).isEqualTo(403);
        Answer noReason = as("health").json("POST", "/api/health/v1/residents/" + resident + "/colour", "{\"colour\":\"RED\",\"until\":\"" + until + "\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("field").asString()).isEqualTo("legalReason");
        JsonNode red = as("health").json("POST", "/api/health/v1/residents/" + resident + "/colour",
                "{\"colour\":\"RED\",\"until\":\"" + until + "\",\"legalReason\":\"《传染病防治法》第三十九条\"}").json();
        assertThat(red.get("colour").asString()).isEqualTo("RED");
        assertThat(red.get("ruleId").asString()).isEqualTo("MANUAL_RED");
        JsonNode info = as("health").get("/api/health/v1/residents/" + resident + "/information").json();
        assertThat(info.get("changes").get(0).get("official").asString()).isEqualTo("health");
        assertThat(info.get("changes").get(0).get("legalReason").asString()).contains("传染病防治法");
        // A district official elsewhere cannot read it; the refusal is audited.
        assertThat(as("erqi").get("/api/health/v1/residents/" + resident + "/information").status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from audit_record where actor = 'erqi' and action = 'DENIED' and subject = ?", Long.class,
                "resident:" + resident)).isPositive();
    }

    @Test
    void theHealthCommissionPublishesRulesInVersions() throws Exception {
        String bundled = new String(getClass().getResourceAsStream("/health/decision-table.json").readAllBytes(), StandardCharsets.UTF_8);
        int before = as("health").get("/api/health/v1/rules").json().get("version").asInt();
        Answer published = as("health").json("PUT", "/api/health/v1/rules", bundled, "X-Note", "same rules, new version");
        assertThat(published.status()).isEqualTo(200);
        assertThat(published.json().get("version").asInt()).isEqualTo(before + 1);
        Answer open = as("health").json("PUT", "/api/health/v1/rules", bundled.replace("\"when\": {}, \"colour\": \"GREEN\"", "\"when\": {\"fever\": \"false\"}, \"colour\": \"GREEN\""));
        assertThat(open.status()).isEqualTo(400);
        assertThat(open.json().get("field").asString()).isEqualTo("rules");
        Answer unknownInput = as("health").json("PUT", "/api/health/v1/rules", bundled.replace("\"positive\": \"true\"", "\"vaccinated\": \"true\""));
        assertThat(unknownInput.json().get("field").asString()).startsWith("rules.POSITIVE_TEST.when");
        assertThat(as("jinshui.worker").json("PUT", "/api/health/v1/rules", bundled).status()).isEqualTo(403);
    }

    @Test
    void ourOwnIssuerCannotBePutOnTheTrustListAndAForeignCodeValidForYearsIsRefused() throws Exception {
        ECKey forger = new ECKeyGenerator(Curve.P_256).keyID("410100-forged-" + UUID.randomUUID()).generate();
        Answer own = as("health").json("POST", "/api/health/v1/trust-list",
                "{\"issuer\":\"410100\",\"name\":\"郑州市\",\"jwk\":" + forger.toPublicJWK().toJSONString() + "}");
        assertThat(own.status()).isEqualTo(400);
        assertThat(own.json().get("field").asString()).isEqualTo("issuer");
        assertThat(verify(foreign(forger, "410100", "GREEN")).get("refusal").asString()).isEqualTo("UNKNOWN_ISSUER");

        ECKey beijing = new ECKeyGenerator(Curve.P_256).keyID("110000-test-" + UUID.randomUUID()).generate();
        assertThat(as("health").json("POST", "/api/health/v1/trust-list",
                "{\"issuer\":\"110000\",\"name\":\"北京市\",\"jwk\":" + beijing.toPublicJWK().toJSONString() + "}").status()).isEqualTo(200);
        assertThat(verify(foreign(beijing, "110000", "GREEN", Duration.ofMinutes(5))).get("refusal").isNull()).isTrue();
        assertThat(verify(foreign(beijing, "110000", "GREEN", Duration.ofDays(3650))).get("refusal").asString()).isEqualTo("VALIDITY_TOO_LONG");
        String longId = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(beijing.getKeyID()).build(), new JWTClaimsSet.Builder().issuer("110000")
                .subject("bj-1").jwtID("j".repeat(500)).issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(60))).claim("col", "GREEN")
                .build()) {
            {
                sign(new ECDSASigner(beijing));
            }
        }.serialize();
        assertThat(verify(longId).get("refusal").asString()).isEqualTo("MALFORMED");
    }

    static String foreign(ECKey key, String issuer, String colour) throws Exception {
        return foreign(key, issuer, colour, Duration.ofSeconds(300));
    }

    static String foreign(ECKey key, String issuer, String colour, Duration validity) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("sh-" + UUID.randomUUID()).jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(validity))).claim("col", colour).claim("nm", "王*").claim("idm", "3101**********0011").build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
