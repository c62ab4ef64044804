package org.citybrain.services.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.notification.Notices;
import org.citybrain.platform.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Applications, their steps and materials as stored: the one place their SQL lives. */
@Component
class ApplicationRecords {

    private static final String SELECT = "select * from svc_application";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Notices notices;

    ApplicationRecords(JdbcClient jdbc, JsonMapper json, Notices notices) {
        this.jdbc = jdbc;
        this.json = json;
        this.notices = notices;
    }

    Application require(long id) {
        return find(id).orElseThrow(() -> new NotFound("id", "没有这个办件 / no such application"));
    }

    Optional<Application> find(long id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query((rs, n) -> application(rs)).optional();
    }

    Optional<Application> byKey(long applicantId, String key) {
        return jdbc.sql(SELECT + " where applicant_id = ? and submission_key = ?").params(applicantId, key).query((rs, n) -> application(rs)).optional();
    }

    String idNumberOf(long id) {
        return jdbc.sql("select applicant_id_number from svc_application where id = ?").param(id).query(String.class).single();
    }

    List<Application> ofApplicant(long applicantId, int offset, int limit) {
        return jdbc.sql(SELECT + " where applicant_id = ? order by submitted_at desc, id desc offset ? rows fetch next ? rows only")
                .params(applicantId, offset, limit).query((rs, n) -> application(rs)).list();
    }

    long countOfApplicant(long applicantId) {
        return jdbc.sql("select count(*) from svc_application where applicant_id = ?").param(applicantId).query(Long.class).single();
    }

    /** A department's applications in a state (null: all), oldest first: the queue. */
    /** Applications by a condition of the caller's (its parameters bound, never concatenated). */
    List<Application> where(String condition, Object... params) {
        return jdbc.sql(SELECT + " where " + condition).params(params).query((rs, n) -> application(rs)).list();
    }

    List<Application> ofDepartment(String department, Application.State state, int offset, int limit) {
        String where = state == null ? "" : " and state = ?";
        var q = jdbc.sql(SELECT + " where department = ?" + where + " order by submitted_at, id offset ? rows fetch next ? rows only");
        return (state == null ? q.params(department, offset, limit) : q.params(department, state.name(), offset, limit)).query((rs, n) -> application(rs)).list();
    }

    long countOfDepartment(String department, Application.State state) {
        String where = state == null ? "" : " and state = ?";
        var q = jdbc.sql("select count(*) from svc_application where department = ?" + where);
        return (state == null ? q.param(department) : q.params(department, state.name())).query(Long.class).single();
    }

    void step(long applicationId, String kind, String actor, String zh, String en) {
        // the next sequence under the primary key: two steps of one application never share a number
        jdbc.sql("""
                insert into svc_application_step (application_id, seq, at, kind, actor, text_zh, text_en)
                values (?, (select coalesce(max(seq), 0) + 1 from svc_application_step where application_id = ?), ?, ?, ?, ?, ?)""")
                .params(applicationId, applicationId, Timestamp.from(Instant.now()), kind, actor, cut(zh), cut(en)).update();
        if (TOLD.contains(kind)) {
            tell(applicationId, zh, en);
        }
    }

    /** The steps the applicant is told of as they happen (in her message box and by SMS): what she waits for or must act on. */
    private static final java.util.Set<String> TOLD = java.util.Set.of("APPROVED", "REFUSED", "RETURNED", "CERTIFIED", "PAID", "ESCALATED");

