package org.citybrain.audit;

import java.util.List;

/** The one way into the audit trail. Appends are durable when this returns (same transaction as the caller's). */
public interface AuditTrail {

    void record(PersonalDataAccess access);

    /** Appends many records under one lock of the chain head: cheaper than one call each. */
    void recordAll(List<PersonalDataAccess> accesses);

    ChainVerification verify();

    /** The newest records about one person, newest first: what a citizen sees under “who read my data”. */
    List<AuditRecord> about(String subject, int limit);

    List<AuditRecord> newest(int limit);

    /** One page of the records that match, newest first, and how many match in all. */
    Found search(AuditFilter filter, int offset, int limit);

    record Found(List<AuditRecord> records, long total) {
    }
}
