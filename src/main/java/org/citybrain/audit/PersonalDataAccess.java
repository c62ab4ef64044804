package org.citybrain.audit;

/**
 * One access to one person's data, as the audit trail records it.
 *
 * @param actor   the account that read or changed the data
 * @param subject whose data: {@code resident:<id>}
 * @param action  READ, REVEAL (unmasked read), CHANGE, or DENIED for a refused attempt
 * @param what    which data, in words an auditor and the citizen understand
 * @param purpose the declared purpose of the access
 */
public record PersonalDataAccess(String actor, String subject, String action, String what, String purpose) {

    public PersonalDataAccess {
        require(actor, "actor");
        require(subject, "subject");
        require(action, "action");
        require(what, "what");
        require(purpose, "purpose");
    }

    public static String residentSubject(long residentId) {
        return "resident:" + residentId;
    }

    private static void require(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required in an audit record");
        }
    }
}
