package org.citybrain.closedloop;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainClient.Answer;
import org.citybrain.CityBrainTest;
import org.citybrain.scanpoint.DeviceKind;
import org.citybrain.scanpoint.ScanDevices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's “done when”, end to end over HTTP: 张明 arrives from a medium-risk area through a checkpoint, turns
 * yellow by rule, sees why, is stopped at a visitor gate of another community, appears as an open task for his own
 * community worker, and turns green when she closes the task and the rule allows.
 */
@CityBrainTest
class RiskArrivalLoopTest {

    static final String ZHANG_MING = "410105198805120019";

    @LocalServerPort
    int port;
    @Autowired
    ScanDevices devices;
    @Autowired
    JdbcTemplate jdbc;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, org.citybrain.DemoAccounts.password(user));
    }

    @Test
    void aRiskArrivalClosesItsLoop() throws Exception {
        long resident = jdbc.queryForObject("select id from resident where id_number = ?", Long.class, ZHANG_MING);
        String home = jdbc.queryForObject("select community_code from resident where id = ?", String.class, resident);
        assertThat(home).isEqualTo("410105001001");
        String checkpoint = devices.devices(DeviceKind.CHECKPOINT, "", 1).getFirst().deviceId();

        // 1. The checkpoint registers his arrival from Hebi's Heshan district (a medium-risk area in the demo city).
        String seq = UUID.randomUUID().toString();
        String arrival = """
                {"seq":"%s","idNumber":"%s","plate":"豫A12345","origin":"410602"}""".formatted(seq, ZHANG_MING);
        JsonNode decision = as(checkpoint).json("POST", "/api/scan/v1/devices/" + checkpoint + "/scans", arrival).json();
        assertThat(decision.get("decision").asString()).isEqualTo("ALLOW");
        assertThat(decision.get("colour").asString()).isEqualTo("YELLOW");
        assertThat(decision.get("reason").asString()).isEqualTo("ARRIVAL_REPORTED");
        // The device retries (it never heard the answer): the same decision, one stored scan.
        JsonNode again = as(checkpoint).json("POST", "/api/scan/v1/devices/" + checkpoint + "/scans", arrival).json();
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(again.get("colour").asString()).isEqualTo("YELLOW");
        assertThat(jdbc.queryForObject("select count(*) from scan where device_id = ? and seq = ?", Long.class, checkpoint, seq)).isEqualTo(1);

        // 2. He sees his code is yellow, why, and what turns it green.
        CityBrainClient zhang = as(ZHANG_MING);
        JsonNode info = zhang.get("/api/health/v1/information").json();
        assertThat(info.get("colour").asString()).isEqualTo("YELLOW");
        assertThat(info.get("ruleId").asString()).isEqualTo("MEDIUM_RISK_ARRIVAL");
        assertThat(info.get("why").asString()).contains("中风险");
        assertThat(info.get("remedy").asString()).contains("核酸");
        assertThat(zhang.get("/api/health/v1/information?lang=en").json().get("why").asString()).contains("medium-risk area");
        assertThat(info.get("changes").get(0).get("evidence").asString()).contains("410602").contains("ARRIVAL");

        // 3. A visitor gate of another community stops him; his own community's gate lets him home.
        JsonNode visitorGate = as("gate-410103001001").json("POST", "/api/scan/v1/devices/gate-410103001001/scans",
                "{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"" + ZHANG_MING + "\"}").json();
        assertThat(visitorGate.get("decision").asString()).isEqualTo("DENY");
        assertThat(visitorGate.get("reason").asString()).isEqualTo("VISITOR_NOT_GREEN");
        assertThat(visitorGate.get("displayZh").asString()).contains("非绿码");
        JsonNode homeGate = as("gate-" + home).json("POST", "/api/scan/v1/devices/gate-" + home + "/scans",
                "{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"" + ZHANG_MING + "\"}").json();
        assertThat(homeGate.get("decision").asString()).isEqualTo("ALLOW");
        assertThat(homeGate.get("reason").asString()).isEqualTo("RESIDENT_MONITORED");

        // 4. His community worker has an open task for him (the event crosses modules after the commit: wait for it).
        JsonNode task = awaitTask("jinshui.worker", resident);
        assertThat(task.get("task").get("kind").asString()).isEqualTo("TEST");
        assertThat(task.get("task").get("reason").asString()).isEqualTo("MEDIUM_RISK_ARRIVAL");
        assertThat(task.get("maskedName").asString()).startsWith("张").contains("*");
        // Another community's worker neither sees nor closes it.
        long taskId = task.get("task").get("id").asLong();
        assertThat(findTask(as("erqi.worker").get("/api/loops/v1/tasks").json(), resident)).isNull();
        assertThat(as("erqi.worker").json("POST", "/api/loops/v1/tasks/" + taskId + "/close", "{\"result\":\"CLEARED\",\"note\":\"x\"}").status())
                .isEqualTo(403);

        // The chain across checkpoint → community shows both passages.
        JsonNode chain = as("jinshui.worker").get("/api/loops/v1/people/" + resident + "/chain").json();
        assertThat(chain.get("checkpoints").size()).isGreaterThanOrEqualTo(1);
        assertThat(chain.get("gates").size()).isGreaterThanOrEqualTo(2);

        // 5. She closes it: test negative, nothing else against him: the rule allows green.
        Answer closed = as("jinshui.worker").json("POST", "/api/loops/v1/tasks/" + taskId + "/close",
                "{\"result\":\"CLEARED\",\"note\":\"已上门，核酸阴性\"}");
        assertThat(closed.status()).isEqualTo(200);
        assertThat(as("jinshui.worker").json("POST", "/api/loops/v1/tasks/" + taskId + "/close", "{\"result\":\"CLEARED\",\"note\":\"x\"}").status())
                .isEqualTo(400);
        JsonNode after = zhang.get("/api/health/v1/information").json();
        assertThat(after.get("colour").asString()).isEqualTo("GREEN");
        assertThat(after.get("changes").get(0).get("from").asString()).isEqualTo("YELLOW");
        assertThat(after.get("changes").get(0).get("evidence").asString()).contains("FOLLOW_UP_CLOSED");
        JsonNode nowGreen = as("gate-410103001001").json("POST", "/api/scan/v1/devices/gate-410103001001/scans",
                "{\"seq\":\"" + UUID.randomUUID() + "\",\"idNumber\":\"" + ZHANG_MING + "\"}").json();
        assertThat(nowGreen.get("decision").asString()).isEqualTo("ALLOW");
        assertThat(nowGreen.get("reason").asString()).isEqualTo("VISITOR_GREEN");
        // Every read of his data by staff is in the audit trail he can see.
        assertThat(zhang.get("/api/me/access-log").body()).contains("jinshui.worker");
    }

    JsonNode awaitTask(String worker, long resident) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            JsonNode t = findTask(as(worker).get("/api/loops/v1/tasks").json(), resident);
            if (t != null && "COMMUNITY".equals(t.get("task").get("responsibleKind").asString())) {
                return t;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no task for resident " + resident + " reached " + worker);
    }

    static JsonNode findTask(JsonNode tasks, long resident) {
        for (JsonNode t : tasks) {
            if (t.get("task").get("residentId").asLong() == resident && "COMMUNITY".equals(t.get("task").get("responsibleKind").asString())) {
                return t;
            }
        }
        return null;
    }
}
