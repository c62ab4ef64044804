package org.citybrain.platform;

/** A request the caller's role or jurisdiction does not allow: answered 403 with the reason. */
public class Forbidden extends RuntimeException {

    private final String field;

    public Forbidden(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
