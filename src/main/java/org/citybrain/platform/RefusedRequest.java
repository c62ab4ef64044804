package org.citybrain.platform;

/** A request refused for a reason that names the field it concerns; subclasses decide the HTTP status. */
public abstract class RefusedRequest extends RuntimeException {

    private final String field;

    protected RefusedRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
