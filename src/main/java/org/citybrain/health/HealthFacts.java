package org.citybrain.health;

import java.time.Instant;
import java.util.List;

import org.citybrain.standards.DivisionCode;

/** How other modules tell the health code what they saw: an arrival at a checkpoint, the result of a follow-up. */
public interface HealthFacts {

    /** A person arrived from a place (a checkpoint's registration). {@code source} identifies the scan: recorded once. */
    record Arrival(long residentId, DivisionCode origin, Instant at, String source, String recordedBy) {
    }

    /** Records arrivals and recomputes the codes of those whose origin is a current risk area. */
    void arrivals(List<Arrival> arrivals);

    /** What the responsible unit found when it closed a follow-up task. */
    enum FollowUpResult {
        /** Visit made, test negative or observation done: nothing keeps the person from green any more. */
        CLEARED,
        /** Tested positive: the person is handed over to the hospital. */
        POSITIVE,
        /** Moved to a hospital or a quarantine site; another unit carries on. */
        TRANSFERRED
    }

    void followUpClosed(long residentId, FollowUpResult result, Instant at, String closedBy, String source);
}
