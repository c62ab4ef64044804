package org.citybrain.scanpoint;

import java.util.UUID;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.population.Residency;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The device API: malformed scans, devices speaking for others, retries, batches and check-ins. */
@CityBrainTest
class ScanPointTest {

    static final String GATE = "gate-410105001001";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Residency residency;
    @Autowired
    ScanDevices devices;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, org.citybrain.DemoAccounts.password(user));
    }

    Answer scan(String device, String body) {
        return as(device).json("POST", "/api/scan/v1/devices/" + device + "/scans", body);
    }

    @Test
    void malformedScansAreRefusedNamingTheField() {
        String resident = residency.idNumbersIn("410105001001", 1).getFirst();
        assertField(scan(GATE, "{\"idNumber\":\"" + resident + "\"}"), "seq");
        assertField(scan(GATE, "{\"seq\":\"1\"}"), "idNumber");
        assertField(scan(GATE, "{\"seq\":\"1\",\"idNumber\":\"" + resident + "\",\"code\":\"x\"}"), "idNumber");
        assertField(scan(GATE, "{\"seq\":\"1\",\"idNumber\":\"410105198805120018\"}"), "idNumber"); // wrong check digit
        assertField(scan(GATE, "{\"seq\":\"1\",\"idNumber\":\"" + resident + "\",\"scannedAt\":\"yesterday\"}"), "scannedAt");
        assertField(scan(GATE, "{\"seq\":\"1\",\"idNumber\":\"" + resident + "\",\"scannedAt\":\"2099-01-01T00:00:00Z\"}"), "scannedAt");
        assertField(scan(GATE, "not json"), "body");
        String checkpoint = devices.devices(DeviceKind.CHECKPOINT, "", 1).getFirst().deviceId();
        assertField(scan(checkpoint, "{\"seq\":\"1\",\"idNumber\":\"" + resident + "\"}"), "origin");
        assertField(scan(checkpoint, "{\"seq\":\"1\",\"idNumber\":\"" + resident + "\",\"origin\":\"4101\"}"), "origin");
        assertField(scan(checkpoint, "{\"seq\":\"1\",\"idNumber\":\"" + resident + "\",\"origin\":\"410200\",\"plate\":\"DROP TABLE\"}"), "plate");
        Answer batch = as(GATE).json("POST", "/api/scan/v1/devices/" + GATE + "/scans/batch",
                "[{\"seq\":\"b1\",\"idNumber\":\"" + resident + "\"},{\"idNumber\":\"" + resident + "\"}]");
        assertField(batch, "scans[1].seq");
        assertThat(jdbc.queryForObject("select count(*) from scan where device_id = ? and seq in ('1', 'b1')", Long.class, GATE)).isZero();
    }

    @Test
    void aGateAnswersOnlyForItsOwnCommunityAndOnlyWithItsOwnCredential() {
        String resident = residency.idNumbersIn("410105001001", 1).getFirst();
        String body = "{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"" + resident + "\"}";
        // Another community's gate posting as this gate.
        assertThat(as("gate-410103001001").json("POST", "/api/scan/v1/devices/" + GATE + "/scans", body).status()).isEqualTo(403);
        // This gate claiming another community.
        Answer claim = scan(GATE, "{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"" + resident + "\",\"community\":\"410103001001\"}");
        assertThat(claim.status()).isEqualTo(403);
        assertThat(claim.json().get("field").asString()).isEqualTo("community");
        // No credential, a wrong one, a person's account.
        // (Without any credential the CSRF guard answers first: refused either way.)
        assertThat(CityBrainClient.anonymous(port).json("POST", "/api/scan/v1/devices/" + GATE + "/scans", body).status()).isIn(401, 403);
        assertThat(CityBrainClient.basic(port, GATE, "wrong").json("POST", "/api/scan/v1/devices/" + GATE + "/scans", body).status()).isEqualTo(401);
        assertThat(as("jinshui.worker").json("POST", "/api/scan/v1/devices/" + GATE + "/scans", body).status()).isEqualTo(403);
        // An unregistered device id with a device account is a 404, not a 500.
        assertThat(as("rain-gauge-001").json("POST", "/api/scan/v1/devices/rain-gauge-001/scans", body).status()).isEqualTo(404);
    }

    @Test
    void aRetriedScanIsStoredOnceAndAnswersTheSame() {
        String resident = residency.idNumbersIn("410105001001", 1).getFirst();
        String seq = UUID.randomUUID().toString();
        JsonNode first = scan(GATE, "{\"seq\":\"" + seq + "\",\"idNumber\":\"" + resident + "\"}").json();
        assertThat(first.get("decision").asString()).isEqualTo("ALLOW");
        assertThat(first.get("reason").asString()).isEqualTo("RESIDENT");
        assertThat(first.get("duplicate").asBoolean()).isFalse();
        JsonNode again = scan(GATE, "{\"seq\":\"" + seq + "\",\"idNumber\":\"" + resident + "\"}").json();
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(again.get("decision").asString()).isEqualTo("ALLOW");
        assertThat(jdbc.queryForObject("select count(*) from scan where device_id = ? and seq = ?", Long.class, GATE, seq)).isEqualTo(1);
    }

    @Test
    void aBatchIsDecidedInOrderWithRepeatsAnsweredOnce() {
        var people = residency.idNumbersIn("410105001001", 3);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String body = "[{\"seq\":\"" + a + "\",\"idNumber\":\"" + people.get(0) + "\"},{\"seq\":\"" + b + "\",\"idNumber\":\"" + people.get(1) + "\"},"
                + "{\"seq\":\"" + a + "\",\"idNumber\":\"" + people.get(0) + "\"},{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"110101199003070011\"}]";
        JsonNode decisions = as(GATE).json("POST", "/api/scan/v1/devices/" + GATE + "/scans/batch", body).json();
        assertThat(decisions.size()).isEqualTo(4);
        assertThat(decisions.get(0).get("seq").asString()).isEqualTo(a);
        assertThat(decisions.get(2).get("duplicate").asBoolean()).isTrue();
        assertThat(decisions.get(3).get("reason").asString()).isEqualTo("UNKNOWN_PERSON"); // a valid number of nobody in this city
        assertThat(jdbc.queryForObject("select count(*) from scan where device_id = ? and seq in (?, ?)", Long.class, GATE, a, b)).isEqualTo(2);
    }

    @Test
    void aCitizenChecksInAtAVenueOnceHoweverOftenHerPhoneRetries() {
        String venue = devices.venueCodes(1).getFirst().code();
        CityBrainClient li = as("410103199209030027");
        String key = UUID.randomUUID().toString();
        JsonNode first = li.json("POST", "/api/scan/v1/checkins", "{\"venueCode\":\"" + venue + "\"}", "Idempotency-Key", key).json();
        assertThat(first.get("deviceId").asString()).isEqualTo("venue:" + venue);
        JsonNode again = li.json("POST", "/api/scan/v1/checkins", "{\"venueCode\":\"" + venue + "\"}", "Idempotency-Key", key).json();
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(li.get("/api/scan/v1/me/passages").body()).contains("\"kind\":\"VENUE\"");
        assertField(li.json("POST", "/api/scan/v1/checkins", "{\"venueCode\":\"VNOTACODE\"}"), "venueCode");
    }

    static void assertField(Answer a, String field) {
        assertThat(a.status()).as(a.body()).isBetween(400, 404);
        assertThat(a.json().get("field").asString()).as(a.body()).isEqualTo(field);
    }

    @Test
    void strangersWithWrongSecretsCannotLockAGateOutOfItsOwnScans() {
        String gate = "gate-410103001001";
        for (int i = 0; i < 8; i++) {
            assertThat(CityBrainClient.basic(port, gate, "guess-" + i).get("/api/scan/v1/devices/" + gate).status()).isEqualTo(401);
        }
        assertThat(as(gate).get("/api/scan/v1/devices/" + gate).status()).isEqualTo(200);
    }

    @Test
    void theBigDataBureauIssuesADeviceANewSecretAndTheOldOneStopsWorking() {
        String gate = "gate-410102001001";
        CityBrainClient bigdata = CityBrainClient.basic(port, "bigdata", "citybrain");
        var issued = bigdata.json("POST", "/api/identity/v1/devices/" + gate + "/credential", "");
        assertThat(issued.status()).isEqualTo(200);
        String secret = issued.json().get("secret").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(CityBrainClient.basic(port, gate, secret).get("/api/scan/v1/devices/" + gate).status()).isEqualTo(200);
        assertThat(as(gate).get("/api/scan/v1/devices/" + gate).status()).as("the secret from the demo's file").isEqualTo(401);
        assertThat(jdbc.queryForObject("select password_hash from account where username = ?", String.class, gate)).startsWith("{device-sha256}")
                .doesNotContain(secret);
        assertThat(CityBrainClient.basic(port, "jinshui.worker", "citybrain").json("POST", "/api/identity/v1/devices/" + gate + "/credential", "")
                .status()).isEqualTo(403);
    }

    @Test
    void aDeviceCannotSignInThroughTheLoginForm() {
        CityBrainClient browser = CityBrainClient.anonymous(port);
        var answer = browser.login(GATE, org.citybrain.DemoAccounts.password(GATE));
        assertThat(answer.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        assertThat(browser.get("/").status()).isEqualTo(302);
    }

    @Test
    void aGateLearnsAboutThreeHundredOutsidersAnHourAndEachLookupIsInTheTrail() {
        String community = jdbc.queryForObject("select min(community_code) from resident where community_code like '410104%'", String.class);
        String gate = "gate-" + community;
        java.util.List<String> strangers = jdbc.queryForList("select id_number from resident where community_code <> ? order by id fetch first 301 rows only",
                String.class, community);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < strangers.size(); i++) {
            batch.append(i == 0 ? "" : ",").append("{\"seq\":\"outsider-").append(java.util.UUID.randomUUID()).append("\",\"idNumber\":\"")
                    .append(strangers.get(i)).append("\"}");
        }
        var decisions = as(gate).json("POST", "/api/scan/v1/devices/" + gate + "/scans/batch", batch.append("]").toString()).json();
        assertThat(decisions.size()).isEqualTo(301);
        assertThat(decisions.get(299).get("reason").asString()).isNotEqualTo("UNKNOWN_PERSON");
        assertThat(decisions.get(300).get("reason").asString()).as("the 301st outsider of the hour is not looked up").isEqualTo("UNKNOWN_PERSON");
        assertThat(jdbc.queryForObject("select count(*) from audit_record where actor = ?", Long.class, gate)).isEqualTo(300);
        String neighbour = jdbc.queryForObject("select min(id_number) from resident where community_code = ?", String.class, community);
        var own = as(gate).json("POST", "/api/scan/v1/devices/" + gate + "/scans", "{\"seq\":\"" + java.util.UUID.randomUUID() + "\",\"idNumber\":\"" + neighbour + "\"}").json();
        assertThat(own.get("reason").asString()).as("its own residents are still answered").isNotEqualTo("UNKNOWN_PERSON");
    }
}
