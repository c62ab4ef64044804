package org.citybrain.demo.internal;

/** Receives how many rows generation has written since the last call. */
@FunctionalInterface
interface Progress {

    void advance(long rows);

    Progress NONE = rows -> { };
}
