package org.citybrain.health.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.health.CodeColour;
import org.citybrain.health.HealthCodeChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Computes a person's colour from their facts by the current decision table and records the result: a change of
 * colour or of the deciding rule is logged with the rule, its version, the inputs and the evidence (and, for a
 * manual act, the official and the legal reason); a change of colour is published for the closed loop.
 */
@Service
class ColourEvaluation {

    static final String ISSUED = "ISSUED";

    private final FactLedger facts;
    private final RuleSets rules;
    private final RiskAreas riskAreas;
    private final HealthCodeBook book;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();
    private final TransactionTemplate separately;

    ColourEvaluation(FactLedger facts, RuleSets rules, RiskAreas riskAreas, HealthCodeBook book, ApplicationEventPublisher events, JsonMapper json,
                     PlatformTransactionManager transactions) {
        this.separately = new TransactionTemplate(transactions);
        // A savepoint, not a second connection: a transaction of its own would need another pooled connection while
        // the caller holds one, and under load every request could end up waiting for a second one.
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.facts = facts;
        this.rules = rules;
        this.riskAreas = riskAreas;
        this.book = book;
        this.events = events;
        this.json = json;
    }

    /** The person's code row, created green when they have none yet (issuing is recorded as a change too). */
    public void ensureCode(long residentId) {
        if (book.code(residentId).isPresent()) {
            return;
        }
        DecisionTable table = rules.current();
        try {
            // Behind a savepoint, so that losing a race with another request does not spoil the caller's transaction.
            separately.executeWithoutResult(status -> {
                book.insert(new HealthCodeBook.Code(residentId, HexFormat.of().formatHex(nextBytes()), CodeColour.GREEN, ISSUED, table.version(),
                        Instant.now()));
                book.logChange(residentId, new HealthCodeBook.Change(0, CodeColour.GREEN, CodeColour.GREEN, ISSUED, table.version(), "{}", null, null,
                        Instant.now()));
            });
        } catch (DuplicateKeyException e) {
            // Another request issued it at the same moment: theirs stands.
        }
    }

    private byte[] nextBytes() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
    }

    /** Re-evaluates now; {@code official} and {@code legalReason} are set for a manual act and recorded with the change. */
    @Transactional
    public HealthCodeBook.Code reevaluate(long residentId, String official, String legalReason) {
        ensureCode(residentId);
        HealthCodeBook.Code before = book.codeForUpdate(residentId).orElseThrow();
        Instant now = Instant.now();
        DecisionTable table = rules.current();
        List<Fact> live = facts.liveFacts(residentId, now.minus(java.time.Duration.ofDays(Math.max(table.lookbackDays(), 30))));
        Situation situation = Situation.of(live, table, riskAreas, now);
        DecisionTable.Rule rule = table.decide(situation.inputs());
        boolean sameRule = rule.id().equals(before.ruleId()) || ISSUED.equals(before.ruleId()) && "NO_RISK".equals(rule.id());
        if (rule.colour() == before.colour() && sameRule && official == null) {
            return before;
        }
        HealthCodeBook.Code after = new HealthCodeBook.Code(residentId, before.subject(), rule.colour(), rule.id(), table.version(), now);
        book.update(after);
        book.logChange(residentId, new HealthCodeBook.Change(0, before.colour(), rule.colour(), rule.id(), table.version(), evidence(situation), official,
                legalReason, now));
        if (rule.colour() != before.colour()) {
            events.publishEvent(new HealthCodeChanged(residentId, before.colour(), rule.colour(), rule.id(), table.version(), now));
        }
        return after;
    }

    private String evidence(Situation s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("inputs", s.inputs());
        e.put("facts", s.evidence().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("kind", f.kind().name());
            m.put("at", f.occurredAt().toString());
            if (f.originCode() != null) {
                m.put("origin", f.originCode());
            }
            if (f.result() != null) {
                m.put("result", f.result());
            }
            if (f.temperature() != null) {
                m.put("temperature", f.temperature());
            }
            m.put("source", f.source());
            return m;
        }).toList());
        return json.writeValueAsString(e);
    }
}
