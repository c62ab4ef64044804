package org.citybrain.health.internal;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.population.Residency;
import org.springframework.stereotype.Component;

/**
 * Staff reading or changing a person's health data: the person must live inside the reader's jurisdiction, and
 * every access, refused ones too, goes to the audit trail (the citizen sees it under “who read my data”).
 */
@Component
class PersonAccess {

    private final Residency residency;
    private final AuditTrail audit;

    PersonAccess(Residency residency, AuditTrail audit) {
        this.residency = residency;
        this.audit = audit;
    }

    /** The person, after checking the user's jurisdiction covers them (unless {@code anywhere}, for roles that serve anyone). */
    Residency.Residence require(CurrentUser user, Action performed, long residentId, String action, String what, boolean anywhere) {
        performed.demand(user);
        Residency.Residence r = residency.of(residentId).orElseThrow(() -> new NotFound("residentId", "没有该居民 / no such resident"));
        String subject = PersonalDataAccess.residentSubject(residentId);
        boolean covered = anywhere || !user.jurisdiction().onlySelf() && user.jurisdiction().coversCommunity(r.communityCode())
                || user.jurisdiction().onlySelf() && user.jurisdiction().selfResidentId() == residentId;
        if (!covered) {
            audit.record(new PersonalDataAccess(user.username(), subject, "DENIED", what, "疫情防控 / epidemic prevention"));
            throw new Forbidden("residentId", "该居民不在您的管辖范围内 / the resident is outside your jurisdiction");
        }
        audit.record(new PersonalDataAccess(user.username(), subject, action, what, "疫情防控 / epidemic prevention"));
        return r;
    }
}
