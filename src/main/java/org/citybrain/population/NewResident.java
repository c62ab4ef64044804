package org.citybrain.population;

import java.time.LocalDate;

/** A resident as a generator or importer writes it. */
public record NewResident(long id, String idNumber, String name, char gender, LocalDate birthDate, String mobile,
                          long householdId, String communityCode, long buildingId, double lon, double lat, Long employerId) {
}
