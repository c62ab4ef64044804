package org.citybrain.services.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.citybrain.platform.pages.CityTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The promised time limit's clock (承诺时限) for the applications a department is reviewing: less than one working day
 * before the promised date the department is warned (预警), and past it the application is escalated to the service
 * centre's supervision (督办, 电子监察), each once and on the application's timeline, so the citizen sees it too. Every
 * node runs the watch; the compare-and-set on {@code warned_at} / {@code escalated_at} makes each happen once.
 */
@Component
class TimeLimitWatch {

    /** What one pass did. */
    record Pass(int warned, int escalated) {
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final JdbcClient jdbc;
    private final ApplicationRecords records;
    private final TransactionTemplate tx;
    private final Applications applications;
    private final CityTime time;

    TimeLimitWatch(JdbcClient jdbc, ApplicationRecords records, TransactionTemplate tx, Applications applications, CityTime time) {
        this.jdbc = jdbc;
        this.records = records;
        this.tx = tx;
        this.applications = applications;
        this.time = time;
    }

    @Scheduled(fixedDelayString = "${citybrain.services.time-limit-check-every:PT10M}", initialDelayString = "PT1M")
    void watch() {
        watch(Instant.now());
    }

    Pass watch(Instant now) {
        // the promised date falls before the end of the next working day: one working day or less is left
        Instant horizon = applications.clock().due(now, 1);
        int warned = 0;
        for (Application a : waiting("warned_at is null and promised_by >= ? and promised_by <= ?", now, horizon)) {
            warned += once(a.id(), "warned_at", now, "TIME_WARNING", "预警：距承诺时限（" + when(a.promisedBy()) + "）不足1个工作日",
                    "Warning: less than one working day to the promised date (" + when(a.promisedBy()) + ")");
        }
        int escalated = 0;
        for (Application a : waiting("escalated_at is null and promised_by < ?", now)) {
            escalated += once(a.id(), "escalated_at", now, "ESCALATED", "已超过承诺时限（" + when(a.promisedBy()) + "），转市政务服务中心督办",
                    "Past the promised date (" + when(a.promisedBy()) + "): escalated to the service centre's supervision");
        }
        return new Pass(warned, escalated);
    }

    private List<Application> waiting(String condition, Object... params) {
        return records.where("state = 'UNDER_REVIEW' and " + condition + " order by promised_by fetch first 500 rows only",
                java.util.Arrays.stream(params).map(p -> p instanceof Instant i ? Timestamp.from(i) : p).toArray());
    }

    private int once(long id, String column, Instant now, String kind, String zh, String en) {
        Boolean done = tx.execute(s -> {
            int set = jdbc.sql("update svc_application set " + column + " = ? where id = ? and " + column + " is null").params(Timestamp.from(now), id).update();
            if (set == 1) {
                records.step(id, kind, "system", zh, en);
            }
            return set == 1;
        });
        return Boolean.TRUE.equals(done) ? 1 : 0;
    }

    private String when(Instant at) {
        return WHEN.format(at.atZone(time.zone()));
    }
}
