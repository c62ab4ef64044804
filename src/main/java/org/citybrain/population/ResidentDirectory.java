package org.citybrain.population;

/**
 * The only reader of residents' personal data. Each method applies the current user's jurisdiction and
 * writes an audit record for each person returned (or refused).
 */
public interface ResidentDirectory {

    ResidentPage search(ResidentQuery query, AccessPurpose purpose);

    /**
     * One resident. {@code reveal} asks for the full ID number and mobile, which only roles that must contact
     * or identify people get (community workers, health staff); it is audited as a reveal.
     */
    Resident get(long residentId, AccessPurpose purpose, boolean reveal);
}
