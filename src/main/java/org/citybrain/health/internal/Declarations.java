package org.citybrain.health.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.IdempotencyKey;
import org.citybrain.standards.DivisionCode;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A citizen declares her health (temperature, symptoms) or a trip (GB/T 38963: 健康信息申报, 行程申报). Impossible
 * values are refused with the field and the reason; a retried declaration (same idempotency key) is recorded once.
 */
@Service
class Declarations {

    static final BigDecimal LOWEST = new BigDecimal("34.0");
    static final BigDecimal HIGHEST = new BigDecimal("43.0");

    private final FactLedger ledger;
    private final ColourEvaluation evaluation;
    private final FirstSubmissionWins once;

    Declarations(FactLedger ledger, ColourEvaluation evaluation, FirstSubmissionWins once) {
        this.ledger = ledger;
        this.evaluation = evaluation;
        this.once = once;
    }

    record HealthDeclaration(@io.swagger.v3.oas.annotations.media.Schema(minimum = "34.0", maximum = "43.0") BigDecimal temperature,
                             @io.swagger.v3.oas.annotations.media.Schema(maxLength = org.citybrain.platform.Limits.SYMPTOMS) String symptoms) {
    }

    record TripDeclaration(String origin, Instant departedAt, Instant arrivedAt) {
    }

    @Transactional
    void declareHealth(long residentId, HealthDeclaration d, String idempotencyKey, String by) {
        if (d.temperature() == null) {
            throw new InvalidStandardValue("temperature", "请填写体温 / the temperature is required");
        }
        if (d.temperature().compareTo(LOWEST) < 0 || d.temperature().compareTo(HIGHEST) > 0) {
            throw new InvalidStandardValue("temperature", "体温应在34.0至43.0 °C之间 / a body temperature lies between 34.0 and 43.0 °C");
        }
        String symptoms = org.citybrain.platform.Limits.optionalText("symptoms", d.symptoms(), org.citybrain.platform.Limits.SYMPTOMS, false);
        String key = IdempotencyKey.of(idempotencyKey);
        Instant now = Instant.now();
        Fact fact = Fact.of(residentId, FactKind.HEALTH_DECLARATION, now, key == null ? "self-declaration" : "declaration:health:" + key, by)
                .declared(d.temperature().setScale(1, java.math.RoundingMode.HALF_UP), symptoms);
        if (ledger.addOnce(fact, key == null ? null : "health:" + key, once)) {
            evaluation.reevaluate(residentId, null, null);
        }
    }

    @Transactional
    void declareTrip(long residentId, TripDeclaration t, String idempotencyKey, String by) {
        if (t.origin() == null) {
            throw new InvalidStandardValue("origin", "请填写出发地区划代码 / the origin (division code) is required");
        }
        DivisionCode origin = new DivisionCode(t.origin());
        if (t.departedAt() == null) {
            throw new InvalidStandardValue("departedAt", "请填写出发时间 / the departure time is required");
        }
        if (t.arrivedAt() == null) {
            throw new InvalidStandardValue("arrivedAt", "请填写到达时间 / the arrival time is required");
        }
        Instant now = Instant.now();
        if (t.arrivedAt().isBefore(t.departedAt())) {
            throw new InvalidStandardValue("arrivedAt", "到达时间不能早于出发时间 / a trip cannot end before it starts");
        }
        if (t.arrivedAt().isAfter(now.plus(Duration.ofMinutes(10)))) {
            throw new InvalidStandardValue("arrivedAt", "到达时间不能在将来 / the arrival cannot lie in the future");
        }
        if (t.departedAt().isBefore(now.minus(Duration.ofDays(60)))) {
            throw new InvalidStandardValue("departedAt", "只申报60天内的行程 / declare trips of the last 60 days");
        }
        String key = IdempotencyKey.of(idempotencyKey);
        Fact fact = Fact.of(residentId, FactKind.TRIP, t.arrivedAt(), key == null ? "trip-declaration" : "declaration:trip:" + key, by).origin(origin.value());
        if (ledger.addOnce(fact, key == null ? null : "trip:" + key, once)) {
            evaluation.reevaluate(residentId, null, null);
        }
    }
}
