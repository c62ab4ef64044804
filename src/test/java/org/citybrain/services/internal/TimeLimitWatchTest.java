package org.citybrain.services.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The promised time limit's clock: an application under review with less than a working day left warns its
 * department once, one past its promised date is escalated once, both on the timeline the citizen reads, and the
 * service centre's supervision list shows it; the statistics count a department's own services only.
 */
@CityBrainTest
class TimeLimitWatchTest {

    static final String TENANT = "410105198805120019";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TimeLimitWatch watch;

    CityBrainClient as(String user) {
        return CityBrainClient.basic(port, user, DemoAccounts.password(user));
    }

    @Test
    void theDepartmentIsWarnedOnceAndAnOverdueApplicationEscalatedOnce() {
        String form = "{\"form\": {\"request\": \"开具缴存证明\", \"phone\": \"13800138000\"}}";
        long id = as(TENANT).json("POST", "/api/services/v1/services/gjj-certificate/applications", form, "Idempotency-Key", "clock-" + System.nanoTime())
                .json().get("id").asLong();
        Instant now = Instant.now();
        jdbc.update("update svc_application set promised_by = ? where id = ?", java.sql.Timestamp.from(now.plus(Duration.ofHours(2))), id);
        watch.watch(now);
        watch.watch(now);
        assertThat(kinds(id)).containsOnlyOnce("TIME_WARNING").doesNotContain("ESCALATED");

        jdbc.update("update svc_application set promised_by = ? where id = ?", java.sql.Timestamp.from(now.minus(Duration.ofHours(1))), id);
        watch.watch(now);
        watch.watch(now);
        assertThat(kinds(id)).containsOnlyOnce("TIME_WARNING").containsOnlyOnce("ESCALATED");
        JsonNode escalations = as("bigdata").get("/api/services/v1/escalations").json();
        assertThat(escalations.findValues("id").stream().map(JsonNode::asLong).toList()).contains(id);
        assertThat(as("gjj.officer").get("/api/services/v1/escalations").status()).as("the supervision list is the centre's").isEqualTo(403);
    }

    @Test
    void aDepartmentCountsItsOwnServicesAndTheCentreCountsThemAll() {
        as(TENANT).json("POST", "/api/services/v1/services/gjj-certificate/applications", "{\"form\": {\"request\": \"证明\", \"phone\": \"13800138000\"}}",
                "Idempotency-Key", "stats-" + System.nanoTime());
        JsonNode mine = as("gjj.officer").get("/api/services/v1/statistics").json();
        List<String> departments = mine.get("rows").findValues("department").stream().map(JsonNode::asString).distinct().toList();
        assertThat(departments).containsExactly("郑州住房公积金管理中心");
        JsonNode certificate = java.util.stream.StreamSupport.stream(mine.get("rows").spliterator(), false)
                .filter(r -> r.get("serviceCode").asString().equals("gjj-certificate")).findFirst().orElseThrow();
        assertThat(certificate.get("submitted").asLong()).isPositive();
        assertThat(certificate.get("online").asLong()).as("submitted on the PC portal").isPositive();
        assertThat(as("bigdata").get("/api/services/v1/statistics").status()).isEqualTo(200);
        assertThat(as(TENANT).get("/api/services/v1/statistics").status()).isEqualTo(403);
        CityBrainClient.Answer backwards = as("gjj.officer").get("/api/services/v1/statistics?from=2026-12-02&to=2026-12-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("field").asString()).isEqualTo("from");
    }

    private List<String> kinds(long id) {
        return jdbc.queryForList("select kind from svc_application_step where application_id = ? order by seq", String.class, id);
    }
}
