package org.citybrain.community.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.community.VisitorRegister;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.IdempotencyKey;
import org.citybrain.platform.Limits;
import org.citybrain.platform.NotFound;
import org.citybrain.population.Residency;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Household and visitor registrations, and their confirmation or correction by the community worker. */
@Service
class Registrations implements VisitorRegister {

    enum Kind { HOUSEHOLD, VISIT }

    /** One member of a household as the household declares them. */
    record Member(@io.swagger.v3.oas.annotations.media.Schema(maxLength = Limits.PERSON_NAME) String name,
                  @io.swagger.v3.oas.annotations.media.Schema(maxLength = Limits.RELATION) String relation, Boolean livingHere,
                  @io.swagger.v3.oas.annotations.media.Schema(maxLength = Limits.MEMBER_NOTE) String note) {
    }

    record Registration(long id, Kind kind, String communityCode, long residentId, Long householdId, String hostName, String hostAddress,
                        String purpose, Instant validFrom, Instant validUntil, String details, Instant submittedAt, String status, String handledBy,
                        String correction) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final FirstSubmissionWins once;

    Registrations(JdbcClient jdbc, JsonMapper json, AuditTrail audit, FirstSubmissionWins once) {
        this.once = once;
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional
    Registration registerHousehold(Residency.Residence person, List<Member> members, String idempotencyKey) {
        if (members == null || members.isEmpty() || members.size() > Limits.HOUSEHOLD_MEMBERS) {
            throw new InvalidStandardValue("members", "请登记1至" + Limits.HOUSEHOLD_MEMBERS + "名家庭成员 / register 1 to " + Limits.HOUSEHOLD_MEMBERS
                    + " household members");
        }
        List<Member> checked = new java.util.ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            if (m == null) {
                throw new InvalidStandardValue("members[" + i + "]", "请填写家庭成员 / a member is required");
            }
            checked.add(new Member(Limits.text("members[" + i + "].name", m.name(), Limits.PERSON_NAME, false),
                    Limits.text("members[" + i + "].relation", m.relation(), Limits.RELATION, false), m.livingHere(),
                    Limits.optionalText("members[" + i + "].note", m.note(), Limits.MEMBER_NOTE, false)));
        }
        String details = json.writeValueAsString(checked);
        String key = IdempotencyKey.of(idempotencyKey);
        return insert(key, person.residentId(), id -> jdbc.sql("""
                insert into community_registration(kind, community_code, resident_id, household_id, details, idempotency_key, submitted_at, status)
                values ('HOUSEHOLD', ?, ?, ?, ?, ?, ?, 'SUBMITTED')""")
                .params(person.communityCode(), person.residentId(), person.householdId(), details, key,
                        Timestamp.from(Instant.now())).update(id, "id"));
    }

    @Transactional
    Registration registerVisit(long visitorId, String community, String hostName, String hostAddress, String purpose, Instant from, Instant until,
                               String idempotencyKey) {
        if (community == null) {
            throw new InvalidStandardValue("community", "请填写要到访的社区代码 / the community (12-digit code) is required");
        }
        DivisionCode c = new DivisionCode(community);
        if (c.level() != DivisionCode.Level.COMMUNITY) {
            throw new InvalidStandardValue("community", "社区代码为12位 / a community code has 12 digits");
        }
        String host = Limits.text("hostName", hostName, Limits.PERSON_NAME, false);
        String address = Limits.text("hostAddress", hostAddress, Limits.ADDRESS, false);
        String why = Limits.text("purpose", purpose, Limits.ADDRESS, false);
        Instant now = Instant.now();
        Instant start = from == null ? now : from;
        Instant end = until == null ? start.plus(Duration.ofDays(1)) : until;
        if (!end.isAfter(start)) {
            throw new InvalidStandardValue("until", "离开时间须晚于到达时间 / a visit ends after it starts");
        }
        if (Duration.between(start, end).toDays() > 30 || end.isBefore(now)) {
            throw new InvalidStandardValue("until", "登记今后30天内的来访 / register visits of the next 30 days");
        }
        String key = IdempotencyKey.of(idempotencyKey);
        return insert(key, visitorId, id -> jdbc.sql("""
                insert into community_registration(kind, community_code, resident_id, host_name, host_address, purpose, valid_from, valid_until,
                                                   idempotency_key, submitted_at, status)
                values ('VISIT', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SUBMITTED')""")
                .params(c.value(), visitorId, host, address, why, Timestamp.from(start), Timestamp.from(end),
                        key, Timestamp.from(now)).update(id, "id"));
    }

