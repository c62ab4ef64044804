package org.citybrain.demo.internal;

import org.citybrain.CityBrainTest;
import org.citybrain.population.Residency;
import org.citybrain.scanpoint.ScanDevices;
import org.citybrain.scanpoint.ScanPoints;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's scan simulator brings the city to life: its scans go through the devices' own API into the journal, and
 * some arrivals from the demo's risk areas open follow-up tasks by themselves (the officials' lists fill up without
 * anyone scanning). The test profile switches the scheduled one off; this one is driven tick by tick.
 */
@CityBrainTest
class ScanSimulatorTest {

    @Autowired
    ScanPoints scanPoints;
    @Autowired
    ScanDevices devices;
    @Autowired
    Residency residency;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void simulatedScansReachTheJournalAndOpenFollowUpTasks() {
        long scans = count("select count(*) from scan");
        long tasks = count("select count(*) from follow_up_task");
        ScanSimulator simulator = new ScanSimulator(scanPoints, devices, residency, 40);
        for (int tick = 0; tick < 100 && count("select count(*) from follow_up_task") == tasks; tick++) {
            simulator.tick();
        }
        assertThat(count("select count(*) from scan")).isGreaterThan(scans + 20);
        assertThat(count("select count(*) from follow_up_task")).isGreaterThan(tasks);
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}
