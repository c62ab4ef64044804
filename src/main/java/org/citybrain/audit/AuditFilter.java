package org.citybrain.audit;

import java.time.Instant;

/**
 * What an auditor looks for in the trail; every part optional. {@code subject} is exact (resident:123), {@code actor}
 * and {@code action} exact, {@code purpose} a part of the stated purpose, {@code from}/{@code until} a time range.
 */
public record AuditFilter(String subject, String actor, String action, String purpose, Instant from, Instant until) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);
}
