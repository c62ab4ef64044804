package org.citybrain.services.internal;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * An application is committed before its materials are fetched and its workflow started; a node that stops between
 * the two leaves it submitted and unstarted. Each node looks for such applications older than a grace period and
 * starts them; when two nodes find the same one, the row lock in {@link Applications#startWorkflow} lets one start it.
 */
@Component
class UnstartedApplications {

    private static final Logger log = LoggerFactory.getLogger(UnstartedApplications.class);

    private final ApplicationRecords records;
    private final Applications applications;
    private final Duration grace;

    UnstartedApplications(ApplicationRecords records, Applications applications, @Value("${citybrain.services.unstarted-after:PT2M}") Duration grace) {
        this.records = records;
        this.applications = applications;
        this.grace = grace;
    }

    @Scheduled(fixedDelayString = "${citybrain.services.unstarted-check-every:PT1M}", initialDelayString = "PT1M")
    void startThem() {
        for (long id : records.unstarted(Instant.now().minus(grace), 100)) {
            try {
                applications.startWorkflow(id);
                log.info("started the workflow of application {}, submitted without one", id);
            } catch (RuntimeException e) {
                log.warn("application {} still has no workflow: {}", id, e.getMessage());
            }
        }
    }
}
