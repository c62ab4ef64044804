package org.citybrain.datahub.internal;

import java.util.Map;

/**
 * One row as a source delivered it: its number in the file (the header is row 0 of a CSV, data rows count from 1),
 * the fields by the source's own names, and, when the row could not even be read (ragged, wrongly encoded, too long),
 * the problem with the field it concerns.
 */
record SourceRow(long number, Map<String, String> fields, Problem unreadable) {

    record Problem(String field, String reason) {
    }

    static SourceRow read(long number, Map<String, String> fields) {
        return new SourceRow(number, fields, null);
    }

    static SourceRow unreadable(long number, Map<String, String> whatCouldBeRead, String field, String reason) {
        return new SourceRow(number, whatCouldBeRead, new Problem(field, reason));
    }
}
