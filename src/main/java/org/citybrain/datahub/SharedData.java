package org.citybrain.datahub;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Another department's records as a module of CityBrain reads them on a department's behalf (a government service
 * fetching an applicant's property records instead of asking her for a certificate): through a grant in force to that
 * department, only the granted fields and rows, each read receipted in the grant's exchange log and shown to the
 * person under "who read my data" — the same checks as the data service's, without the OAuth round trip a system
 * outside CityBrain needs.
 */
public interface SharedData {

    /** The grant a department holds for a dataset: what a service's definition names, checked on publishing. */
    record GrantInForce(long id, String datasetId, String consumerUnit, String providerUnit, List<String> fields, String divisionCode, Instant expiresAt) {
    }

    /** One read: the department reading, the dataset, the person, the case (an application's number) and the official or system acting. */
    record Fetch(String consumerUnit, String datasetId, String idNumber, String caseRef, String actor, String purpose) {
    }

    /** A record as read: the granted fields, the dataset's owner, when the hub loaded it, and the receipt of the read. */
    record Fetched(String datasetId, long grantId, String provider, String key, Map<String, Object> values, Instant loadedAt, long receiptId) {
    }

    /** A dataset a department may read: its own, or another's through a grant in force; with its titles. */
    record Readable(String datasetId, String titleZh, String titleEn, String ownerUnit) {
    }

    /** The datasets the department may read now: what a service's designer offers as its shared materials. */
    List<Readable> readableBy(String consumerUnit);

    /**
     * A sweep for people a rule finds without their applying (免申即享): the records of the dataset whose GB 11643 field
     * {@code idField} names a person born on or before the date, a page at a time after {@code afterKey} (null: from the
     * start). Only the matching records leave the hub, granted fields only, receipted as one exchange and shown to each
     * person found under "who read my data".
     */
    record Sweep(String consumerUnit, String datasetId, String idField, java.time.LocalDate bornOnOrBefore, String caseRef, String actor, String purpose,
                 String afterKey, int limit) {
    }

    /** A sweep's page: what it found, and where the next page starts (null: the dataset is read to its end). */
    record SweepPage(List<Fetched> found, String nextKey) {
    }

    SweepPage bornOnOrBefore(Sweep sweep);

    /** The grant in force for the department and dataset, if it holds one. */
    Optional<GrantInForce> grantOf(String consumerUnit, String datasetId);

    /**
     * The records of the dataset naming the person, granted fields only; refused ({@code org.citybrain.platform.Forbidden})
     * when the department holds no grant in force. An empty list is an answer too (she has no such record) and is receipted.
     */
    List<Fetched> naming(Fetch fetch);

    /**
     * Records a data-sharing agreement (共享协议) signed outside CityBrain: the bureau files it as an application of the
     * consumer department granted at once, so that its reads are checked and receipted like any grant. Used by the demo
     * city and by the bureau's tooling; an officer's application goes through the sharing pages instead. The agreement
     * sizes the calls a minute to the service's peak (null: the hub's default).
     */
    GrantInForce recordAgreement(String consumerUnit, String datasetId, List<String> fields, String purpose, String basis, int months, Integer perMinute,
                                 String recordedBy);
}
