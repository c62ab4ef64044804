package org.citybrain.datahub.internal;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.Role;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sharing as 国发〔2016〕51号 sets it out (申请 → 审批): a department applies for a dataset of the catalogue — its
 * purpose, the fields and the rows it needs (a division inside its own jurisdiction, or the whole city for a city
 * department), for how long. An unconditional dataset is granted at once; a conditional one goes to the owner
 * department, which grants it (possibly narrowing the fields or the rows) or refuses it with a reason, within the time
 * limit (10 working days); the owner is reminded before the limit and the application is escalated to the big-data
 * bureau after it. A dataset that is not shared cannot be applied for. A grant carries the consumer's client
 * credential for the data service; the owner or the bureau revokes it, effective at the next call.
 */
@Service
class Sharing {

    enum Status { PENDING, GRANTED, REFUSED }

    enum GrantState { ACTIVE, EXPIRED, REVOKED }

    record Application(long id, String datasetId, String applicantUnit, String applicant, String purpose, String basis, List<String> fields,
                       String divisionCode, int months, Status status, Instant submittedAt, Instant dueAt, Instant remindedAt, Instant escalatedAt,
                       Instant decidedAt, String decidedBy, String decisionReason, String ownerUnit) {

        boolean overdue(Instant now) {
            return status == Status.PENDING && now.isAfter(dueAt);
        }
    }

    /** What a department asks for. {@code divisionCode} null: every row. */
    record Request(String datasetId, String purpose, String basis, List<String> fields, String divisionCode, Integer months) {
    }

    /** The owner's answer: to grant (the fields and rows granted, within those asked) or to refuse, with the reason. */
    record Decision(boolean grant, List<String> fields, String divisionCode, Integer perMinute, String reason) {
    }

