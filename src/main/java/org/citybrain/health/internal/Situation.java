package org.citybrain.health.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A person's facts summarised into the decision table's inputs, with the facts that made each input what it is
 * (recorded with every change, shown to the citizen).
 */
record Situation(Map<String, String> inputs, List<Fact> evidence) {

    static Situation of(List<Fact> facts, DecisionTable table, RiskAreas riskAreas, Instant now) {
        Instant lookback = now.minus(Duration.ofDays(table.lookbackDays()));
        Map<String, String> in = new LinkedHashMap<>();
        List<Fact> evidence = new ArrayList<>();

        Optional<Fact> manual = latest(facts, FactKind.MANUAL_COLOUR, f -> f.until() == null || f.until().isAfter(now));
        in.put("manual", manual.map(Fact::result).orElse("NONE"));
        manual.ifPresent(evidence::add);

        Optional<Fact> test = latest(facts, FactKind.TEST_RESULT, f -> f.occurredAt().isAfter(lookback));
        boolean positive = test.filter(f -> "POSITIVE".equals(f.result())).isPresent();
        in.put("positive", Boolean.toString(positive));
        if (positive) {
            evidence.add(test.get());
        }

        Optional<Fact> quarantine = latest(facts, FactKind.QUARANTINE_ORDER, f -> !f.occurredAt().isAfter(now) && f.until() != null && f.until().isAfter(now));
        in.put("quarantine", Boolean.toString(quarantine.isPresent()));
        quarantine.ifPresent(evidence::add);

        Instant latestFlag = null;
        Optional<Fact> contact = latest(facts, FactKind.CLOSE_CONTACT, f -> f.occurredAt().isAfter(lookback));
        in.put("closeContact", Boolean.toString(contact.isPresent()));
        if (contact.isPresent()) {
            evidence.add(contact.get());
            latestFlag = contact.get().occurredAt();
        }

        RiskAreas.Level risk = null;
        for (Fact f : facts) {
            if ((f.kind() == FactKind.ARRIVAL || f.kind() == FactKind.TRIP) && f.occurredAt().isAfter(lookback)) {
                // An arrival counts when its origin was a risk area at the time of the arrival or is one now.
                Optional<RiskAreas.Level> level = riskAreas.levelOf(f.originCode(), f.occurredAt()).or(() -> riskAreas.levelOf(f.originCode(), now));
                if (level.isPresent()) {
                    evidence.add(f);
                    risk = risk == null || level.get().compareTo(risk) > 0 ? level.get() : risk;
                    latestFlag = later(latestFlag, f.occurredAt());
                }
            }
        }
        in.put("riskArrival", risk == null ? "NONE" : risk.name());

        Optional<Fact> declaration = latest(facts, FactKind.HEALTH_DECLARATION, f -> f.occurredAt().isAfter(now.minus(Duration.ofHours(table.feverHours()))));
        boolean fever = declaration.filter(f -> f.temperature() != null && f.temperature().compareTo(BigDecimal.valueOf(table.feverTemperature())) >= 0
                || f.symptoms() != null && !f.symptoms().isBlank()).isPresent();
        in.put("fever", Boolean.toString(fever));
        if (fever) {
            evidence.add(declaration.get());
            latestFlag = later(latestFlag, declaration.get().occurredAt());
        }

        Instant flag = latestFlag;
        Optional<Fact> cleared = flag == null ? Optional.empty()
                : latest(facts, FactKind.FOLLOW_UP_CLOSED, f -> "CLEARED".equals(f.result()) && !f.occurredAt().isBefore(flag));
        in.put("cleared", Boolean.toString(cleared.isPresent()));
        cleared.ifPresent(evidence::add);
        return new Situation(in, evidence);
    }

    private static Optional<Fact> latest(List<Fact> facts, FactKind kind, java.util.function.Predicate<Fact> condition) {
        return facts.stream().filter(f -> f.kind() == kind).max(Comparator.comparing(Fact::occurredAt).thenComparing(Fact::id)).filter(condition);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
