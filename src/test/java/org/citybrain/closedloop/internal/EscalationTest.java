package org.citybrain.closedloop.internal;

import java.time.Duration;
import java.time.Instant;

import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** An overdue task goes to the street, and after another period to the district; a closed one stays where it was. */
@CityBrainTest
class EscalationTest {

    @Autowired
    FollowUpTasks tasks;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void overdueTasksEscalateStreetThenDistrict() {
        long resident = jdbc.queryForObject("select min(id) from resident where community_code like '410104%'", Long.class);
        Instant opened = Instant.now().minus(Duration.ofHours(30));
        tasks.open(resident, FollowUpKind.TEST, "MEDIUM_RISK_ARRIVAL", "COMMUNITY", "测试社区", "410104001001", opened);
        long id = jdbc.queryForObject("select max(id) from follow_up_task where resident_id = ?", Long.class, resident);

        tasks.escalate(Instant.now());
        assertThat(tasks.byId(id).orElseThrow().level()).isEqualTo("STREET");
        tasks.escalate(Instant.now().plus(Duration.ofHours(12)));
        assertThat(tasks.byId(id).orElseThrow().level()).isEqualTo("STREET"); // not yet a whole period since the escalation
        tasks.escalate(Instant.now().plus(Duration.ofHours(25)));
        assertThat(tasks.byId(id).orElseThrow().level()).isEqualTo("DISTRICT");

        tasks.close(id, "CLEARED", "done", "test", Instant.now());
        tasks.escalate(Instant.now().plus(Duration.ofDays(10)));
        assertThat(tasks.byId(id).orElseThrow().level()).isEqualTo("DISTRICT");
        assertThat(tasks.byId(id).orElseThrow().open()).isFalse();
    }
}
