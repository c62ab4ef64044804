package org.citybrain.datahub.internal;

/**
 * A delivery that cannot be loaded at all — not one bad row, the whole of it: a file in another encoding than its
 * source declares, a header without the mapped columns, a zip that inflates beyond reason. The run ends with this
 * reason in its report and loads nothing.
 */
class RefusedDelivery extends RuntimeException {

    private final String field;

    RefusedDelivery(String field, String reason) {
        super(reason);
        this.field = field;
    }

    String field() {
        return field;
    }
}
