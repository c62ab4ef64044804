package org.citybrain.standards;

import java.util.List;

/**
 * Input that does not meet its standard; names the field so that a client can correct it. A service that checks every
 * field of a request before refusing it throws the first problem carrying all of them ({@link #all()}), so that a form
 * can list each at its field.
 */
public class InvalidStandardValue extends IllegalArgumentException {

    private final String field;
    private final List<InvalidStandardValue> all;

    public InvalidStandardValue(String field, String reason) {
        this(field, reason, List.of());
    }

    private InvalidStandardValue(String field, String reason, List<InvalidStandardValue> all) {
        super(reason);
        this.field = field;
        this.all = all;
    }

    public String field() {
        return field;
    }

    /** This problem (the first) carrying the others found with it. */
    public InvalidStandardValue withOthers(List<InvalidStandardValue> problems) {
        return new InvalidStandardValue(field, getMessage(), List.copyOf(problems));
    }

    /** Every problem of the request, this one first. */
    public List<InvalidStandardValue> all() {
        return all.isEmpty() ? List.of(this) : all;
    }
}
