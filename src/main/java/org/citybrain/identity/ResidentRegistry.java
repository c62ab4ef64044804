package org.citybrain.identity;

import java.util.Optional;

import org.citybrain.standards.IdNumber;

/**
 * What identity needs to know about residents to let a citizen sign in by real name: provided by the
 * population module, so that identity does not depend on it.
 */
public interface ResidentRegistry {

    Optional<RegisteredResident> findByIdNumber(IdNumber idNumber);

    /** The residents with these ID numbers (those the city knows), by ID number: for many records at once. */
    java.util.Map<String, Long> residentIdsOf(java.util.Collection<IdNumber> idNumbers);

    /**
     * The ID number of a citizen account's own resident: what a module acting on her own submission writes into the
     * case (the school enrollment check reads her records by it). Not for reading other people: that is the
     * population register's, with its audit.
     */
    Optional<String> idNumberOf(long residentId);

    /** The registered mobile of a resident, for messages to her own phone (the notices of her own cases); empty when she has none. */
    Optional<String> mobileOf(long residentId);

    record RegisteredResident(long residentId, String name, String mobile, String communityCode) {
    }
}
