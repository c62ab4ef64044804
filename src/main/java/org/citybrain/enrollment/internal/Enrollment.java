package org.citybrain.enrollment.internal;

import java.time.Instant;
import java.util.List;

/**
 * A child's application in a campaign, as its parent and the bureau see it. The child's ID number is kept whole
 * (the bureau checks it against the register) and shown masked.
 *
 * @param preferences  schools the parent would accept beyond the catchment's, in order (by the twin's place ids)
 * @param category     the checked category, null until checked
 * @param school       where the child was placed, null until allocated (or referred to the district)
 * @param admittedBy   how: the catchment's category round, a preference, the lottery, or the district's placement
 */
record Enrollment(long id, long campaignId, String number, long parentId, String childIdNumber, String childName, List<Long> preferences,
                  String channel, Instant submittedAt, State state, Category category, Long catchmentSchool, String reasonZh, String reasonEn,
                  Instant checkedAt, Long school, String admittedBy, String ticket) {

    enum State { CHECK_PENDING, CHECKED, ADMITTED, REFERRED }

    String maskedChildIdNumber() {
        return new org.citybrain.standards.IdNumber(childIdNumber).masked();
    }
}
