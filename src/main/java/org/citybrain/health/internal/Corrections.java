package org.citybrain.health.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.IdempotencyKey;
import org.citybrain.platform.Limits;
import org.citybrain.platform.NotFound;
import org.citybrain.population.Residency;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Correction requests (纠错): a citizen says why her code is wrong; the request goes to the officials responsible for
 * her community, who accept it (voiding the wrong fact, which re-colours the code with the official and the legal
 * reason on record) or reject it with an answer the citizen reads.
 */
@Service
class Corrections {

    record CorrectionView(long id, long residentId, String communityCode, String request, Instant filedAt, String status, String answeredBy,
                          String answer, Instant answeredAt) {
    }

    enum Decision { ACCEPT, REJECT }

    private final JdbcClient jdbc;
    private final FactLedger ledger;
    private final ColourEvaluation evaluation;
    private final org.citybrain.audit.AuditTrail audit;
    private final FirstSubmissionWins once;

    Corrections(JdbcClient jdbc, FactLedger ledger, ColourEvaluation evaluation, org.citybrain.audit.AuditTrail audit, FirstSubmissionWins once) {
        this.once = once;
        this.audit = audit;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.evaluation = evaluation;
    }

    @Transactional
    CorrectionView file(Residency.Residence person, String request, String idempotencyKey) {
        String text = Limits.text("request", request, Limits.CORRECTION, true);
        String key = IdempotencyKey.of(idempotencyKey);
        var id = new org.springframework.jdbc.support.GeneratedKeyHolder();
        Runnable insert = () -> jdbc.sql("insert into health_correction(resident_id, community_code, request, idempotency_key, filed_at, status) values (?, ?, ?, ?, ?, 'OPEN')")
                .params(person.residentId(), person.communityCode(), text, key, Timestamp.from(Instant.now())).update(id, "id");
        if (key == null) {
            insert.run();
            return byId(id.getKey().longValue());
        }
        return once.submit(insert, () -> jdbc.sql("select * from health_correction where resident_id = ? and idempotency_key = ?")
                .params(person.residentId(), key).query(Corrections::view).optional());
    }

    private CorrectionView byId(long id) {
        return jdbc.sql("select * from health_correction where id = ?").param(id).query(Corrections::view).single();
    }

    List<CorrectionView> ofResident(long residentId) {
        return jdbc.sql("select * from health_correction where resident_id = ? order by id desc").param(residentId).query(Corrections::view).list();
    }

    /** Open requests in the reader's jurisdiction; each person listed is an audited read. */
    @Transactional
    List<CorrectionView> open(CurrentUser reader) {
        Action.READ_CORRECTIONS.demand(reader);
        List<CorrectionView> open = jdbc.sql("select * from health_correction where community_code like ? and status = 'OPEN' order by filed_at fetch first 200 rows only")
                .param(reader.jurisdiction().communityPrefix() + "%").query(Corrections::view).list();
        audit.recordAll(open.stream().map(c -> new org.citybrain.audit.PersonalDataAccess(reader.username(),
                org.citybrain.audit.PersonalDataAccess.residentSubject(c.residentId()), "READ", "健康码纠错申请 / health code correction request",
                "疫情防控 / epidemic prevention")).toList());
        return open;
    }

    /** Answers a request; accepting voids the named fact (if any) and re-evaluates with the official and legal reason. */
    @Transactional
    CorrectionView answer(CurrentUser official, long id, Decision decision, String answer, Long voidFactId, String legalReason) {
        Action.ANSWER_CORRECTION.demand(official);
        CorrectionView c = jdbc.sql("select * from health_correction where id = ? for update").param(id).query(Corrections::view).optional()
                .orElseThrow(() -> new NotFound("id", "没有该纠错申请 / no such correction request"));
        if (official.jurisdiction().onlySelf() || !official.jurisdiction().coversCommunity(c.communityCode())) {
            throw new Forbidden("id", "该申请不在您的管辖范围内 / the request is outside your jurisdiction");
        }
        if (!"OPEN".equals(c.status())) {
            throw new InvalidStandardValue("id", "该申请已处理 / the request has been answered");
        }
        if (decision == null) {
            throw new InvalidStandardValue("decision", "答复为 ACCEPT 或 REJECT / the decision is ACCEPT or REJECT");
        }
        answer = Limits.text("answer", answer, Limits.CORRECTION, true);
        legalReason = Limits.optionalText("legalReason", legalReason, Limits.LEGAL_REASON, false);
        if (decision == Decision.ACCEPT) {
            if (legalReason == null) {
                throw new InvalidStandardValue("legalReason", "改变健康码须注明法律依据 / changing a code needs its legal reason");
            }
            if (voidFactId != null) {
                Fact f = ledger.byId(voidFactId).filter(x -> x.residentId() == c.residentId())
                        .orElseThrow(() -> new InvalidStandardValue("voidFactId", "该事实不属于申请人 / the fact is not the applicant's"));
                ledger.voidFact(f.id(), official.username(), legalReason);
            }
        }
        jdbc.sql("update health_correction set status = ?, answered_by = ?, answer = ?, answered_at = ? where id = ?")
                .params(decision == Decision.ACCEPT ? "ACCEPTED" : "REJECTED", official.username(), answer, Timestamp.from(Instant.now()), id).update();
        if (decision == Decision.ACCEPT) {
            evaluation.reevaluate(c.residentId(), official.username(), legalReason);
        }
        return jdbc.sql("select * from health_correction where id = ?").param(id).query(Corrections::view).single();
    }

    private static CorrectionView view(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp answered = rs.getTimestamp("answered_at");
        return new CorrectionView(rs.getLong("id"), rs.getLong("resident_id"), rs.getString("community_code"), rs.getString("request"),
                rs.getTimestamp("filed_at").toInstant(), rs.getString("status"), rs.getString("answered_by"), rs.getString("answer"),
                answered == null ? null : answered.toInstant());
    }
}
