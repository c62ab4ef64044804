package org.citybrain.audit.internal;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.CitizenAccountOpened;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Changes that other modules announce as events and that touch a person's data go into the audit trail.
 * Delivered after the announcing transaction commits, from the event publication registry: a crash between
 * the two does not lose the record, it is re-delivered on restart.
 */
@Component
class AccountChangesAudited {

    private final AuditTrail trail;

    AccountChangesAudited(AuditTrail trail) {
        this.trail = trail;
    }

    @ApplicationModuleListener
    void on(CitizenAccountOpened event) {
        trail.record(new PersonalDataAccess(event.openedBy(), PersonalDataAccess.residentSubject(event.residentId()), "CHANGE",
                "开通市民账号 " + event.username().substring(0, 6) + "**** / citizen account opened", "SELF_SERVICE"));
    }
}
