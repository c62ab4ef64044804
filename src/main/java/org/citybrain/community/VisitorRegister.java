package org.citybrain.community;

import java.time.Instant;

/** Whether people have a visit to a community registered (and not refused) for a time: what a gate asks. */
public interface VisitorRegister {

    /** Of these people, those registered as visitors of the community at the time: one query for a whole batch of scans. */
    java.util.Set<Long> registeredAmong(java.util.Collection<Long> residentIds, String communityCode, Instant at);
}
