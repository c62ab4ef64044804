package org.citybrain.services.internal;

import java.time.Instant;

/** One step of an application's timeline: when, what kind, who acted, and what it says in both languages. */
record Step(int seq, Instant at, String kind, String actor, String textZh, String textEn) {

    public String text(boolean english) {
        return english ? textEn : textZh;
    }
}
