package org.citybrain.enrollment.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.notification.Notices;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A parent's appeal (申诉) of her child's check or placement, once per application, until the appeal period after
 * the allocation ends; the bureau answers it — upheld with a school that still has places, or not, with its reason,
 * which the parent reads.
 */
@Component
class Appeals {

    record Appeal(long id, long applicationId, String number, String reason, Instant filedAt, String answer, Boolean upheld, Long schoolId,
                  String answeredBy, Instant answeredAt) {
    }

    private final JdbcClient jdbc;
    private final Enrollments enrollments;
    private final Campaigns campaigns;
    private final CatchmentAreas catchments;
    private final TransactionTemplate tx;
    private final AuditTrail audit;

    private final Notices notices;

    Appeals(JdbcClient jdbc, Enrollments enrollments, Campaigns campaigns, CatchmentAreas catchments, TransactionTemplate tx, AuditTrail audit, Notices notices) {
        this.notices = notices;
        this.jdbc = jdbc;
        this.enrollments = enrollments;
        this.campaigns = campaigns;
        this.catchments = catchments;
        this.tx = tx;
        this.audit = audit;
    }

    Appeal file(CurrentUser parent, String number, String reason) {
        Enrollment e = enrollments.mine(parent, number);
        Campaign c = campaigns.byId(e.campaignId()).orElseThrow();
        if (e.state() == Enrollment.State.CHECK_PENDING) {
            throw new Conflict("number", "资格核验完成后才能申诉 / appeal once the check is done");
        }
        if (c.appealsUntil() != null && Instant.now().isAfter(c.appealsUntil())) {
            throw new Conflict("number", "申诉期已过 / the appeal period is over");
        }
        String text = reason == null ? "" : reason.strip();
        if (text.length() < 4 || text.length() > 1000) {
            throw new InvalidStandardValue("reason", "请写明申诉理由（4至1000字） / say why you appeal (4 to 1,000 characters)");
        }
        try {
            jdbc.sql("insert into enr_appeal (application_id, reason, filed_at) values (?, ?, ?)").params(e.id(), text, Timestamp.from(Instant.now())).update();
        } catch (DuplicateKeyException e2) {
            throw new Conflict("number", "该报名已申诉过 / this application has been appealed already");
        }
        return ofApplication(e.id()).orElseThrow();
    }

    Optional<Appeal> ofApplication(long applicationId) {
        return jdbc.sql("select p.*, a.number from enr_appeal p join enr_application a on a.id = p.application_id where p.application_id = ?")
                .param(applicationId).query(Appeals::row).optional();
    }

    /** The campaign's appeals for its bureau, the unanswered first. */
    List<Appeal> ofCampaign(CurrentUser officer, String code) {
        Campaign c = campaigns.ofMyDepartment(officer, code);
        List<Appeal> appeals = jdbc.sql("""
                        select p.*, a.number, a.parent_id from enr_appeal p join enr_application a on a.id = p.application_id where a.campaign_id = ?
                        order by case when p.answered_at is null then 0 else 1 end, p.filed_at""").param(c.id()).query(Appeals::row).list();
        if (!appeals.isEmpty()) {
            List<Long> parents = jdbc.sql("select a.parent_id from enr_appeal p join enr_application a on a.id = p.application_id where a.campaign_id = ?")
                    .param(c.id()).query(Long.class).list();
            audit.recordAll(parents.stream().distinct().map(p -> new PersonalDataAccess(officer.username(), PersonalDataAccess.residentSubject(p), "READ",
                    "入学申诉", "处理入学申诉 / answering enrollment appeals")).toList());
        }
        return appeals;
    }

    /** The bureau answers: upheld (optionally placing the child at a school with places left) or not, with its reason. */
    Appeal answer(CurrentUser officer, long appealId, boolean upheld, Long schoolId, String answer) {
        Action.RUN_ENROLLMENT.demand(officer);
        String text = answer == null ? "" : answer.strip();
        if (text.length() < 2 || text.length() > 1000) {
            throw new InvalidStandardValue("answer", "请写明答复（2至1000字） / write the answer (2 to 1,000 characters)");
        }
        return tx.execute(s -> {
            Appeal a = jdbc.sql("select p.*, a.number from enr_appeal p join enr_application a on a.id = p.application_id where p.id = ? for update")
                    .param(appealId).query(Appeals::row).optional().orElseThrow(() -> new NotFound("appealId", "没有这份申诉 / no such appeal"));
            Enrollment e = enrollments.byNumber(a.number()).orElseThrow();
            Campaign c = campaigns.byId(e.campaignId()).orElseThrow();
            campaigns.ofMyDepartment(officer, c.code());
            if (a.answeredAt() != null) {
                throw new Conflict("appealId", "该申诉已答复 / this appeal has been answered");
            }
            if (schoolId != null) {
                if (!upheld) {
                    throw new InvalidStandardValue("schoolId", "不予支持的申诉不能安排学校 / only an upheld appeal places the child");
                }
                if (c.allocatedAt() == null) {
                    throw new Conflict("schoolId", "学位分配后才能安排学校 / schools are assigned after the allocation");
                }
                catchments.school(c.stage(), schoolId).orElseThrow(() -> new NotFound("schoolId", "本学段没有这所学校 / no such school of this stage"));
                // the campaign's row lock: two appeals upheld at once do not both take a school's last place
                jdbc.sql("select id from enr_campaign where id = ? for update").param(c.id()).query(Long.class).single();
                int places = campaigns.places(c).getOrDefault(schoolId, 0);
                long taken = jdbc.sql("select count(*) from enr_application where campaign_id = ? and school_id = ?").params(c.id(), schoolId)
                        .query(Long.class).single();
                if (taken >= places) {
                    throw new Conflict("schoolId", "该校学位已满 / that school has no places left");
                }
                jdbc.sql("update enr_application set state = 'ADMITTED', school_id = ?, admitted_by = 'APPEAL' where id = ?").params(schoolId, e.id()).update();
            }
            jdbc.sql("update enr_appeal set answer = ?, upheld = ?, school_id = ?, answered_by = ?, answered_at = ? where id = ?")
                    .params(text, upheld, schoolId, officer.username(), Timestamp.from(Instant.now()), appealId).update();
            notices.tell(new Notices.Notice(e.parentId(), "enr-appeal:" + appealId, e.childName() + "的入学申诉（报名号 " + e.number() + "）已答复："
                    + (upheld ? "予以支持。" : "不予支持。") + text, e.childName() + "'s enrollment appeal (" + e.number() + ") is answered: "
                    + (upheld ? "upheld. " : "not upheld. ") + text, "/enrollment/applications/" + e.number()));
            return ofApplication(e.id()).orElseThrow();
        });
    }

    private static Appeal row(ResultSet rs, int n) throws SQLException {
        Timestamp answered = rs.getTimestamp("answered_at");
        return new Appeal(rs.getLong("id"), rs.getLong("application_id"), rs.getString("number"), rs.getString("reason"), rs.getTimestamp("filed_at").toInstant(),
                rs.getString("answer"), (Boolean) rs.getObject("upheld", Boolean.class), (Long) rs.getObject("school_id", Long.class), rs.getString("answered_by"),
                answered == null ? null : answered.toInstant());
    }
}
