package org.citybrain.services.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.citybrain.CityBrainClient;
import org.citybrain.CityBrainTest;
import org.citybrain.DemoAccounts;
import org.citybrain.datahub.DemoFeedRuns;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A node that stopped after storing an application and before starting its workflow leaves it submitted: the
 * recovery starts it, decides and pays it once, and a second node's recovery of the same one changes nothing.
 */
@CityBrainTest
class UnstartedApplicationsTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    UnstartedApplications recovery;

    @Test
    void anApplicationStoredWithoutItsWorkflowIsStartedOnceByTheRecovery() throws InterruptedException {
        DemoFeedRuns.withdrawalFeeds(port);
        String tenantId = "410105198805120019"; // Jinshui: an active account, no home in her name
        CityBrainClient tenant = CityBrainClient.basic(port, tenantId, DemoAccounts.password(tenantId));
        long first = tenant.json("POST", "/api/services/v1/services/gjj-withdrawal/applications", "{\"form\": {\"ground\": \"RENT\", \"monthlyRent\": 1500, \"months\": 2, \"bankAccount\": \"6222020200112233445\"}}", "Idempotency-Key",
                "stored-" + System.nanoTime()).json().get("id").asLong();
        // what a crash right after the submission's commit leaves: the application, its SUBMITTED step, no workflow
        jdbc.update("""
                insert into svc_application (service_code, service_version, department, applicant_id, applicant_name, applicant_id_number, channel, form,
                    state, submitted_at, promised_by, legal_by, submission_key)
                select service_code, service_version, department, applicant_id, applicant_name, applicant_id_number, channel, form,
                    'SUBMITTED', submitted_at - interval '10' minute, promised_by, legal_by, 'crashed-' || id from svc_application where id = ?""", first);
        long stranded = jdbc.queryForObject("select id from svc_application where submission_key = ?", Long.class, "crashed-" + first);

        recovery.startThem();
        recovery.startThem();

        assertThat(jdbc.queryForObject("select state from svc_application where id = ?", String.class, stranded)).isEqualTo("APPROVED");
        assertThat(jdbc.queryForObject("select count(*) from svc_payment_order where application_id = ?", Long.class, stranded)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from svc_application_step where application_id = ? and kind = 'DECIDED'", Long.class, stranded))
                .isEqualTo(1);
    }
}
