package org.citybrain.audit.internal;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.springframework.stereotype.Component;

/**
 * The auditor's own reads, recorded in the trail they read (on the page and through the API alike): reading who read
 * a person's data is itself a read of that person's data, so she sees the auditor in her log too.
 */
@Component
class AuditorReads {

    /** The subject of audit records about the trail itself. */
    static final String TRAIL = "audit-trail";
    static final String PURPOSE = "审计 / audit";

    private final AuditTrail trail;
    private final CurrentUsers users;

    AuditorReads(AuditTrail trail, CurrentUsers users) {
        this.trail = trail;
        this.users = users;
    }

    void record(String subject, String what) {
        trail.record(new PersonalDataAccess(users.require(Action.READ_AUDIT_TRAIL).username(), subject, "READ", what, PURPOSE));
    }
}
