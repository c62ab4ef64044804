package org.citybrain.health.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.citybrain.health.CodeColour;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Limits;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the health commission and hospitals do to the facts: declare and lift risk areas, order quarantine, record
 * close contacts and test results, set a colour by hand (with the legal reason), void a wrong fact, publish rules.
 */
@Service
class AuthorityActs {

    private final FactLedger ledger;
    private final RiskAreaDesk riskAreaDesk;
    private final RuleSets rules;
    private final ColourEvaluation evaluation;
    private final org.citybrain.platform.FirstSubmissionWins once;

    AuthorityActs(FactLedger ledger, RiskAreaDesk riskAreaDesk, RuleSets rules, ColourEvaluation evaluation,
                  org.citybrain.platform.FirstSubmissionWins once) {
        this.ledger = ledger;
        this.riskAreaDesk = riskAreaDesk;
        this.rules = rules;
        this.evaluation = evaluation;
        this.once = once;
    }

    enum OrderKind { QUARANTINE_ORDER, CLOSE_CONTACT, TEST_RESULT }

    record Order(OrderKind kind, Instant from, Instant until, @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"NEGATIVE", "POSITIVE"}) String result,
                 @io.swagger.v3.oas.annotations.media.Schema(maxLength = Limits.LEGAL_REASON) String legalReason) {
    }

    /** Declares a risk area and re-colours everyone who arrived from it within the look-back; returns how many. */
    int declareRiskArea(DivisionCode division, String name, RiskAreas.Level level, Instant until, CurrentUser by) {
        Action.DECLARE_RISK_AREA.demand(by);
        name = Limits.text("name", name, Limits.PLACE_NAME, false);
        if (level == null) {
            throw new InvalidStandardValue("level", "风险等级为 MEDIUM 或 HIGH / the level is MEDIUM or HIGH");
        }
        if (until != null && !until.isAfter(Instant.now())) {
            throw new InvalidStandardValue("until", "截止时间须在将来 / the end lies in the future");
        }
        return riskAreaDesk.declare(division, name, level == RiskAreas.Level.HIGH, null, until, by.username());
    }

    int liftRiskArea(DivisionCode division, CurrentUser by) {
        Action.DECLARE_RISK_AREA.demand(by);
        return riskAreaDesk.lift(division);
    }

    /**
     * An order or result; with an idempotency key (a form's one-time key, an API client's Idempotency-Key) a
     * submission sent twice (a double tap on "record") is one fact, enforced by the unique (resident, retry key) index.
     */
    @Transactional
    HealthCodeBook.Code order(long residentId, Order o, CurrentUser by, String idempotencyKey) {
        if (o.kind() == null) {
            throw new InvalidStandardValue("kind", "类型为 QUARANTINE_ORDER、CLOSE_CONTACT 或 TEST_RESULT");
        }
        (o.kind() == OrderKind.TEST_RESULT ? Action.RECORD_TEST_RESULT : Action.ISSUE_HEALTH_ORDER).demand(by);
        String legalReason = Limits.optionalText("legalReason", o.legalReason(), Limits.LEGAL_REASON, false);
        Instant now = Instant.now();
        Instant from = o.from() == null ? now : o.from();
        if (from.isAfter(now.plus(Duration.ofDays(1)))) {
            throw new InvalidStandardValue("from", "开始时间不能晚于明天 / the start cannot lie beyond tomorrow");
        }
        Fact f = Fact.of(residentId, FactKind.valueOf(o.kind().name()), from, "order:" + (legalReason == null ? "" : legalReason), by.username());
        switch (o.kind()) {
            case QUARANTINE_ORDER -> {
                if (o.until() == null || !o.until().isAfter(from)) {
                    throw new InvalidStandardValue("until", "隔离须有晚于开始时间的截止时间 / a quarantine ends after it starts");
                }
                if (legalReason == null) {
                    throw new InvalidStandardValue("legalReason", "隔离令须注明法律依据 / a quarantine order needs its legal reason");
                }
                f = f.until(o.until());
            }
            case TEST_RESULT -> {
                if (!"NEGATIVE".equals(o.result()) && !"POSITIVE".equals(o.result())) {
                    throw new InvalidStandardValue("result", "检测结果为 NEGATIVE 或 POSITIVE / the result is NEGATIVE or POSITIVE");
                }
                f = f.result(o.result());
            }
            case CLOSE_CONTACT -> {
            }
        }
        String key = org.citybrain.platform.IdempotencyKey.of(idempotencyKey);
        ledger.addOnce(f, key == null ? null : "order:" + key, once);
        return evaluation.reevaluate(residentId, null, null);
    }

    /** A colour set by hand: only with the legal reason, and only until a time (a manual colour does not live forever). */
    @Transactional
    HealthCodeBook.Code setColour(long residentId, CodeColour colour, Instant until, String legalReason, CurrentUser by) {
        Action.SET_MANUAL_COLOUR.demand(by);
        if (colour == null) {
            throw new InvalidStandardValue("colour", "颜色为 GREEN、YELLOW 或 RED");
        }
        if (legalReason == null || legalReason.isBlank()) {
            throw new InvalidStandardValue("legalReason", "人工赋码须注明法律依据 / a manual colour needs its legal reason");
        }
        legalReason = Limits.text("legalReason", legalReason, Limits.LEGAL_REASON, false);
        Instant now = Instant.now();
        if (until == null || !until.isAfter(now) || until.isAfter(now.plus(Duration.ofDays(30)))) {
            throw new InvalidStandardValue("until", "人工赋码须在30天内到期 / a manual colour ends within 30 days");
        }
        ledger.add(Fact.of(residentId, FactKind.MANUAL_COLOUR, now, "manual:" + legalReason, by.username()).until(until).result(colour.name()));
        return evaluation.reevaluate(residentId, by.username(), legalReason);
    }

    @Transactional
    HealthCodeBook.Code voidFact(long factId, String legalReason, CurrentUser by) {
        Action.VOID_FACT.demand(by);
        if (legalReason == null || legalReason.isBlank()) {
            throw new InvalidStandardValue("legalReason", "作废事实须注明理由 / voiding a fact needs its reason");
        }
        legalReason = Limits.text("legalReason", legalReason, Limits.LEGAL_REASON, false);
        Fact f = ledger.byId(factId).orElseThrow(() -> new org.citybrain.platform.NotFound("factId", "没有该事实 / no such fact"));
        ledger.voidFact(factId, by.username(), legalReason);
        return evaluation.reevaluate(f.residentId(), by.username(), legalReason);
    }

    long residentOfFact(long factId) {
        return ledger.byId(factId).orElseThrow(() -> new org.citybrain.platform.NotFound("factId", "没有该事实 / no such fact")).residentId();
    }

    @Transactional
    DecisionTable publishRules(String rulesJson, String note, CurrentUser by) {
        Action.PUBLISH_RULES.demand(by);
        String n = Limits.optionalText("X-Note", note, Limits.RULES_NOTE, false);
        DecisionTable t = rules.publish(rulesJson, by.username(), n == null ? "published" : n);
        List<Long> concerned = ledger.residentsWithFactsSince(Instant.now().minus(Duration.ofDays(t.lookbackDays())));
        concerned.forEach(r -> evaluation.reevaluate(r, null, null));
        return t;
    }
}