    /** Stores a registration once per resident and key (unique index community_registration_retry); every retry gets the first. */
    private Registration insert(String key, long residentId, java.util.function.Function<org.springframework.jdbc.support.KeyHolder, Integer> insert) {
        var id = new org.springframework.jdbc.support.GeneratedKeyHolder();
        if (key == null) {
            insert.apply(id);
            return jdbc.sql("select * from community_registration where id = ?").param(id.getKey().longValue()).query(Registrations::row).single();
        }
        return once.submit(() -> insert.apply(id), () -> jdbc.sql("select * from community_registration where resident_id = ? and idempotency_key = ?")
                .params(residentId, key).query(Registrations::row).optional());
    }

    List<Registration> mine(long residentId) {
        return jdbc.sql("select * from community_registration where resident_id = ? order by id desc").param(residentId).query(Registrations::row).list();
    }

    /** Registrations waiting in the reader's jurisdiction; each registrant listed is an audited read. */
    @Transactional
    List<Registration> toHandle(CurrentUser reader) {
        Action.READ_REGISTRATIONS.demand(reader);
        List<Registration> waiting = jdbc.sql("select * from community_registration where community_code like ? and status = 'SUBMITTED' order by submitted_at fetch first 200 rows only")
                .param(reader.jurisdiction().communityPrefix() + "%").query(Registrations::row).list();
        audit.recordAll(waiting.stream().map(r -> new PersonalDataAccess(reader.username(), PersonalDataAccess.residentSubject(r.residentId()), "READ",
                "社区健康登记 / community health registration", "社区服务 / community service")).toList());
        return waiting;
    }

    /** The worker confirms a registration, or corrects it (saying what is wrong; the registrant sees it). */
    @Transactional
    Registration handle(CurrentUser worker, long id, boolean confirm, String correction) {
        Action.HANDLE_REGISTRATION.demand(worker);
        Registration r = jdbc.sql("select * from community_registration where id = ? for update").param(id).query(Registrations::row).optional()
                .orElseThrow(() -> new NotFound("id", "没有该登记 / no such registration"));
        if (worker.jurisdiction().onlySelf() || !worker.jurisdiction().coversCommunity(r.communityCode())) {
            throw new Forbidden("id", "该登记不在您的管辖范围内 / the registration is outside your jurisdiction");
        }
        if (!"SUBMITTED".equals(r.status())) {
            throw new InvalidStandardValue("id", "该登记已处理 / the registration has been handled");
        }
        if (!confirm) {
            correction = Limits.text("correction", correction, Limits.NOTE, true);
        }
        jdbc.sql("update community_registration set status = ?, handled_by = ?, correction = ?, handled_at = ? where id = ?")
                .params(confirm ? "CONFIRMED" : "CORRECTED", worker.username(), confirm ? null : correction, Timestamp.from(Instant.now()), id).update();
        return jdbc.sql("select * from community_registration where id = ?").param(id).query(Registrations::row).single();
    }

    @Override
    public java.util.Set<Long> registeredAmong(java.util.Collection<Long> residentIds, String communityCode, Instant at) {
        java.util.Set<Long> found = new java.util.HashSet<>();
        List<Long> all = List.copyOf(residentIds);
        for (int i = 0; i < all.size(); i += 500) {
            jdbc.sql("""
                    select resident_id from community_registration
                    where community_code = :community and kind = 'VISIT' and status in ('SUBMITTED', 'CONFIRMED')
                      and valid_from <= :at and valid_until > :at and resident_id in (:ids)""")
                    .param("community", communityCode).param("at", Timestamp.from(at)).param("ids", all.subList(i, Math.min(all.size(), i + 500)))
                    .query(rs -> {
                        found.add(rs.getLong(1));
                    });
        }
        return found;
    }

    List<Member> members(Registration r) {
        return r.details() == null ? List.of() : List.of(json.readValue(r.details(), Member[].class));
    }

    private static Registration row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Registration(rs.getLong("id"), Kind.valueOf(rs.getString("kind")), rs.getString("community_code"), rs.getLong("resident_id"),
                (Long) rs.getObject("household_id", Long.class), rs.getString("host_name"), rs.getString("host_address"), rs.getString("purpose"),
                instant(rs, "valid_from"), instant(rs, "valid_until"), rs.getString("details"), rs.getTimestamp("submitted_at").toInstant(),
                rs.getString("status"), rs.getString("handled_by"), rs.getString("correction"));
    }

    private static Instant instant(java.sql.ResultSet rs, String c) throws java.sql.SQLException {
        Timestamp t = rs.getTimestamp(c);
        return t == null ? null : t.toInstant();
    }

}
