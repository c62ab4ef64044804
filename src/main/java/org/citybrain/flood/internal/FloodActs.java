package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The record of every act on warnings, responses, tasks and incidents: who, when, what and why. The rule's own acts are
 * recorded under {@link #RULE}; nothing changes a warning, a response or a task without a row here, in the same transaction.
 */
@Component
class FloodActs {

    /** The actor of what the watch over the gauges does by itself. */
    static final String RULE = "rule";

    /** One act; the ids name what it was done to. */
    record Act(long id, Instant at, String actor, String act, Long warningId, Long responseId, Long taskId, Long incidentId, String reason) {
    }

    private final JdbcClient jdbc;

    FloodActs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void warning(String actor, String act, long warningId, String reason) {
        record(actor, act, warningId, null, null, null, reason);
    }

    void response(String actor, String act, long responseId, String reason) {
        record(actor, act, null, responseId, null, null, reason);
    }

    void task(String actor, String act, long taskId, String reason) {
        record(actor, act, null, null, taskId, null, reason);
    }

    void incident(String actor, String act, long incidentId, String reason) {
        record(actor, act, null, null, null, incidentId, reason);
    }

    private void record(String actor, String act, Long warningId, Long responseId, Long taskId, Long incidentId, String reason) {
        jdbc.sql("insert into flood_act(at, actor, act, warning_id, response_id, task_id, incident_id, reason) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(Timestamp.from(Instant.now()), actor, act, warningId, responseId, taskId, incidentId, clip(reason)).update();
    }

    /** The acts on a task, oldest first: its timeline. */
    List<Act> ofTask(long taskId) {
        return jdbc.sql("select * from flood_act where task_id = ? order by id").param(taskId).query(FloodActs::row).list();
    }

    /** The newest acts of all, newest first: the headquarters' log. */
    List<Act> latest(int limit) {
        return jdbc.sql("select * from flood_act order by id desc fetch first " + limit + " rows only").query(FloodActs::row).list();
    }

    /**
     * A two-language text that quotes another ("橙色预警：… / orange warning: …"): each half with its own half of the
     * quoted text, so that a page shows one language only.
     */
    static String both(String zh, String en, String quoted) {
        return zh + org.citybrain.platform.pages.InLanguage.of(quoted, java.util.Locale.SIMPLIFIED_CHINESE) + " / " + en
                + org.citybrain.platform.pages.InLanguage.of(quoted, java.util.Locale.ENGLISH);
    }

    private static String clip(String reason) {
        String r = reason == null ? "" : reason;
        return r.length() > 1000 ? r.substring(0, 999) + "…" : r;
    }

    private static Act row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Act(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("act"), rs.getObject("warning_id", Long.class),
                rs.getObject("response_id", Long.class), rs.getObject("task_id", Long.class), rs.getObject("incident_id", Long.class), rs.getString("reason"));
    }
}
