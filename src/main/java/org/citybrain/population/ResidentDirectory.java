package org.citybrain.population;

/**
 * The only reader of residents' personal data. Each method applies the current user's jurisdiction and
 * writes an audit record for each person returned (or refused).
 */
public interface ResidentDirectory {

    ResidentPage search(ResidentQuery query, AccessPurpose purpose);

    /**
     * One resident. {@code reveal} asks for the full ID number and mobile, which only roles that must contact
     * or identify people get (community workers, health staff), and only with the reader's reason for it (a call to
     * make, a person to identify); it is audited as a reveal with the reason, which the citizen sees.
     */
    Resident get(long residentId, AccessPurpose purpose, boolean reveal, String reason);
}
