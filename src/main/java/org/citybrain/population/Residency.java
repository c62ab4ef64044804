package org.citybrain.population;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.citybrain.standards.IdNumber;

/**
 * Where a person lives and works, for machines that must decide about a person (a gate, a checkpoint, the health
 * code): no contact data, name and ID number only masked. Callers record their own use (a scan record, a code
 * change); reads by staff go through {@link ResidentDirectory}, which checks jurisdiction and audits.
 */
public interface Residency {

    record Residence(long residentId, String communityCode, long householdId, Long employerId, String maskedName, String maskedIdNumber) {
    }

    Optional<Residence> of(long residentId);

    Optional<Residence> of(IdNumber idNumber);

    /** Residences by ID number (18 characters); unknown numbers are absent from the result. */
    Map<String, Residence> ofIdNumbers(Collection<String> idNumbers);

    /**
     * ID numbers of up to {@code limit} residents registered in a division (by code prefix): what a community's gate
     * knows of its residents' faces. Used by the demo city's device simulator; not for people-facing features.
     */
    java.util.List<String> idNumbersIn(String divisionPrefix, int limit);

    /**
     * The ids of the residents registered in a community after {@code afterId}, in id order, at most {@code limit}:
     * whom a flood warning for that community tells (by notice: the notification module reads the mobile). Ids only;
     * the caller records why it told them.
     */
    java.util.List<Long> residentIdsIn(String communityCode, long afterId, int limit);
}
