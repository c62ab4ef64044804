package org.citybrain.flood.internal;

/**
 * What a warning or a response covers: the city, a district (its GB/T 2260 code) or a waterlogging spot (its place id),
 * named as people name it. {@link #key()} is what the unique constraint on the active ones holds.
 */
record WarningScope(Kind kind, String code, String name) {

    enum Kind { CITY, DISTRICT, SPOT }

    String key() {
        return kind + ":" + code;
    }

    /** The prefix of the division codes of what lies inside (GB/T 2260: the city's four digits, a district's six). */
    String divisionPrefix() {
        if (kind == Kind.SPOT) {
            throw new IllegalStateException("a spot is not a division");
        }
        return new org.citybrain.standards.DivisionCode(code).prefix();
    }
}
