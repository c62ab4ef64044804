package org.citybrain.platform;

/** An id that names nothing the caller may see: answered 404 with the field and the reason. */
public class NotFound extends RuntimeException {

    private final String field;

    public NotFound(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
