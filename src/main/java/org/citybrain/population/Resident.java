package org.citybrain.population;

import java.time.LocalDate;

/**
 * A resident as shown to a reader. {@code idNumber} and {@code mobile} are masked unless the read was a
 * reveal by a role that needs them.
 */
public record Resident(long id, String name, String gender, LocalDate birthDate, String idNumber, String mobile,
                       String communityCode, long householdId, String address, Long employerId, boolean unmasked) {
}
