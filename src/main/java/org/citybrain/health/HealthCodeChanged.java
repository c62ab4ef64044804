package org.citybrain.health;

import java.time.Instant;

/**
 * A resident's code changed colour. {@code ruleId} names the decision-table row that decided it (or the manual act);
 * the closed loop opens a follow-up task for every turn to yellow or red.
 */
public record HealthCodeChanged(long residentId, CodeColour from, CodeColour to, String ruleId, int ruleVersion, Instant at) {

    public boolean flagged() {
        return to.ordinal() > from.ordinal();
    }
}
