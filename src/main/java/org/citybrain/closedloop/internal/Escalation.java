package org.citybrain.closedloop.internal;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Overdue tasks go up: to the street office past their due time, to the district after another period. */
@Component
class Escalation {

    private static final Logger log = LoggerFactory.getLogger(Escalation.class);

    private final FollowUpTasks tasks;

    Escalation(FollowUpTasks tasks) {
        this.tasks = tasks;
    }

    @Scheduled(fixedDelayString = "${citybrain.closedloop.escalate-every:PT1M}", initialDelayString = "PT30S")
    void escalateOverdue() {
        int n = tasks.escalate(Instant.now());
        if (n > 0) {
            log.info("{} overdue follow-up tasks escalated", n);
        }
    }
}
