package org.citybrain.health;

import java.time.Instant;

import org.citybrain.standards.DivisionCode;

/** Declares risk areas on behalf of the health commission (the demo city's start, an import from the province). */
public interface RiskAreaDeclarations {

    /**
     * Declares a risk area ({@code high} or medium) in force from {@code since} (null: now; a province's register or the
     * demo's story may date it earlier) until a time (null: until lifted); returns how many codes were evaluated again.
     */
    int declare(DivisionCode division, String name, boolean high, Instant since, Instant until, String by);
}
