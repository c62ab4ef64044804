package org.citybrain.audit;

import java.time.Instant;

/** A stored audit record, with its place in the hash chain. */
public record AuditRecord(long seq, Instant recordedAt, String actor, String subject, String action, String what,
                          String purpose, String previousHash, String hash) {
}
