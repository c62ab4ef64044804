package org.citybrain.health.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.citybrain.health.HealthFacts;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Facts from other modules: checkpoint arrivals, follow-up results. */
@Service
class FactIntake implements HealthFacts {

    private final FactLedger ledger;
    private final RiskAreas riskAreas;
    private final ColourEvaluation evaluation;

    FactIntake(FactLedger ledger, RiskAreas riskAreas, ColourEvaluation evaluation) {
        this.ledger = ledger;
        this.riskAreas = riskAreas;
        this.evaluation = evaluation;
    }

    @Override
    @Transactional
    public void arrivals(List<Arrival> arrivals) {
        Set<String> known = ledger.knownSources(arrivals.stream().map(Arrival::source).toList());
        List<Fact> fresh = new ArrayList<>();
        Set<Long> concerned = new LinkedHashSet<>();
        for (Arrival a : arrivals) {
            if (known.add(a.source())) {
                fresh.add(Fact.of(a.residentId(), FactKind.ARRIVAL, a.at(), a.source(), a.recordedBy()).origin(a.origin().value()));
                if (riskAreas.levelOf(a.origin().value(), a.at()).isPresent()) {
                    concerned.add(a.residentId());
                }
            }
        }
        ledger.addAll(fresh);
        // Only arrivals from risk areas can change a colour; the others are kept for when an area is declared later.
        for (long resident : concerned) {
            evaluation.reevaluate(resident, null, null);
        }
    }

    @Override
    @Transactional
    public void followUpClosed(long residentId, FollowUpResult result, Instant at, String closedBy, String source) {
        ledger.add(Fact.of(residentId, FactKind.FOLLOW_UP_CLOSED, at, source, closedBy).result(result.name()));
        if (result == FollowUpResult.POSITIVE) {
            ledger.add(Fact.of(residentId, FactKind.TEST_RESULT, at, source, closedBy).result("POSITIVE"));
        }
        evaluation.reevaluate(residentId, null, null);
    }
}
