package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tasks of flood responses and incidents, each for a responsible unit with a time limit, tracked to closure. A unit
 * accepts a task and reports it done with what it did; a task past its limit goes up (escalates) once to the district's
 * headquarters and, a limit later, to the city's; ending a response cancels what is still open. Every change is an act
 * with who and why. Staff see and work the tasks inside their jurisdiction; the headquarters sees all.
 */
@Service
class FloodTasks {

    enum State { OPEN, ACCEPTED, DONE, CANCELLED }

    record Task(long id, Long responseId, Long incidentId, String actionKey, String kind, String unit, String divisionCode, String targetName, Double lon,
                Double lat, String titleZh, String titleEn, Instant openedAt, Instant dueAt, State state, int escalations, Instant escalatedAt,
                Instant updatedAt, Instant closedAt, String closedBy, String note) {

        public String title(Locale locale) {
            return "en".equals(locale.getLanguage()) ? titleEn : titleZh;
        }

        public boolean open() {
            return state == State.OPEN || state == State.ACCEPTED;
        }

        public boolean overdue() {
            return open() && dueAt.isBefore(Instant.now());
        }
    }

    /** A task with its timeline. */
    record TaskView(Task task, List<FloodActs.Act> acts) {
    }

    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;
    private final FloodActs acts;
    private final PlanTargets targets;
    private final ResidentWarnings residents;
    private final org.citybrain.notification.Notices notices;

    FloodTasks(JdbcClient jdbc, FirstSubmissionWins once, FloodActs acts, PlanTargets targets, ResidentWarnings residents,
               org.citybrain.notification.Notices notices) {
        this.notices = notices;
        this.jdbc = jdbc;
        this.once = once;
        this.acts = acts;
        this.targets = targets;
        this.residents = residents;
    }

    /**
     * Opens the tasks of these actions for a response, one per action and target; those opened before (by an earlier
     * level, or another node) stand. Warning residents is done at once by the system and closed with the count told.
     */
    void openFor(EmergencyResponses.Response response, List<EmergencyPlan.PlanAction> actions, String actor) {
        Instant now = Instant.now();
        for (EmergencyPlan.PlanAction a : actions) {
            for (PlanTargets.TargetPlace t : targets.of(a.target(), response.scope())) {
                if (openInAnother(response.id(), a.key(), t.key())) {
                    continue; // the same work for the same place is under way for another area's response (a district's, inside the city's)
                }
                Long id = insert(response.id(), null, a.key(), t.key(), a.kind().name(), a.unit(), t.divisionCode(), t.name(), t.lon(), t.lat(),
                        a.zh().replace("{target}", t.name()), a.en().replace("{target}", t.name()), now, now.plus(Duration.ofMinutes(a.minutes())));
                if (id == null) {
                    continue;
                }
                acts.task(actor, "OPENED", id, FloodActs.both(response.roman() + "级响应：", "level " + response.roman() + " response: ", response.reason()));
                if (a.kind() == EmergencyPlan.Kind.WARN_RESIDENTS) {
                    int told = residents.warn(id, t.divisionCode(), t.name(), response);
                    close(id, State.DONE, FloodActs.RULE, "已向" + told + "位居民发送预警短信 / warned " + told + " residents by SMS");
                }
            }
        }
    }

    private boolean openInAnother(long responseId, String actionKey, String targetKey) {
        return jdbc.sql("select count(*) from flood_task where action_key = ? and target_key = ? and state in ('OPEN', 'ACCEPTED') and response_id <> ?")
                .params(actionKey, targetKey, responseId).query(Long.class).single() > 0;
    }

    /** Opens an incident's task for the district's drainage crew; none when the incident has its task already. */
    void openForIncident(long incidentId, String divisionCode, String placeName, double lon, double lat, int deepestCm, String actor) {
        Instant now = Instant.now();
        Long id = insert(null, incidentId, "incident-pump", "incident-" + incidentId, EmergencyPlan.Kind.PUMP_TRUCK.name(), "区城市管理局排水抢险队", divisionCode,
                placeName, lon, lat, "市民报告积水约" + deepestCm + "厘米：赶赴" + placeName + "核实并排水",
                "Citizens report about " + deepestCm + " cm of water: go to " + placeName + ", check and pump", now, now.plus(Duration.ofMinutes(60)));
        if (id != null) {
            acts.task(actor, "OPENED", id, "市民积水报告 / citizens' flood report");
        }
    }

