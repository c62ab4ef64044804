package org.citybrain.flood.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.springframework.stereotype.Component;

/**
 * The city's area as its districts' and communities' outlines: where a gauge or a citizen's report lies, and whether it
 * lies in the city at all. The outlines are the city model's (read-only once the city is loaded), kept prepared for
 * point-in-polygon tests; a node that reads them before the city exists reads them again next time.
 */
@Component
class CityArea {

    /** A division that contains a point: its place (a district, or a community). */
    record Located(Place district, Place community) {

        /** The finest division code: the community's, else the district's. */
        String divisionCode() {
            return community != null ? community.code() : district.code();
        }

        String placeName() {
            return community != null ? district.name() + " " + community.name() : district.name();
        }
    }

    private record Outline(Place place, PreparedGeometry shape) {
    }

    private record Outlines(List<Outline> districts, List<Outline> communities) {
    }

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final CityMap city;
    private volatile Outlines outlines;

    CityArea(CityMap city) {
        this.city = city;
    }

    /** The district (and community, where one contains it) at a point; empty outside the city's districts. */
    Optional<Located> at(double lon, double lat) {
        Outlines o = outlines();
        Point p = FACTORY.createPoint(new Coordinate(lon, lat));
        Place district = o.districts().stream().filter(d -> d.shape().covers(p)).map(Outline::place).findFirst().orElse(null);
        if (district == null) {
            return Optional.empty();
        }
        Place community = o.communities().stream().filter(c -> c.place().districtCode().equals(district.code()) && c.shape().covers(p))
                .map(Outline::place).findFirst().orElse(null);
        return Optional.of(new Located(district, community));
    }

    /** The city's districts, in code order. */
    List<Place> districts() {
        return outlines().districts().stream().map(Outline::place).toList();
    }

    private Outlines outlines() {
        Outlines o = outlines;
        if (o == null) {
            o = new Outlines(read(PlaceKind.DISTRICT), read(PlaceKind.COMMUNITY));
            if (!o.districts().isEmpty()) {
                outlines = o;
            }
        }
        return o;
    }

    private List<Outline> read(PlaceKind kind) {
        List<Outline> found = new ArrayList<>();
        GeoJsonReader reader = new GeoJsonReader(FACTORY);
        for (Place p : city.places(kind, null, 100_000)) {
            if (p.geometry() == null) {
                continue;
            }
            try {
                found.add(new Outline(p, PreparedGeometryFactory.prepare(reader.read(p.geometry()))));
            } catch (ParseException e) {
                throw new IllegalStateException("the outline of " + p.name() + " is not GeoJSON", e);
            }
        }
        found.sort(java.util.Comparator.comparing(o -> o.place().code()));
        return found;
    }
}
