package org.citybrain.platform;

/** An id that names nothing the caller may see: answered 404 with the field and the reason. */
public class NotFound extends RefusedRequest {

    public NotFound(String field, String message) {
        super(field, message);
    }
}
