package org.citybrain.population;

/** A household registered at an address in a building. */
public record Household(long id, long buildingId, String communityCode, String address) {
}
