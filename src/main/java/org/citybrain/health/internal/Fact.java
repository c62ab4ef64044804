package org.citybrain.health.internal;

import java.math.BigDecimal;
import java.time.Instant;

/** One fact about one person's health, as recorded; {@code source} says where it came from (a scan, a form, an act). */
record Fact(long id, long residentId, FactKind kind, Instant occurredAt, Instant until, String originCode, BigDecimal temperature,
            String symptoms, String result, String source, String recordedBy, Instant recordedAt) {

    static Fact of(long residentId, FactKind kind, Instant occurredAt, String source, String recordedBy) {
        return new Fact(0, residentId, kind, occurredAt, null, null, null, null, null, source, recordedBy, Instant.now());
    }

    Fact until(Instant until) {
        return new Fact(id, residentId, kind, occurredAt, until, originCode, temperature, symptoms, result, source, recordedBy, recordedAt);
    }

    Fact origin(String originCode) {
        return new Fact(id, residentId, kind, occurredAt, until, originCode, temperature, symptoms, result, source, recordedBy, recordedAt);
    }

    Fact result(String result) {
        return new Fact(id, residentId, kind, occurredAt, until, originCode, temperature, symptoms, result, source, recordedBy, recordedAt);
    }

    Fact declared(BigDecimal temperature, String symptoms) {
        return new Fact(id, residentId, kind, occurredAt, until, originCode, temperature, symptoms, result, source, recordedBy, recordedAt);
    }
}
