package org.citybrain.enrollment.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One intake (招生): its window, the birth dates it admits, and its lottery's commitment. The seed stays in the
 * database until the window has closed; only its SHA-256 is shown before that.
 */
record Campaign(long id, String code, String titleZh, String titleEn, String stage, String department, Instant opensAt, Instant closesAt,
                LocalDate bornFrom, LocalDate bornTo, String seedHash, String seed, Instant revealedAt, Instant allocatedAt, Instant appealsUntil) {

    enum Phase { NOT_YET_OPEN, OPEN, CLOSED, ALLOCATED }

    Phase phase(Instant now) {
        if (allocatedAt != null) {
            return Phase.ALLOCATED;
        }
        if (now.isBefore(opensAt)) {
            return Phase.NOT_YET_OPEN;
        }
        return now.isBefore(closesAt) ? Phase.OPEN : Phase.CLOSED;
    }

    /** The seed as the public may see it: only once revealed. */
    String publishedSeed() {
        return revealedAt == null ? null : seed;
    }
}
