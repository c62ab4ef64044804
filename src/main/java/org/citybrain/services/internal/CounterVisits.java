package org.citybrain.services.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.NotFound;
import org.citybrain.population.AccessPurpose;
import org.citybrain.standards.IdNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The hall's counter (窗口): a clerk serves a walk-in citizen under her own identity. She identifies the citizen by the
 * ID number the citizen gives or by the card on the reader (each identification audited as a read of the person),
 * which opens a visit; within the visit she sees the citizen's drafts, fills and submits applications for her with
 * her consent, and prints their receipts; she ends the visit, or it ends by itself. A visit is a row, not a session:
 * any node serves its pages, and only the clerk who opened it may use it.
 */
@Service
class CounterVisits {

    enum IdentifiedBy { TYPED, CARD }

    /** A clerk serving one citizen. */
    record Visit(String id, String clerk, long residentId, String idNumber, String name, IdentifiedBy identifiedBy, Instant startedAt, Instant endsAt,
                 Instant endedAt) {

        public String maskedIdNumber() {
            return new IdNumber(idNumber).masked();
        }

        boolean open(Instant now) {
            return endedAt == null && now.isBefore(endsAt);
        }

        Applications.Applicant applicant() {
            return new Applications.Applicant(residentId, name, idNumber);
        }
    }

    private final JdbcClient jdbc;
    private final ResidentRegistry registry;
    private final IdCardReader reader;
    private final AuditTrail audit;
    private final Applications applications;
    private final Drafts drafts;
    private final Duration length;

    CounterVisits(JdbcClient jdbc, ResidentRegistry registry, IdCardReader reader, AuditTrail audit, Applications applications, Drafts drafts,
                  @Value("${citybrain.services.counter-visit:PT30M}") Duration length) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.reader = reader;
        this.audit = audit;
        this.applications = applications;
        this.drafts = drafts;
        this.length = length;
    }

    /** The citizen the clerk identified by the ID number she gave: the register's name for it, audited. */
    Applications.Applicant identify(CurrentUser clerk, String idNumber, IdentifiedBy how) {
        Action.SERVE_AT_COUNTER.demand(clerk);
        if (idNumber == null || idNumber.isBlank()) {
            throw new org.citybrain.standards.InvalidStandardValue("idNumber", "请输入或读取申请人的身份证号 / type or read the applicant's ID number");
        }
        IdNumber id = IdNumber.parse(idNumber);
        ResidentRegistry.RegisteredResident r = registry.findByIdNumber(id)
                .orElseThrow(() -> new NotFound("idNumber", "本市人口库中没有这个身份证号 / the city's register holds no one with this ID number"));
        audit.record(new PersonalDataAccess(clerk.username(), PersonalDataAccess.residentSubject(r.residentId()), "READ",
                "窗口核验身份（" + (how == IdentifiedBy.CARD ? "读取身份证" : "申请人报身份证号") + "） / identified at the counter ("
                        + (how == IdentifiedBy.CARD ? "ID card read" : "ID number given") + ")", AccessPurpose.GOVERNMENT_SERVICE.describe() + " · 窗口 / counter"));
        return new Applications.Applicant(r.residentId(), r.name(), id.value());
    }

    /** The citizen whose card lies on the clerk's reader. */
    Applications.Applicant identifyByCard(CurrentUser clerk) {
        Action.SERVE_AT_COUNTER.demand(clerk);
        String number = reader.read(clerk.username()).map(IdCardReader.Card::idNumber)
                .orElseThrow(() -> new NotFound("card", "读卡器上没有身份证，请放好证件再读 / no ID card on the reader: place it and read again"));
        return identify(clerk, number, IdentifiedBy.CARD);
    }

    /** Opens a visit for the citizen identified by the number she gave, or (number null) by the card on the clerk's reader. */
    Visit begin(CurrentUser clerk, String idNumber) {
        Action.SERVE_AT_COUNTER.demand(clerk);
        IdentifiedBy how = idNumber == null ? IdentifiedBy.CARD : IdentifiedBy.TYPED;
        Applications.Applicant a = how == IdentifiedBy.CARD ? identifyByCard(clerk) : identify(clerk, idNumber, how);
        Instant now = Instant.now();
        String id = UUID.randomUUID().toString();
        jdbc.sql("""
                insert into svc_counter_visit (id, clerk, resident_id, id_number, name, identified_by, started_at, ends_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""").params(id, clerk.username(), a.residentId(), a.idNumber(), a.name(), how.name(), Timestamp.from(now),
                Timestamp.from(now.plus(length))).update();
        return require(clerk, id);
    }

    /** The clerk's own visit while it is open. */
    Visit require(CurrentUser clerk, String id) {
        Action.SERVE_AT_COUNTER.demand(clerk);
        Visit v = jdbc.sql("select * from svc_counter_visit where id = ? and clerk = ?").params(id == null ? "" : id, clerk.username())
                .query((rs, n) -> visit(rs)).optional()
                .orElseThrow(() -> new NotFound("visit", "没有这次窗口服务 / no such counter visit"));
        if (!v.open(Instant.now())) {
            throw new Conflict("visit", "这次窗口服务已结束，请重新核验身份 / the visit has ended: identify the citizen again");
        }
        return v;
    }

    void end(CurrentUser clerk, String id) {
        Action.SERVE_AT_COUNTER.demand(clerk);
        jdbc.sql("update svc_counter_visit set ended_at = ? where id = ? and clerk = ? and ended_at is null").params(Timestamp.from(Instant.now()), id,
                clerk.username()).update();
    }

    /** The citizen's saved drafts, to finish at the counter what she began on her phone. */
    List<Drafts.Draft> drafts(CurrentUser clerk, Visit v) {
        Action.SERVE_AT_COUNTER.demand(clerk);
        List<Drafts.Draft> found = drafts.of(v.residentId());
        if (!found.isEmpty()) {
            audit.record(new PersonalDataAccess(clerk.username(), PersonalDataAccess.residentSubject(v.residentId()), "READ",
                    "窗口查看申请人保存的草稿 / the applicant's saved drafts, at the counter", AccessPurpose.GOVERNMENT_SERVICE.describe() + " · 窗口 / counter"));
        }
        return found;
    }

    /** Submits for the visit's citizen, with her consent. */
    Application submit(CurrentUser clerk, String visitId, String serviceCode, JsonNode form, boolean consent, String key) {
        Visit v = require(clerk, visitId);
        return applications.submitAtCounter(clerk, v.applicant(), serviceCode, form, consent, key);
    }

    private static Visit visit(ResultSet rs) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Visit(rs.getString("id"), rs.getString("clerk"), rs.getLong("resident_id"), rs.getString("id_number"), rs.getString("name"),
                IdentifiedBy.valueOf(rs.getString("identified_by")), rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                ended == null ? null : ended.toInstant());
    }
}