    record Grant(long id, String datasetId, String consumerUnit, String providerUnit, String purpose, List<String> fields, String divisionCode,
                 int perMinute, Instant grantedAt, Instant expiresAt, Instant revokedAt, String revokedBy, String revokeReason, String clientId,
                 boolean secretIssued) {

        GrantState state(Instant now) {
            return revokedAt != null ? GrantState.REVOKED : now.isAfter(expiresAt) ? GrantState.EXPIRED : GrantState.ACTIVE;
        }

        String chain() {
            return "grant:" + id;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Catalogue catalogue;
    private final FirstSubmissionWins once;
    private final TransactionTemplate tx;
    private final WorkingDays calendar;
    private final int decideWithin;
    private final int remindBefore;
    private final int defaultPerMinute;

    private final ServedDatasets served;

    Sharing(JdbcClient jdbc, Catalogue catalogue, ServedDatasets served, FirstSubmissionWins once, TransactionTemplate tx, CityTime time,
            @Value("${citybrain.datahub.sharing.decide-within:10}") int decideWithin, @Value("${citybrain.datahub.sharing.remind-before:2}") int remindBefore,
            @Value("${citybrain.datahub.sharing.holidays:}") List<String> holidays, @Value("${citybrain.datahub.sharing.workdays:}") List<String> workdays,
            @Value("${citybrain.datahub.sharing.per-minute:600}") int defaultPerMinute) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.served = served;
        this.once = once;
        this.tx = tx;
        this.calendar = new WorkingDays(time.zone(), dates(holidays), dates(workdays));
        this.decideWithin = decideWithin;
        this.remindBefore = remindBefore;
        this.defaultPerMinute = defaultPerMinute;
    }

    // ---- applying ----

    /** Files an application; the same form sent twice (its submission key) is one application. */
    /** Whether the data service serves the dataset: the hub's own, and the modules' it reads through their APIs. */
    boolean served(Catalogue.Entry dataset) {
        return dataset.origin().equals("hub") || served.of(dataset.id()).isPresent();
    }

    Application apply(CurrentUser user, Request r, String submissionKey) {
        Action.APPLY_FOR_DATA.demand(user);
        List<InvalidStandardValue> problems = new ArrayList<>();
        Catalogue.Entry dataset = catalogue.entry(r.datasetId() == null ? "" : r.datasetId())
                .orElseThrow(() -> new InvalidStandardValue("datasetId", "目录中没有这个数据集 / no such dataset in the catalogue"));
        if (!served(dataset)) {
            throw new InvalidStandardValue("datasetId", "该数据集由" + dataset.origin() + "模块维护，尚不能通过数据服务共享 / the dataset is kept by the "
                    + dataset.origin() + " module and is not served by the data service yet");
        }
        if (dataset.sharingClass() == Catalogue.SharingClass.NOT_SHARED) {
            throw new Forbidden("datasetId", "该数据集不予共享（" + dataset.sharingBasis() + "） / the dataset is not shared (" + dataset.sharingBasis() + ")");
        }
        if (dataset.ownerUnit().equals(user.unitName())) {
            throw new InvalidStandardValue("datasetId", "本部门的数据集无需申请 / the dataset is your own department's");
        }
        String purpose = text(problems, "purpose", r.purpose(), 500, true);
        String basis = text(problems, "basis", r.basis(), 500, dataset.sharingClass() == Catalogue.SharingClass.CONDITIONAL);
        List<String> fields = fieldsOf(problems, dataset, r.fields());
        String division = rowsWithin(problems, user, r.divisionCode());
        int months = r.months() == null ? 12 : r.months();
        if (months < 1 || months > 36) {
            problems.add(new InvalidStandardValue("months", "期限为1至36个月 / 1 to 36 months"));
        }
        if (!problems.isEmpty()) {
            throw problems.getFirst().withOthers(problems);
        }
        String key = submissionKey == null || submissionKey.isBlank() ? UUID.randomUUID().toString() : submissionKey;
        Instant now = Instant.now();
        Instant due = calendar.endOfWorkingDaysAfter(now, decideWithin);
        Instant remind = calendar.workingDaysBefore(due, remindBefore);
        return tx.execute(s -> {
            Application a = once.submit(() -> jdbc.sql("""
                            insert into share_application (dataset_id, applicant_unit, applicant, purpose, basis, fields, division_code, months, status,
                                submitted_at, due_at, remind_at, submission_key)
                            values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""")
                    .params(dataset.id(), user.unitName(), user.username(), purpose, basis, String.join(",", fields), division, months, Timestamp.from(now),
                            Timestamp.from(due), Timestamp.from(remind), key).update(),
                    () -> jdbc.sql(SELECT + " where a.applicant = ? and a.submission_key = ?").params(user.username(), key).query((rs, n) -> application(rs)).optional());
            if (a.status() == Status.PENDING && dataset.sharingClass() == Catalogue.SharingClass.UNCONDITIONAL) {
                decided(a, "system", new Decision(true, a.fields(), a.divisionCode(), null, "无条件共享，自动授权 / unconditional: granted at once"), now);
                return require(a.id());
            }
            return a;
        });
    }

    // ---- deciding ----

    Application decide(CurrentUser user, long id, Decision d) {
        Action.DECIDE_DATA_APPLICATION.demand(user);
        Application a = require(id);
        mayDecide(user, a);
        if (a.status() != Status.PENDING) {
            throw new Conflict("status", "该申请已审批 / the application was decided already");
        }
        List<InvalidStandardValue> problems = new ArrayList<>();
        String reason = d.reason() == null ? null : d.reason().strip();
        if (!d.grant() && (reason == null || reason.isEmpty())) {
            problems.add(new InvalidStandardValue("reason", "不予共享须说明理由 / a refusal gives its reason"));
        }
        if (reason != null && reason.length() > 1000) {
            problems.add(new InvalidStandardValue("reason", "不超过1000个字符 / at most 1000 characters"));
        }
        List<String> fields = a.fields();
        String division = a.divisionCode();
        Integer perMinute = d.perMinute();
        if (d.grant()) {
            if (d.fields() != null && !d.fields().isEmpty()) {
                List<String> outside = d.fields().stream().filter(f -> !a.fields().contains(f)).toList();
                if (!outside.isEmpty()) {
                    problems.add(new InvalidStandardValue("fields", "只能在申请的字段中授权，不在申请中：" + String.join(", ", outside)
                            + " / only fields asked for can be granted; not asked: " + String.join(", ", outside)));
                }
                fields = a.fields().stream().filter(d.fields()::contains).toList();
            }
            if (d.divisionCode() != null && !d.divisionCode().isBlank()) {
                String narrowed = d.divisionCode().strip();
                if (a.divisionCode() != null && !narrowed.startsWith(new DivisionCode(a.divisionCode()).prefix())) {
                    problems.add(new InvalidStandardValue("divisionCode", "只能在申请的范围内授权 / rows can only be narrowed within those asked for"));
                }
                division = narrowed;
            }
            if (perMinute != null && (perMinute < 1 || perMinute > 100_000)) {
                problems.add(new InvalidStandardValue("perMinute", "每分钟1至100000次 / 1 to 100,000 calls a minute"));
            }
        }
        if (!problems.isEmpty()) {
            throw problems.getFirst().withOthers(problems);
        }
        Decision narrowed = new Decision(d.grant(), fields, division, perMinute, reason);
        tx.executeWithoutResult(s -> decided(a, user.username(), narrowed, Instant.now()));
        return require(id);
    }

    private void decided(Application a, String by, Decision d, Instant now) {
        // compare-and-set: of two officers deciding at once, one decides
        int changed = jdbc.sql("update share_application set status = ?, decided_at = ?, decided_by = ?, decision_reason = ? where id = ? and status = 'PENDING'")
                .params(d.grant() ? "GRANTED" : "REFUSED", Timestamp.from(now), by, d.reason(), a.id()).update();
        if (changed == 0) {
            throw new Conflict("status", "该申请已审批 / the application was decided already");
        }
        if (d.grant()) {
            Instant expires = now.atZone(ZoneOffset.UTC).plusMonths(a.months()).toInstant();
            jdbc.sql("""
                    insert into share_grant (id, dataset_id, consumer_unit, provider_unit, purpose, fields, division_code, per_minute, granted_at, expires_at, client_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(a.id(), a.datasetId(), a.applicantUnit(), a.ownerUnit(), a.purpose(), String.join(",", d.fields()), d.divisionCode(),
                            d.perMinute() == null ? defaultPerMinute : d.perMinute(), Timestamp.from(now), Timestamp.from(expires),
                            "cb-" + a.id() + "-" + token(9)).update();
        }
    }

    /** The owner department decides; the bureau may decide any (it coordinates an escalated one). */
    private static void mayDecide(CurrentUser user, Application a) {
        if (!user.has(Role.DATA_BUREAU_ADMIN) && !a.ownerUnit().equals(user.unitName())) {
            throw new Forbidden("id", "只有数据集的责任部门能审批 / only the dataset's owner department decides");
        }
    }

    // ---- grants ----

    Grant revoke(CurrentUser user, long id, String reason) {
        Action.REVOKE_GRANT.demand(user);
        Grant g = requireGrant(id);
        if (!user.has(Role.DATA_BUREAU_ADMIN) && !g.providerUnit().equals(user.unitName())) {
            throw new Forbidden("id", "只有数据集的责任部门或大数据局能撤销授权 / only the owner department or the bureau revokes a grant");
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidStandardValue("reason", "撤销须说明理由 / a revocation gives its reason");
        }
        tx.executeWithoutResult(s -> {
            int changed = jdbc.sql("update share_grant set revoked_at = ?, revoked_by = ?, revoke_reason = ? where id = ? and revoked_at is null")
                    .params(Timestamp.from(Instant.now()), user.username(), reason.strip(), id).update();
            if (changed == 0) {
                throw new Conflict("id", "该授权已撤销 / the grant was revoked already");
            }
            // its tokens stay, so that a call with one is told the grant was revoked and why (403), not that the token is unknown
        });
        return requireGrant(id);
    }

    /**
     * A new client secret for the consumer's system, shown this once (only its hash is kept); a new one replaces the
     * old, whose tokens stop at once.
     */
    String issueSecret(CurrentUser user, long id) {
        Action.ISSUE_CLIENT_CREDENTIAL.demand(user);
        Grant g = requireGrant(id);
        if (!g.consumerUnit().equals(user.unitName())) {
            throw new Forbidden("id", "只有获得授权的部门能领取凭据 / only the department granted takes the credential");
        }
        if (g.state(Instant.now()) != GrantState.ACTIVE) {
            throw new Conflict("id", "授权已失效 / the grant is no longer in force");
        }
        String secret = token(32);
        tx.executeWithoutResult(s -> {
            jdbc.sql("update share_grant set client_secret_hash = ?, secret_issued_at = ? where id = ?").params(HubRecords.sha256(secret),
                    Timestamp.from(Instant.now()), id).update();
            jdbc.sql("delete from share_token where grant_id = ?").param(id).update();
        });
        return secret;
    }

    // ---- reading ----

    Application require(long id) {
        return jdbc.sql(SELECT + " where a.id = ?").param(id).query((rs, n) -> application(rs)).optional()
                .orElseThrow(() -> new NotFound("id", "没有这个共享申请 / no such application"));
    }

    /** An application as one of its parties (or the bureau, or an auditor) sees it. */
    Application read(CurrentUser user, long id) {
        Action.READ_SHARING.demand(user);
        Application a = require(id);
        if (!seesAll(user) && !a.applicantUnit().equals(user.unitName()) && !a.ownerUnit().equals(user.unitName())) {
            throw new Forbidden("id", "该申请与您的部门无关 / the application does not concern your department");
        }
        return a;
    }

    /** A grant as one of its parties, the bureau or an auditor sees it (with its exchange log). */
    Grant readGrant(CurrentUser user, long id, Action action) {
        action.demand(user);
        Grant g = requireGrant(id);
        if (!seesAll(user) && !g.consumerUnit().equals(user.unitName()) && !g.providerUnit().equals(user.unitName())) {
            throw new Forbidden("id", "该授权与您的部门无关 / the grant does not concern your department");
        }
        return g;
    }

    static boolean seesAll(CurrentUser user) {
        return user.has(Role.DATA_BUREAU_ADMIN) || user.has(Role.AUDITOR);
    }

    Optional<Grant> grant(long id) {
        return jdbc.sql("select * from share_grant where id = ?").param(id).query((rs, n) -> grant(rs)).optional();
    }

    Grant requireGrant(long id) {
        return grant(id).orElseThrow(() -> new NotFound("id", "没有这个授权 / no such grant"));
    }

    Optional<Grant> grantOfClient(String clientId) {
        return jdbc.sql("select * from share_grant where client_id = ?").param(clientId).query((rs, n) -> grant(rs)).optional();
    }

    /** The client's secret hash, to check a credential. */
    Optional<String> secretHash(String clientId) {
        return jdbc.sql("select client_secret_hash from share_grant where client_id = ?").param(clientId).query(String.class).optional();
    }

    /** Applications a department filed ({@code asApplicant}) or that wait on it as owner; the bureau's view (unit null): all. */
    List<Application> list(String unit, boolean asApplicant, int offset, int limit) {
        String where = unit == null ? "" : asApplicant ? " where a.applicant_unit = ?" : " where d.owner_unit = ?";
        var q = jdbc.sql(SELECT + where + " order by case when a.status = 'PENDING' then 0 else 1 end, a.id desc offset ? rows fetch next ? rows only");
        return (unit == null ? q.params(offset, limit) : q.params(unit, offset, limit)).query((rs, n) -> application(rs)).list();
    }

    long count(String unit, boolean asApplicant) {
        String where = unit == null ? "" : asApplicant ? " where a.applicant_unit = ?" : " where d.owner_unit = ?";
        var q = jdbc.sql("select count(*) from share_application a join hub_dataset d on d.id = a.dataset_id" + where);
        return (unit == null ? q : q.param(unit)).query(Long.class).single();
    }

    /** The newest grant in force of the dataset to the unit. */
    Optional<Grant> grantInForce(String consumerUnit, String datasetId, Instant now) {
        // optional(), not stream(): a query's stream holds its connection until closed, and this one was not (each
        // material fetched leaked a connection until the pool was dry)
        return jdbc.sql("select * from share_grant where consumer_unit = ? and dataset_id = ? and revoked_at is null and expires_at > ?"
                        + " order by granted_at desc, id desc fetch first 1 rows only")
                .params(consumerUnit, datasetId, Timestamp.from(now)).query((rs, n) -> grant(rs)).optional();
    }

    /**
     * A sharing agreement signed outside CityBrain, recorded by the bureau: an application of the consumer unit,
     * granted at once by the recorder. Recording the same agreement again (its key: unit, dataset, purpose) is one.
     */
    Grant recordAgreement(String consumerUnit, String datasetId, List<String> fields, String purpose, String basis, int months, Integer perMinute,
                          String recordedBy) {
        if (perMinute != null && (perMinute < 1 || perMinute > 100_000)) {
            throw new InvalidStandardValue("perMinute", "每分钟1至100000次 / 1 to 100,000 calls a minute");
        }
        Catalogue.Entry dataset = catalogue.entry(datasetId).orElseThrow(() -> new InvalidStandardValue("datasetId", "目录中没有这个数据集 / no such dataset in the catalogue"));
        List<InvalidStandardValue> problems = new ArrayList<>();
        List<String> granted = fieldsOf(problems, dataset, fields);
        if (!problems.isEmpty()) {
            throw problems.getFirst().withOthers(problems);
        }
        String key = "agreement:" + HubRecords.sha256(consumerUnit + "|" + datasetId + "|" + purpose).substring(0, 40);
        Instant now = Instant.now();
        return tx.execute(s -> {
            Application a = once.submit(() -> jdbc.sql("""
                            insert into share_application (dataset_id, applicant_unit, applicant, purpose, basis, fields, division_code, months, status,
                                submitted_at, due_at, remind_at, submission_key)
                            values (?, ?, ?, ?, ?, ?, null, ?, 'PENDING', ?, ?, ?, ?)""")
                    .params(datasetId, consumerUnit, recordedBy, purpose, basis, String.join(",", granted), months, Timestamp.from(now), Timestamp.from(now),
                            Timestamp.from(now), key).update(),
                    () -> jdbc.sql(SELECT + " where a.applicant = ? and a.submission_key = ?").params(recordedBy, key).query((rs, n) -> application(rs)).optional());
            if (a.status() == Status.PENDING) {
                decided(a, recordedBy, new Decision(true, granted, null, perMinute, "依共享协议登记 / recorded from a signed sharing agreement: " + basis), now);
            }
            return requireGrant(a.id());
        });
    }

    // ---- the time limit ----

    /**
     * Reminds the owners of applications near their limit and escalates those past it to the bureau. Each node runs
     * it; the compare-and-set updates make each reminder and escalation happen once.
     */
    @Scheduled(fixedDelayString = "${citybrain.datahub.sharing.check-every:PT10M}", initialDelayString = "PT30S")
    void watchTimeLimits() {
        watchTimeLimits(Instant.now());
    }

    /** Returns how many applications were reminded and escalated. */
    int[] watchTimeLimits(Instant now) {
        Timestamp t = Timestamp.from(now);
        int reminded = jdbc.sql("update share_application set reminded_at = ? where status = 'PENDING' and reminded_at is null and remind_at <= ?")
                .params(t, t).update();
        int escalated = jdbc.sql("update share_application set escalated_at = ? where status = 'PENDING' and escalated_at is null and due_at <= ?")
                .params(t, t).update();
        jdbc.sql("delete from share_token where expires_at < ?").param(t).update();
        return new int[] {reminded, escalated};
    }

    // ---- helpers ----

    private static final String SELECT = "select a.*, d.owner_unit from share_application a join hub_dataset d on d.id = a.dataset_id";

    private static Application application(ResultSet rs) throws SQLException {
        return new Application(rs.getLong("id"), rs.getString("dataset_id"), rs.getString("applicant_unit"), rs.getString("applicant"),
                rs.getString("purpose"), rs.getString("basis"), ExchangeLog.splitList(rs.getString("fields")), rs.getString("division_code"),
                rs.getInt("months"), Status.valueOf(rs.getString("status")), Sources.instant(rs, "submitted_at"), Sources.instant(rs, "due_at"),
                Sources.instant(rs, "reminded_at"), Sources.instant(rs, "escalated_at"), Sources.instant(rs, "decided_at"), rs.getString("decided_by"),
                rs.getString("decision_reason"), rs.getString("owner_unit"));
    }

    private static Grant grant(ResultSet rs) throws SQLException {
        return new Grant(rs.getLong("id"), rs.getString("dataset_id"), rs.getString("consumer_unit"), rs.getString("provider_unit"), rs.getString("purpose"),
                ExchangeLog.splitList(rs.getString("fields")), rs.getString("division_code"), rs.getInt("per_minute"), Sources.instant(rs, "granted_at"),
                Sources.instant(rs, "expires_at"), Sources.instant(rs, "revoked_at"), rs.getString("revoked_by"), rs.getString("revoke_reason"),
                rs.getString("client_id"), rs.getString("client_secret_hash") != null);
    }

    private static String text(List<InvalidStandardValue> problems, String field, String value, int max, boolean required) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                problems.add(new InvalidStandardValue(field, field.equals("basis") ? "有条件共享的数据须注明申请依据 / a conditional dataset needs the basis of the request"
                        : "请填写 / this is required"));
            }
            return null;
        }
        if (v.length() > max) {
            problems.add(new InvalidStandardValue(field, "不超过" + max + "个字符 / at most " + max + " characters"));
        }
        return v;
    }

    private static List<String> fieldsOf(List<InvalidStandardValue> problems, Catalogue.Entry dataset, List<String> asked) {
        Set<String> known = new HashSet<>();
        dataset.fields().forEach(f -> known.add(f.name()));
        Set<String> fields = new LinkedHashSet<>();
        if (asked != null) {
            asked.stream().filter(f -> f != null && !f.isBlank()).map(String::strip).forEach(fields::add);
        }
        if (fields.isEmpty()) {
            problems.add(new InvalidStandardValue("fields", "请选择需要的字段 / choose the fields you need"));
        }
        List<String> unknown = fields.stream().filter(f -> !known.contains(f)).toList();
        if (!unknown.isEmpty()) {
            problems.add(new InvalidStandardValue("fields", "数据集没有字段 " + String.join(", ", unknown) + " / the dataset has no field " + String.join(", ", unknown)));
        }
        return List.copyOf(fields);
    }

    /** Rows inside the applicant's own jurisdiction: a district's bureau asks for its district, a city department for any. */
    private static String rowsWithin(List<InvalidStandardValue> problems, CurrentUser user, String divisionCode) {
        DivisionCode own = user.jurisdiction().division();
        if (divisionCode == null || divisionCode.isBlank()) {
            if (own == null || own.level() != DivisionCode.Level.CITY && own.level() != DivisionCode.Level.PROVINCE) {
                problems.add(new InvalidStandardValue("divisionCode", "请选择本部门辖区内的范围 / choose rows inside your department's jurisdiction"));
                return null;
            }
            return null;
        }
        try {
            DivisionCode asked = new DivisionCode(divisionCode.strip());
            if (own == null || !own.contains(asked)) {
                problems.add(new InvalidStandardValue("divisionCode", "只能申请本部门辖区内的数据 / only rows inside your department's jurisdiction"));
            }
            return asked.value();
        } catch (InvalidStandardValue e) {
            problems.add(new InvalidStandardValue("divisionCode", e.getMessage()));
            return null;
        }
    }

    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Set<LocalDate> dates(List<String> values) {
        Set<LocalDate> out = new HashSet<>();
        values.stream().filter(v -> !v.isBlank()).forEach(v -> out.add(LocalDate.parse(v.strip())));
        return out;
    }
}
