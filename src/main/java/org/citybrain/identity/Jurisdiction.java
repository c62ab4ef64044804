package org.citybrain.identity;

import org.citybrain.standards.DivisionCode;

/**
 * The part of the city whose residents a user may see: a division (a community worker's community, a street
 * official's street, a district official's district, the city), or, for a citizen, only herself.
 */
public record Jurisdiction(DivisionCode division, Long selfResidentId) {

    public static Jurisdiction of(DivisionCode division) {
        return new Jurisdiction(division, null);
    }

    public static Jurisdiction self(long residentId) {
        return new Jurisdiction(null, residentId);
    }

    public boolean onlySelf() {
        return selfResidentId != null;
    }

    /** Whether a resident registered in the given community (12-digit code) lies inside. */
    public boolean coversCommunity(String communityCode) {
        return division != null && division.contains(communityCode);
    }

    public boolean coversDivision(DivisionCode other) {
        return division != null && division.contains(other);
    }

    /** The prefix of community codes inside: what queries filter on. */
    public String communityPrefix() {
        if (division == null) {
            throw new IllegalStateException("a personal jurisdiction has no division");
        }
        return division.prefix();
    }
}
