package org.citybrain.city;

import java.util.List;

/** Bulk writing of places, for generators and importers. Each call is one transaction. */
public interface PlaceLoader {

    void load(List<Place> places);
}
