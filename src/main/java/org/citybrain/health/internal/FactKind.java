package org.citybrain.health.internal;

/** The kinds of facts a health code is computed from. */
enum FactKind {
    /** A citizen's own declaration: temperature, symptoms. */
    HEALTH_DECLARATION,
    /** A citizen's declared trip: where from, when. */
    TRIP,
    /** An arrival registered at a traffic checkpoint. */
    ARRIVAL,
    /** A quarantine order by the health commission, from {@code occurredAt} until {@code until}. */
    QUARANTINE_ORDER,
    /** Identified as a close contact by the health commission's tracing. */
    CLOSE_CONTACT,
    /** A nucleic-acid test result: NEGATIVE or POSITIVE. */
    TEST_RESULT,
    /** A follow-up task closed by the responsible unit, with its result. */
    FOLLOW_UP_CLOSED,
    /** A colour set by an authorised official, with the legal reason, until a time. */
    MANUAL_COLOUR
}
