package org.citybrain.datahub.internal;

import java.time.Duration;
import java.time.Instant;

import org.citybrain.datahub.SourceWentSilent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Raises an alert for a source that went silent: nothing delivered (no successful run) for twice its expected
 * interval. The alert is set by compare-and-set on the source's row, so with several nodes checking, one raises it
 * and one {@link SourceWentSilent} is published; the sources page shows it until the next delivery clears it.
 */
@Component
class SilentSources {

    private static final Logger log = LoggerFactory.getLogger(SilentSources.class);

    private final Sources sources;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    SilentSources(Sources sources, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.sources = sources;
        this.jdbc = jdbc;
        this.events = events;
    }

    @Scheduled(fixedDelayString = "${citybrain.datahub.silence-check-every:PT1M}", initialDelayString = "PT10S")
    @Transactional
    void check() {
        check(Instant.now());
    }

    @Transactional
    int check(Instant now) {
        int raised = 0;
        for (Sources.Source s : sources.all()) {
            if (s.expectedMinutes() == null || s.silenceAlertedAt() != null) {
                continue;
            }
            Instant last = s.lastSuccessAt() != null ? s.lastSuccessAt() : s.createdAt();
            if (last.plus(Duration.ofMinutes(2L * s.expectedMinutes())).isAfter(now)) {
                continue;
            }
            int won = jdbc.sql("update hub_source set silence_alerted_at = ? where id = ? and silence_alerted_at is null").params(java.sql.Timestamp.from(now), s.id()).update();
            if (won == 1) {
                log.warn("data source {} ({}) has delivered nothing since {} (expected every {} min)", s.id(), s.provider(), last, s.expectedMinutes());
                events.publishEvent(new SourceWentSilent(s.id(), s.name(), s.provider(), s.lastSuccessAt(), s.expectedMinutes()));
                raised++;
            }
        }
        return raised;
    }
}
