package org.citybrain.datahub.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Polls the REST sources and reads the JDBC sources on their schedules (a cron expression, or every {@code expectedMinutes}). Each node looks
 * every few seconds; a poll that is due is claimed by compare-and-set on the source's {@code next_due}, so it runs on one
 * node. A failed poll is tried again after 1, 4, 16 minutes (never later than the next scheduled poll), and shows in
 * the run history with its reason.
 */
@Component
class ScheduledSources {

    private static final Logger log = LoggerFactory.getLogger(ScheduledSources.class);
    static final String BY = "poller";

    private final Sources sources;
    private final Loading loading;
    private final Runs runs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    private final ZoneId zone;

    ScheduledSources(Sources sources, Loading loading, Runs runs, org.citybrain.platform.pages.CityTime time) {
        this.zone = time.zone();
        this.sources = sources;
        this.loading = loading;
        this.runs = runs;
    }

    @Scheduled(fixedDelayString = "${citybrain.datahub.inbox-every:PT5S}", initialDelayString = "PT4S")
    void look() {
        Instant now = Instant.now();
        for (Sources.Source s : sources.all()) {
            boolean polled = s.kind() == Sources.Kind.REST && s.rest() != null || s.kind() == Sources.Kind.JDBC && s.database() != null;
            if (!polled || sources.current(s.id()).isEmpty()) {
                continue;
            }
            Instant following = nextAfter(s, now, zone);
            if (sources.claimPoll(s, now, following)) {
                poll(s, following);
            }
        }
    }

    private void poll(Sources.Source s, Instant following) {
        try {
            Runs.Run run = s.kind() == Sources.Kind.JDBC ? loading.readDatabase(BY, s) : loading.poll(BY, s, http);
            if (run.status() == Runs.Status.FAILED) {
                int failures = consecutiveFailures(s.id());
                Instant retry = Instant.now().plus(Inbox.backoff(Math.min(failures, 3)));
                if (retry.isBefore(following)) {
                    sources.pollAgainAt(s.id(), retry);
                }
            }
        } catch (org.citybrain.platform.Conflict e) {
            // the source is being loaded already (a resubmission): the next look tries again
        } catch (RuntimeException e) {
            log.warn("polling source {} failed", s.id(), e);
        }
    }

    private int consecutiveFailures(String sourceId) {
        List<Runs.Run> recent = runs.ofSource(sourceId, 0, 4);
        int n = 0;
        for (Runs.Run r : recent) {
            if (r.status() != Runs.Status.FAILED) {
                break;
            }
            n++;
        }
        return Math.max(1, n);
    }

    /** The next poll: a cron schedule is in the city's time ("0 0 7 * * *" is seven in the city's morning, whatever the server's zone). */
    static Instant nextAfter(Sources.Source s, Instant now, ZoneId zone) {
        if (s.schedule() != null) {
            var next = CronExpression.parse(s.schedule()).next(now.atZone(zone));
            return next == null ? now.plus(Duration.ofDays(365)) : next.toInstant();
        }
        return now.plus(Duration.ofMinutes(s.expectedMinutes()));
    }
}
