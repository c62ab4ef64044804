/**
 * The audit trail of personal data: every read or change of a person's data appends a record (who, whose,
 * what, purpose, when, outcome). Records are hash-chained: each carries the SHA-256 of its content and of
 * the record before it, and a chain head remembers the last one, so that a changed, deleted or truncated
 * record is detected by {@link org.citybrain.audit.AuditTrail#verify()}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package org.citybrain.audit;
