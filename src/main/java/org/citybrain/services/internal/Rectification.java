package org.citybrain.services.internal;

import java.time.Instant;

/** A department's rectification (整改) of a poor rating: due in 15 working days; its response is the citizen's follow-up (回访). */
public record Rectification(long id, long applicationId, String serviceCode, String department, Instant openedAt, Instant dueBy, State state,
                            String response, String respondedBy, Instant respondedAt, int level, String comment) {

    public enum State { OPEN, DONE }

    public boolean overdue(Instant now) {
        return state == State.OPEN && now.isAfter(dueBy);
    }
}