    private Long insert(Long responseId, Long incidentId, String actionKey, String targetKey, String kind, String unit, String divisionCode, String targetName,
                        Double lon, Double lat, String zh, String en, Instant opened, Instant due) {
        org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        boolean stored = once.insert(() -> jdbc.sql("""
                insert into flood_task(response_id, incident_id, action_key, target_key, kind, unit, division_code, target_name, lon, lat, title_zh, title_en,
                                       opened_at, due_at, state, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)""")
                .params(responseId, incidentId, actionKey, targetKey, kind, unit, divisionCode, targetName, lon, lat, zh, en, Timestamp.from(opened), Timestamp.from(due),
                        Timestamp.from(opened))
                .update(key, "id"));
        return stored ? key.getKey().longValue() : null;
    }

    /** Cancels a response's open tasks, each with the reason. */
    void cancelOpenOf(long responseId, String actor, String reason) {
        for (long id : jdbc.sql("select id from flood_task where response_id = ? and state in ('OPEN', 'ACCEPTED')").param(responseId).query(Long.class).list()) {
            close(id, State.CANCELLED, actor, FloodActs.both("应急响应结束：", "the response ended: ", reason));
        }
    }

    /** A unit's progress on a task: accepted, or done with what it did (the note). */
    @Transactional
    Task progress(CurrentUser user, long id, String state, String note) {
        Action.WORK_FLOOD_TASK.demand(user);
        Task t = visible(user, id);
        State to;
        try {
            to = state == null ? null : State.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            to = null;
        }
        if (to != State.ACCEPTED && to != State.DONE) {
            throw new InvalidStandardValue("state", "任务状态应为 ACCEPTED（已接收）或 DONE（已完成）/ state: ACCEPTED or DONE");
        }
        String said = note == null || note.isBlank() ? null : note.strip();
        if (said != null && said.length() > 500) {
            throw new InvalidStandardValue("note", "说明最多500字 / at most 500 characters");
        }
        if (to == State.DONE && said == null) {
            throw new InvalidStandardValue("note", "请写明处置情况 / say what was done");
        }
        if (!t.open()) {
            throw new Conflict("state", "任务已关闭 / the task is closed");
        }
        if (to == State.ACCEPTED) {
            int n = jdbc.sql("update flood_task set state = 'ACCEPTED', updated_at = ? where id = ? and state = 'OPEN'").params(Timestamp.from(Instant.now()), id).update();
            if (n == 0) {
                throw new Conflict("state", "任务已被接收 / the task was accepted already");
            }
            acts.task(user.username(), "ACCEPTED", id, said == null ? user.unitName() + "接收任务 / accepted" : said);
        } else if (!close(id, State.DONE, user.username(), said)) {
            throw new Conflict("state", "任务已关闭 / the task is closed");
        }
        return byId(id).orElseThrow();
    }

    private boolean close(long id, State state, String actor, String note) {
        Instant now = Instant.now();
        int n = jdbc.sql("update flood_task set state = ?, closed_at = ?, closed_by = ?, note = ?, updated_at = ? where id = ? and state in ('OPEN', 'ACCEPTED')")
                .params(state.name(), Timestamp.from(now), actor, note, Timestamp.from(now), id).update();
        if (n > 0) {
            acts.task(actor, state.name(), id, note);
            if (state == State.DONE) {
                tellReporters(id, note);
            }
        }
        return n > 0;
    }

    /** The citizens whose reports opened an incident hear that its task is done, and what was done. */
    private void tellReporters(long taskId, String note) {
        jdbc.sql("""
                select r.id, r.resident_id from flood_report r join flood_task t on t.incident_id = r.incident_id
                where t.id = ? and r.resident_id is not null""").param(taskId).query(rs -> {
            long report = rs.getLong(1);
            notices.tell(new org.citybrain.notification.Notices.Notice(rs.getLong(2), "flood-report-" + report + "-task-" + taskId,
                    "您报告的积水已处置：" + note, "The flooding you reported has been dealt with: " + note, "/flood/reports/" + report));
        });
    }

