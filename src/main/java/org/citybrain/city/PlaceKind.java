package org.citybrain.city;

/** The kinds of places the city model holds, in the order the overview lists them. */
public enum PlaceKind {
    DISTRICT, STREET, COMMUNITY, COMPOUND, BUILDING, ENTERPRISE, VENUE, HOSPITAL, SCHOOL, CHECKPOINT,
    WATERLOGGING_SPOT, INTERSECTION, ROAD_SEGMENT;

    /** The message key of the kind's name in the UI. */
    public String labelKey() {
        return "kind." + name();
    }
}
