package org.citybrain.health.internal;

import java.time.Instant;
import java.util.List;

import org.citybrain.health.CodeColour;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Query health information (GB/T 38963: 健康信息查询): the colour, why in plain words, what turns it green, every
 * change with its rule and (for a manual act) official and legal reason, and the facts behind it.
 */
@Service
class HealthInformation {

    record View(long residentId, CodeColour colour, String ruleId, int ruleVersion, String why, String remedy, Instant since,
                List<ChangeView> changes, List<FactView> facts, List<Corrections.CorrectionView> corrections) {
    }

    record ChangeView(Instant at, CodeColour from, CodeColour to, String ruleId, int ruleVersion, String why, String official, String legalReason,
                      String evidence) {
    }

    record FactView(long id, String kind, Instant at, Instant until, String origin, String temperature, String symptoms, String result,
                    String source, boolean voided) {
    }

    private final ColourEvaluation evaluation;
    private final HealthCodeBook book;
    private final RuleSets rules;
    private final FactLedger ledger;
    private final Corrections corrections;

    HealthInformation(ColourEvaluation evaluation, HealthCodeBook book, RuleSets rules, FactLedger ledger, Corrections corrections) {
        this.evaluation = evaluation;
        this.book = book;
        this.rules = rules;
        this.ledger = ledger;
        this.corrections = corrections;
    }

    /** Re-evaluates first (a quarantine may have ended since the last change), then describes. */
    @Transactional
    View of(long residentId, boolean english) {
        HealthCodeBook.Code code = evaluation.reevaluate(residentId, null, null);
        Explanation explained = explain(code, english);
        List<ChangeView> changes = book.changes(residentId, 50).stream().map(c -> {
            DecisionTable.Rule r = ruleOf(c.ruleId(), c.ruleVersion());
            return new ChangeView(c.at(), c.from(), c.to(), c.ruleId(), c.ruleVersion(), r == null ? issuedText(english) : r.why(english), c.official(),
                    c.legalReason(), c.facts());
        }).toList();
        List<FactView> facts = ledger.allFacts(residentId, 100).stream().map(r -> {
            Fact f = r.fact();
            return new FactView(f.id(), f.kind().name(), f.occurredAt(), f.until(), f.originCode(),
                    f.temperature() == null ? null : f.temperature().toPlainString(), f.symptoms(), f.result(), f.source(), r.voided());
        }).toList();
        return new View(residentId, code.colour(), code.ruleId(), code.ruleVersion(), explained.why(), explained.remedy(), code.changedAt(), changes,
                facts, corrections.ofResident(residentId));
    }

    record Explanation(String why, String remedy) {
    }

    /** Why a code has its colour and what turns it green, in the words of the rule (of its version) that decided it. */
    Explanation explain(HealthCodeBook.Code code, boolean english) {
        DecisionTable.Rule rule = ruleOf(code.ruleId(), code.ruleVersion());
        return rule == null ? new Explanation(issuedText(english), "") : new Explanation(rule.why(english), rule.remedy(english));
    }

    private DecisionTable.Rule ruleOf(String id, int version) {
        if (ColourEvaluation.ISSUED.equals(id)) {
            return rules.version(version).rule("NO_RISK");
        }
        return rules.version(version).rule(id);
    }

    private static String issuedText(boolean english) {
        return english ? "Code issued." : "健康码已签发。";
    }
}
