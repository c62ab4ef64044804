package org.citybrain.community;

import java.time.Instant;

/** Whether a person has a visit to a community registered (and not refused) for a time: what a gate asks. */
public interface VisitorRegister {

    boolean registered(long residentId, String communityCode, Instant at);
}
