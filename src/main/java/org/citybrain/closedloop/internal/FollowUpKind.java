package org.citybrain.closedloop.internal;

import java.time.Duration;

/**
 * What the responsible unit must do, and by when, for each reason a code turned. The time limits are the ones
 * Zhengzhou's epidemic command gave communities (arrivals reported within 24 hours, home visits within 12).
 */
enum FollowUpKind {
    TEST(Duration.ofHours(24)),
    HOME_VISIT(Duration.ofHours(12)),
    QUARANTINE(Duration.ofHours(4)),
    HOSPITAL_TRANSFER(Duration.ofHours(2)),
    /** For the employer: keep the person away from work and report their return. */
    STAFF_WATCH(Duration.ofHours(24));

    private final Duration due;

    FollowUpKind(Duration due) {
        this.due = due;
    }

    Duration due() {
        return due;
    }

    /** The task a rule calls for (rules the table does not know get a home visit: someone goes and looks). */
    static FollowUpKind forRule(String ruleId) {
        return switch (ruleId) {
            case "MEDIUM_RISK_ARRIVAL" -> TEST;
            case "HIGH_RISK_ARRIVAL", "CLOSE_CONTACT", "QUARANTINE_ORDER", "MANUAL_RED" -> QUARANTINE;
            case "POSITIVE_TEST" -> HOSPITAL_TRANSFER;
            default -> HOME_VISIT;
        };
    }
}
