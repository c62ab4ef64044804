package org.citybrain.closedloop.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * One follow-up task. {@code level} is who answers for it now: the community, or after the due time the street,
 * and after twice the time the district.
 */
record FollowUpTask(long id, long residentId, FollowUpKind kind, String reason, String responsibleKind, String responsibleName,
                    String communityCode, Instant openedAt, Instant dueAt, String level, Instant escalatedAt, Instant closedAt, String result,
                    String note, String closedBy) {

    boolean open() {
        return closedAt == null;
    }

    boolean overdue(Instant now) {
        return open() && dueAt.isBefore(now);
    }

    Duration age(Instant now) {
        return Duration.between(openedAt, closedAt == null ? now : closedAt);
    }

    /** The age bucket the pages group by. */
    String ageBucket(Instant now) {
        long hours = age(now).toHours();
        return hours < 12 ? "LT_12H" : hours < 24 ? "LT_24H" : hours < 72 ? "LT_3D" : "GE_3D";
    }
}
