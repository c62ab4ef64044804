package org.citybrain.platform;

/** A request that the current state refuses (another run is loading the source): answered 409 with the field and the reason. */
public class Conflict extends RefusedRequest {

    public Conflict(String field, String message) {
        super(field, message);
    }
}
