package org.citybrain.city;

import java.util.List;
import java.util.Optional;

/** Read access to the city's places. */
public interface CityMap {

    List<DistrictSummary> districts();

    Optional<Place> place(long id);

    /** Places of a kind, optionally inside one division (by code prefix), at most {@code limit}. */
    List<Place> places(PlaceKind kind, String divisionCode, int limit);

    long count();

    /** The next places after an id, in id order: for reading all places page by page (keyset paging). */
    List<Place> placesAfter(long afterId, int limit);
}
