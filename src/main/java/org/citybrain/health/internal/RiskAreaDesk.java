package org.citybrain.health.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.citybrain.health.RiskAreaDeclarations;
import org.citybrain.standards.DivisionCode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Declaring a risk area re-colours everyone who arrived from it within the look-back. */
@Service
class RiskAreaDesk implements RiskAreaDeclarations {

    private final RiskAreas riskAreas;
    private final FactLedger ledger;
    private final RuleSets rules;
    private final ColourEvaluation evaluation;

    RiskAreaDesk(RiskAreas riskAreas, FactLedger ledger, RuleSets rules, ColourEvaluation evaluation) {
        this.riskAreas = riskAreas;
        this.ledger = ledger;
        this.rules = rules;
        this.evaluation = evaluation;
    }

    @Override
    @Transactional
    public int declare(DivisionCode division, String name, boolean high, Instant since, Instant until, String by) {
        riskAreas.set(division, name, high ? RiskAreas.Level.HIGH : RiskAreas.Level.MEDIUM, since == null ? Instant.now() : since, until, by);
        return reevaluateArrivalsFrom(division);
    }

    @Transactional
    int lift(DivisionCode division) {
        riskAreas.lift(division, Instant.now());
        return reevaluateArrivalsFrom(division);
    }

    private int reevaluateArrivalsFrom(DivisionCode division) {
        List<Long> concerned = ledger.residentsArrivedFrom(division.prefix(), Instant.now().minus(Duration.ofDays(rules.current().lookbackDays())));
        concerned.forEach(r -> evaluation.reevaluate(r, null, null));
        return concerned.size();
    }
}
