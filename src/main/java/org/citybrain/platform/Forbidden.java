package org.citybrain.platform;

/** A request the caller's role or jurisdiction does not allow: answered 403 with the reason. */
public class Forbidden extends RefusedRequest {

    public Forbidden(String field, String message) {
        super(field, message);
    }
}
