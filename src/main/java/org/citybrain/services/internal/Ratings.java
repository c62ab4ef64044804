package org.citybrain.services.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 好差评 as 国办发〔2019〕51号 sets it out: the applicant rates a finished application once, on five levels; a poor
 * rating (不满意, 非常不满意) says why, and opens a rectification for the department that handled it — "谁办理、谁整改",
 * due in 15 working days — whose answer is put on the citizen's timeline as the follow-up (回访).
 */
@Service
class Ratings {

    /** The notice's time limit for rectifying a poor rating and reporting back. */
    static final int RECTIFICATION_WORKING_DAYS = 15;

    private final Applications applications;
    private final ApplicationRecords records;
    private final FirstSubmissionWins once;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    Ratings(Applications applications, ApplicationRecords records, FirstSubmissionWins once, TransactionTemplate tx, JdbcClient jdbc) {
        this.applications = applications;
        this.records = records;
        this.once = once;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    /** The applicant rates her finished application; the same rating sent again is the one rating, a different one is refused. */
    Rating rate(CurrentUser citizen, long applicationId, Integer level, String comment) {
        Action.RATE_APPLICATION.demand(citizen);
        Application a = applications.read(citizen, applicationId);
        if (level == null || level < 1 || level > 5) {
            throw new InvalidStandardValue("level", "请选择评价等级（1至5） / choose a level from 1 to 5");
        }
        String why = comment == null ? "" : comment.strip();
        if (level <= 2 && why.isEmpty()) {
            throw new InvalidStandardValue("comment", "请说明不满意的原因，部门将据此整改 / say what went wrong: the department rectifies it");
        }
        if (why.length() > 500) {
            throw new InvalidStandardValue("comment", "不超过500个字符 / at most 500 characters");
        }
        if (!a.state().finished()) {
            throw new Conflict("id", "办结后才能评价 / an application is rated once it is finished");
        }
        return tx.execute(s -> {
            Instant now = Instant.now();
            boolean first = once.insert(() -> jdbc.sql("insert into svc_rating (application_id, level, comment, rated_at) values (?, ?, ?, ?)")
                    .params(applicationId, level, why.isEmpty() ? null : why, Timestamp.from(now)).update());
            Rating r = of(applicationId).orElseThrow();
            if (!first) {
                if (r.level() != level || !why.equals(r.comment() == null ? "" : r.comment())) {
                    throw new Conflict("level", "该办件已评价 / the application is rated already");
                }
                return r;
            }
            Rating.Level named = r.named();
            records.step(applicationId, "RATED", a.applicantName(), "评价：" + named.zh + (why.isEmpty() ? "" : "（" + why + "）"),
                    "Rated: " + named.en + (why.isEmpty() ? "" : " (" + why + ")"));
            if (r.poor()) {
                Instant due = applications.clock().due(now, RECTIFICATION_WORKING_DAYS);
                jdbc.sql("insert into svc_rectification (application_id, department, opened_at, due_by, state) values (?, ?, ?, ?, 'OPEN')")
                        .params(applicationId, a.department(), Timestamp.from(now), Timestamp.from(due)).update();
                records.step(applicationId, "RECTIFICATION_OPENED", a.department(),
                        "差评已转" + a.department() + "整改，" + RECTIFICATION_WORKING_DAYS + "个工作日内回访",
                        "The poor rating went to " + a.department() + " to rectify; it reports back within " + RECTIFICATION_WORKING_DAYS + " working days");
            }
            return r;
        });
    }

    /** The rating of an application (for a caller that has read the application, which checked the reader). */
    Optional<Rating> of(long applicationId) {
        return jdbc.sql("select application_id, level, comment, rated_at from svc_rating where application_id = ?").param(applicationId)
                .query((rs, n) -> new Rating(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getTimestamp(4).toInstant())).optional();
    }

    /** The rectification of an application's poor rating (for a caller that has read the application). */
    Optional<Rectification> rectificationOf(long applicationId) {
        return jdbc.sql(SELECT + " where x.application_id = ?").param(applicationId).query(Ratings::rectification).optional();
    }

    /** My department's rectifications, those due soonest first; {@code state} null for all. */
    List<Rectification> rectifications(CurrentUser officer, Rectification.State state, int offset, int limit) {
        Action.RECTIFY_POOR_RATINGS.demand(officer);
        // PostgreSQL cannot type a null parameter in "? is null": the state's condition is left out instead
        String where = state == null ? " where x.department = ?" : " where x.department = ? and x.state = '" + state.name() + "'";
        return jdbc.sql(SELECT + where + " order by x.due_by, x.id offset ? rows fetch next ? rows only").params(officer.unitName(), offset, limit)
                .query(Ratings::rectification).list();
    }

    long countRectifications(CurrentUser officer, Rectification.State state) {
        Action.RECTIFY_POOR_RATINGS.demand(officer);
        String where = state == null ? " where department = ?" : " where department = ? and state = '" + state.name() + "'";
        return jdbc.sql("select count(*) from svc_rectification" + where).param(officer.unitName()).query(Long.class).single();
    }

    /** The department reports what it found and changed; the citizen reads it on her application as the follow-up. */
    Rectification respond(CurrentUser officer, long rectificationId, String response) {
        Action.RECTIFY_POOR_RATINGS.demand(officer);
        Rectification r = jdbc.sql(SELECT + " where x.id = ?").param(rectificationId).query(Ratings::rectification).optional()
                .orElseThrow(() -> new NotFound("id", "没有这项整改 / no such rectification"));
        if (!r.department().equals(officer.unitName())) {
            throw new Forbidden("id", "该整改不属于本部门 / the rectification is another department's");
        }
        String text = response == null ? "" : response.strip();
        if (text.length() < 5) {
            throw new InvalidStandardValue("response", "请说明核实情况和整改措施（至少5个字） / say what was found and changed (5 characters at least)");
        }
        if (text.length() > 1000) {
            throw new InvalidStandardValue("response", "不超过1000个字符 / at most 1000 characters");
        }
        return tx.execute(s -> {
            // compare-and-set on the state: of two officers answering at once, one answer stands
            int moved = jdbc.sql("update svc_rectification set state = 'DONE', response = ?, responded_by = ?, responded_at = ? where id = ? and state = 'OPEN'")
                    .params(text, officer.displayName(), Timestamp.from(Instant.now()), rectificationId).update();
            if (moved == 0) {
                throw new Conflict("id", "该整改已回复 / the rectification is answered already");
            }
            records.step(r.applicationId(), "FOLLOWED_UP", officer.displayName(), "整改回访：" + text, "Follow-up of the rectification: " + text);
            return jdbc.sql(SELECT + " where x.id = ?").param(rectificationId).query(Ratings::rectification).single();
        });
    }

    private static final String SELECT = """
            select x.id, x.application_id, a.service_code, x.department, x.opened_at, x.due_by, x.state, x.response, x.responded_by, x.responded_at,
                   r.level, r.comment
            from svc_rectification x join svc_application a on a.id = x.application_id join svc_rating r on r.application_id = x.application_id""";

    private static Rectification rectification(ResultSet rs, int n) throws SQLException {
        Timestamp responded = rs.getTimestamp(10);
        return new Rectification(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                Rectification.State.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9), responded == null ? null : responded.toInstant(), rs.getInt(11),
                rs.getString(12));
    }
}
