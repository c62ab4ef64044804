package org.citybrain.standards;

/** Input that does not meet its standard; names the field so that a client can correct it. */
public class InvalidStandardValue extends IllegalArgumentException {

    private final String field;

    public InvalidStandardValue(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