    /**
     * Overdue tasks go up: past their limit to the district's headquarters, another limit later to the city's. Safe on
     * every node: each step is a compare-and-set on the escalation count.
     */
    int escalate(Instant now) {
        int n = 0;
        for (Task t : jdbc.sql("select * from flood_task where state in ('OPEN', 'ACCEPTED') and due_at < ? and escalations < 2").param(Timestamp.from(now))
                .query(FloodTasks::row).list()) {
            Duration limit = Duration.between(t.openedAt(), t.dueAt());
            boolean due = t.escalations() == 0 || t.escalatedAt().plus(limit).isBefore(now);
            if (!due) {
                continue;
            }
            int up = jdbc.sql("update flood_task set escalations = ?, escalated_at = ?, updated_at = ? where id = ? and escalations = ?")
                    .params(t.escalations() + 1, Timestamp.from(now), Timestamp.from(now), t.id(), t.escalations()).update();
            if (up > 0) {
                n++;
                acts.task(FloodActs.RULE, "ESCALATED", t.id(), t.escalations() == 0 ? "超过时限未完成，上报区防汛指挥部 / overdue: raised to the district's headquarters"
                        : "再次超时，上报市防汛指挥部 / overdue again: raised to the city's headquarters");
            }
        }
        return n;
    }

    /** The tasks in the user's jurisdiction: the open ones (overdue first, then by limit), or all, newest first. */
    Paged<Task> list(CurrentUser user, boolean openOnly, int page, int size) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        String where = "division_code like ?" + (openOnly ? " and state in ('OPEN', 'ACCEPTED')" : "");
        String order = openOnly ? "order by escalations desc, due_at, id" : "order by id desc";
        String prefix = prefix(user) + "%";
        long total = jdbc.sql("select count(*) from flood_task where " + where).param(prefix).query(Long.class).single();
        List<Task> rows = jdbc.sql("select * from flood_task where " + where + " " + order + " limit ? offset ?").params(prefix, size, (long) Paged.firstRow(page, size))
                .query(FloodTasks::row).list();
        return new Paged<>(rows, page, size, total);
    }

    TaskView task(CurrentUser user, long id) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        return new TaskView(visible(user, id), acts.ofTask(id));
    }

    /** The open tasks at a waterlogging spot (a response's for the spot, an incident's there) in the user's jurisdiction. */
    List<Task> openAtSpot(CurrentUser user, long spotId) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        return jdbc.sql("""
                select * from flood_task t where t.state in ('OPEN', 'ACCEPTED') and t.division_code like ?
                  and (t.target_key = ? or t.incident_id in (select i.id from flood_incident i where i.spot_id = ?))
                order by t.due_at""").params(prefix(user) + "%", String.valueOf(spotId), spotId).query(FloodTasks::row).list();
    }

    /** The tasks of an incident (what a reporter sees become of her report: no names of the staff). */
    List<Task> ofIncident(long incidentId) {
        return jdbc.sql("select * from flood_task where incident_id = ? order by id").param(incidentId).query(FloodTasks::row).list();
    }

    /** Counts of a response's tasks by state. */
    java.util.Map<State, Long> countsOf(long responseId) {
        java.util.Map<State, Long> counts = new java.util.EnumMap<>(State.class);
        jdbc.sql("select state, count(*) from flood_task where response_id = ? group by state").param(responseId)
                .query(rs -> {
                    counts.put(State.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    private Task visible(CurrentUser user, long id) {
        Task t = byId(id).orElseThrow(() -> new NotFound("id", "没有这项任务 / no such task"));
        if (!t.divisionCode().startsWith(prefix(user))) {
            throw new Forbidden("id", "该任务不在您的辖区 / the task lies outside your jurisdiction");
        }
        return t;
    }

    private static String prefix(CurrentUser user) {
        if (user.jurisdiction().division() == null) {
            throw new Forbidden("jurisdiction", "防汛任务属于各单位辖区 / flood tasks belong to units' jurisdictions");
        }
        return user.jurisdiction().communityPrefix();
    }

    java.util.Optional<Task> byId(long id) {
        return jdbc.sql("select * from flood_task where id = ?").param(id).query(FloodTasks::row).optional();
    }

    private static Task row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Task(rs.getLong("id"), rs.getObject("response_id", Long.class), rs.getObject("incident_id", Long.class), rs.getString("action_key"),
                rs.getString("kind"), rs.getString("unit"), rs.getString("division_code"), rs.getString("target_name"), rs.getObject("lon", Double.class),
                rs.getObject("lat", Double.class), rs.getString("title_zh"), rs.getString("title_en"), rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("due_at").toInstant(), State.valueOf(rs.getString("state")), rs.getInt("escalations"), instant(rs, "escalated_at"),
                rs.getTimestamp("updated_at").toInstant(), instant(rs, "closed_at"), rs.getString("closed_by"), rs.getString("note"));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