    private void tell(long applicationId, String zh, String en) {
        var about = jdbc.sql("""
                select a.applicant_id, d.name_zh, d.name_en, (select max(seq) from svc_application_step where application_id = a.id) as seq
                from svc_application a join svc_definition d on d.code = a.service_code and d.version = a.service_version where a.id = ?""")
                .param(applicationId).query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)}).single();
        notices.tell(new Notices.Notice((long) about[0], "svc:" + applicationId + ":" + about[3], "您申请的「" + about[1] + "」：" + zh,
                "Your application for “" + about[2] + "”: " + en, "/services/applications/" + applicationId));
    }

    List<Step> steps(long applicationId) {
        return jdbc.sql("select * from svc_application_step where application_id = ? order by seq").param(applicationId)
                .query((rs, n) -> new Step(rs.getInt("seq"), rs.getTimestamp("at").toInstant(), rs.getString("kind"), rs.getString("actor"),
                        rs.getString("text_zh"), rs.getString("text_en"))).list();
    }

    void material(long applicationId, Material m) {
        jdbc.sql("delete from svc_material where application_id = ? and name = ?").params(applicationId, m.name()).update();
        jdbc.sql("""
                insert into svc_material (application_id, name, origin, dataset_id, grant_id, provider, loaded_at, receipt_id, data)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(applicationId, m.name(), m.origin().name(), m.datasetId(), m.grantId(), m.provider(),
                m.loadedAt() == null ? null : Timestamp.from(m.loadedAt()), m.receiptId(), json.writeValueAsString(m.data())).update();
    }

    List<Material> materials(long applicationId) {
        return jdbc.sql("select * from svc_material where application_id = ? order by name").param(applicationId)
                .query((rs, n) -> new Material(rs.getString("name"), ServiceDefinition.Origin.valueOf(rs.getString("origin")), rs.getString("dataset_id"),
                        (Long) rs.getObject("grant_id", Long.class), rs.getString("provider"), instant(rs, "loaded_at"),
                        (Long) rs.getObject("receipt_id", Long.class), json.readTree(rs.getString("data")))).list();
    }

    void decided(long id, EligibilityTable.Verdict v) {
        jdbc.sql("update svc_application set outcome_rule = ?, outcome_zh = ?, outcome_en = ?, amount = ? where id = ?")
                .params(v.rule(), cut(v.reasonZh()), cut(v.reasonEn()), v.amount(), id).update();
    }

    /** Moves an application to a state; {@code from} null: from any unfinished one. False when it was not in it (another officer acted). */
    boolean move(long id, Application.State from, Application.State to, String taskId) {
        Timestamp decided = to.finished() ? Timestamp.from(Instant.now()) : null;
        if (from == null) {
            return jdbc.sql("update svc_application set state = ?, task_id = ?, decided_at = coalesce(?, decided_at) where id = ? and state not in ('APPROVED', 'REFUSED')")
                    .params(to.name(), taskId, decided, id).update() == 1;
        }
        return jdbc.sql("update svc_application set state = ?, task_id = ?, decided_at = coalesce(?, decided_at) where id = ? and state = ?")
                .params(to.name(), taskId, decided, id, from.name()).update() == 1;
    }

    void refusedBy(long id, String reason) {
        jdbc.sql("update svc_application set outcome_rule = 'REVIEWER', outcome_zh = ?, outcome_en = ? where id = ?").params(cut(reason), cut(reason), id).update();
    }

    void form(long id, String form) {
        jdbc.sql("update svc_application set form = ? where id = ?").params(form, id).update();
    }

    /** Locks the application's row; true when its workflow has not been started. */
    boolean lockUnstarted(long id) {
        return jdbc.sql("select process_instance_id from svc_application where id = ? for update").param(id).query(rs -> {
            rs.next();
            return rs.getString(1) == null;
        });
    }

    /** Submitted applications whose workflow was never started (the node crashed between the two), oldest first. */
    List<Long> unstarted(Instant submittedBefore, int limit) {
        return jdbc.sql("select id from svc_application where process_instance_id is null and state = 'SUBMITTED' and submitted_at < ? order by id fetch first ? rows only")
                .params(Timestamp.from(submittedBefore), limit).query(Long.class).list();
    }

    void processStarted(long id, String processInstanceId) {
        jdbc.sql("update svc_application set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
    }

    private Application application(ResultSet rs) throws SQLException {
        String id = rs.getString("applicant_id_number");
        return new Application(rs.getLong("id"), rs.getString("service_code"), rs.getInt("service_version"), rs.getString("department"),
                rs.getLong("applicant_id"), rs.getString("applicant_name"), id.substring(0, 4) + "**********" + id.substring(14),
                Application.Channel.valueOf(rs.getString("channel")), rs.getString("served_by"), json.readTree(rs.getString("form")),
                Application.State.valueOf(rs.getString("state")), rs.getString("outcome_rule"), rs.getString("outcome_zh"), rs.getString("outcome_en"),
                rs.getBigDecimal("amount"), instant(rs, "submitted_at"), instant(rs, "promised_by"), instant(rs, "legal_by"), instant(rs, "decided_at"),
                rs.getString("process_instance_id"), rs.getString("task_id"), instant(rs, "warned_at"), instant(rs, "escalated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String cut(String s) {
        return s == null ? null : s.length() > 1000 ? s.substring(0, 1000) : s;
    }
}
