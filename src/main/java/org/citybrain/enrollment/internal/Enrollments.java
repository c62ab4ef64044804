package org.citybrain.enrollment.internal;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.IdempotencyKey;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.IdNumber;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Applying for a child (报名) and reading the applications. A submission in the window is checked only for what
 * needs no other department (the child's ID number and age, the name, the schools chosen) and filed as one row, with
 * the others that arrived meanwhile in one transaction ({@link ApplicationFiling}), acknowledged once committed: the
 * August rush's thousands a second each cost one row and a share of a commit. One application per child is
 * the table's unique constraint; a retried submission is the same application by its idempotency key.
 */
@Component
class Enrollments {

    /** What a parent sends: her child's ID number and name, up to two schools she would also accept, the channel. */
    record Submission(String childIdNumber, String childName, List<Long> preferences, String channel) {
    }

    /** The answer: the application, and whether this call stored it (false: a retry of an earlier one). */
    record Submitted(Enrollment enrollment, boolean created) {
    }

    static final Set<String> CHANNELS = Set.of("PHONE", "PC", "COUNTER", "KIOSK");
    private static final char[] NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ApplicationFiling filing;
    private final Campaigns campaigns;
    private final CatchmentAreas catchments;
    private final AuditTrail audit;

    Enrollments(JdbcClient jdbc, ApplicationFiling filing, Campaigns campaigns, CatchmentAreas catchments, AuditTrail audit) {
        this.jdbc = jdbc;
        this.filing = filing;
        this.campaigns = campaigns;
        this.catchments = catchments;
        this.audit = audit;
    }

    Submitted submit(CurrentUser parent, String campaignCode, Submission s, String submissionKey) {
        Action.ENROLL_CHILD.demand(parent);
        long me = parent.self();
        Campaign c = campaigns.forSubmission(campaignCode);
        Instant now = Instant.now();
        if (c.phase(now) == Campaign.Phase.NOT_YET_OPEN) {
            throw new Conflict("campaign", "报名尚未开始 / the window has not opened yet");
        }
        if (c.phase(now) != Campaign.Phase.OPEN) {
            throw new Conflict("campaign", "报名已截止 / the window has closed");
        }
        IdNumber child = childOf(s.childIdNumber());
        if (child.birthDate().isBefore(c.bornFrom()) || child.birthDate().isAfter(c.bornTo())) {
            throw new InvalidStandardValue("childIdNumber", "本次招生招收" + c.bornFrom() + "至" + c.bornTo() + "出生的儿童 / this intake admits children born "
                    + c.bornFrom() + " to " + c.bornTo());
        }
        String name = s.childName() == null ? "" : s.childName().strip();
        if (name.isEmpty() || name.length() > 50) {
            throw new InvalidStandardValue("childName", "请填写儿童姓名（50字以内） / the child's name (up to 50 characters)");
        }
        List<Long> preferences = s.preferences() == null ? List.of() : s.preferences();
        if (preferences.size() > 2 || preferences.stream().distinct().count() < preferences.size()) {
            throw new InvalidStandardValue("preferences", "最多选择两所不同的学校 / up to two different schools");
        }
        for (Long school : preferences) {
            if (school == null || catchments.school(c.stage(), school).isEmpty()) {
                throw new InvalidStandardValue("preferences", "所选学校不是本次招生的学校 / a chosen school is not one of this intake's");
            }
        }
        String channel = s.channel() == null ? "PHONE" : s.channel().toUpperCase(Locale.ROOT);
        if (!CHANNELS.contains(channel)) {
            throw new InvalidStandardValue("channel", "渠道为 PHONE、PC、COUNTER 或 KIOSK / PHONE, PC, COUNTER or KIOSK");
        }
        String key = submissionKey == null ? UUID.randomUUID().toString() : IdempotencyKey.of(submissionKey);
        String prefs = String.join(",", preferences.stream().map(String::valueOf).toList());
        for (int attempt = 0; ; attempt++) {
            ApplicationFiling.Row row = new ApplicationFiling.Row(c.id(), newNumber(c), me, key, child.value(), name, prefs, channel, now);
            try {
                // with others in one transaction; alone when its batch was refused, so that the constraint speaks for it
                if (attempt > 0 || !filing.file(row)) {
                    filing.fileAlone(row);
                }
                return new Submitted(new Enrollment(0, c.id(), row.number(), me, child.value(), name, preferences, channel, now, Enrollment.State.CHECK_PENDING,
                        null, null, null, null, null, null, null, null), true);
            } catch (DuplicateKeyException e) {
                // the constraint decides, never a read before the insert: which one refused it says what happened
                Optional<Enrollment> retried = byKey(c.id(), me, key);
                if (retried.isPresent()) {
                    return new Submitted(retried.get(), false);
                }
                String refusal = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                if (refusal.contains("enr_application_child")) {
                    throw new Conflict("childIdNumber", "该儿童已在本次招生中报名，每名儿童只能报名一次 / this child is already enrolled in this intake");
                }
                if (!refusal.contains("number") || attempt > 3) {
                    throw e;
                }
                // two applications drew the same random number: draw another
            } catch (org.springframework.dao.TransientDataAccessException e) {
                // H2 refuses at once an insert whose unique key another open transaction holds ("concurrent update"),
                // where PostgreSQL waits for that transaction: once it has committed, inserting again lets the
                // constraint decide (a retry, or the child's second application)
                if (attempt > 5) {
                    throw e;
                }
                try {
                    Thread.sleep(10L * (attempt + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static IdNumber childOf(String typed) {
        String v = typed == null ? "" : typed.strip().toUpperCase(Locale.ROOT);
        if (!IdNumber.isValid(v)) {
            throw new InvalidStandardValue("childIdNumber", "请填写儿童的18位公民身份号码（GB 11643） / the child's 18-character ID number (GB 11643)");
        }
        return new IdNumber(v);
    }

    /**
     * A number nobody can guess or order by (the draw ranks by a hash of it): the campaign's id and ten characters of
     * Crockford-like base 32 without the look-alikes, from a secure random source.
     */
    private static String newNumber(Campaign c) {
        char[] out = new char[10];
        for (int i = 0; i < out.length; i++) {
            out[i] = NUMBER_ALPHABET[RANDOM.nextInt(NUMBER_ALPHABET.length)];
        }
        return "E" + c.id() + "-" + new String(out);
    }

    /** The parent's own applications, newest first. */
    List<Enrollment> mine(CurrentUser parent) {
        Action.ENROLL_CHILD.demand(parent);
        return jdbc.sql("select * from enr_application where parent_id = ? order by submitted_at desc, id desc").param(parent.self())
                .query(Enrollments::row).list();
    }

    /** One of the parent's own applications: another's answers as absent, so that numbers cannot be probed. */
    Enrollment mine(CurrentUser parent, String number) {
        Action.ENROLL_CHILD.demand(parent);
        return byNumber(number).filter(e -> e.parentId() == parent.self())
                .orElseThrow(() -> new NotFound("number", "没有这个报名 / no such application of yours"));
    }

    /** A page of the campaign's applications for its bureau, each read audited for the parent. */
    List<Enrollment> ofCampaign(CurrentUser officer, String code, String state, int offset, int limit) {
        Campaign c = campaigns.ofMyDepartment(officer, code);
        List<Enrollment> page = jdbc.sql("select * from enr_application where campaign_id = ? and (? = '' or state = ?) order by id offset ? rows fetch next ? rows only")
                .params(c.id(), state == null ? "" : state, state == null ? "" : state, Math.max(0, offset), Math.clamp(limit, 1, 200))
                .query(Enrollments::row).list();
        audit.recordAll(page.stream().map(e -> new PersonalDataAccess(officer.username(), PersonalDataAccess.residentSubject(e.parentId()), "READ",
                "入学报名 " + e.number() + "（儿童 " + e.maskedChildIdNumber() + "）", "招生审核 / reviewing enrollment")).toList());
        return page;
    }

    /** The campaign's applications counted by state, in one query: the bureau's overview. */
    java.util.Map<String, Long> countsByState(long campaignId) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.sql("select state, count(*) from enr_application where campaign_id = ? group by state").param(campaignId)
                .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    long countOfCampaign(long campaignId, String state) {
        return jdbc.sql("select count(*) from enr_application where campaign_id = ? and (? = '' or state = ?)")
                .params(campaignId, state == null ? "" : state, state == null ? "" : state).query(Long.class).single();
    }

    Optional<Enrollment> byNumber(String number) {
        return jdbc.sql("select * from enr_application where number = ?").param(number == null ? "" : number).query(Enrollments::row).optional();
    }

    private Optional<Enrollment> byKey(long campaign, long parent, String key) {
        return jdbc.sql("select * from enr_application where campaign_id = ? and parent_id = ? and submission_key = ?").params(campaign, parent, key)
                .query(Enrollments::row).optional();
    }

    static long self(CurrentUser user) {
        if (!user.jurisdiction().onlySelf()) {
            throw new Forbidden("parent", "由儿童的监护人本人报名 / the child's guardian applies herself");
        }
        return user.jurisdiction().selfResidentId();
    }

    static Enrollment row(ResultSet rs, int n) throws SQLException {
        String prefs = rs.getString("preferences");
        List<Long> preferences = prefs == null || prefs.isBlank() ? List.of() : Arrays.stream(prefs.split(",")).map(Long::valueOf).toList();
        String category = rs.getString("category");
        Timestamp checked = rs.getTimestamp("checked_at");
        return new Enrollment(rs.getLong("id"), rs.getLong("campaign_id"), rs.getString("number"), rs.getLong("parent_id"), rs.getString("child_id_number"),
                rs.getString("child_name"), new ArrayList<>(preferences), rs.getString("channel"), rs.getTimestamp("submitted_at").toInstant(),
                Enrollment.State.valueOf(rs.getString("state")), category == null ? null : Category.valueOf(category),
                (Long) rs.getObject("catchment_school", Long.class), rs.getString("reason_zh"), rs.getString("reason_en"),
                checked == null ? null : checked.toInstant(), (Long) rs.getObject("school_id", Long.class), rs.getString("admitted_by"), rs.getString("ticket"));
    }
}
