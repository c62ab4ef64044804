/**
 * The people of the city: residents (GB 11643 ID numbers, mobiles), their households and employers. This is
 * personal data: the only way to read it is {@link org.citybrain.population.ResidentDirectory}, which limits
 * every query to the reader's jurisdiction, masks ID numbers and mobiles unless revealed for a reason, and
 * writes each read to the audit trail.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Population")
package org.citybrain.population;
