package org.citybrain.enrollment.internal;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.springframework.stereotype.Component;

/**
 * The schools of each stage and their catchment areas (学区 / 招生片区), from the city's map: a school's place
 * carries the communities its catchment covers and the places it offers. The map is reference data loaded with the
 * city, so each node keeps it in memory once read.
 */
@Component
class CatchmentAreas {

    /** A school as enrollment shows it: by name, with its district and the places the twin gives it. */
    record School(long id, String name, String districtCode, int places, List<String> communities) {
    }

    private record OfStage(List<School> schools, Map<Long, School> byId, Map<String, Long> byCommunity) {
    }

    private final CityMap city;
    private final Map<String, OfStage> stages = new ConcurrentHashMap<>();

    CatchmentAreas(CityMap city) {
        this.city = city;
    }

    List<School> schools(String stage) {
        return of(stage).schools();
    }

    Optional<School> school(String stage, long id) {
        return Optional.ofNullable(of(stage).byId().get(id));
    }

    /** The school whose catchment holds the community, for the stage. */
    Optional<Long> schoolFor(String stage, String communityCode) {
        return communityCode == null ? Optional.empty() : Optional.ofNullable(of(stage).byCommunity().get(communityCode));
    }

    private OfStage of(String stage) {
        OfStage known = stages.get(stage);
        if (known == null) {
            known = load(stage);
            if (!known.schools().isEmpty()) { // an empty map: the city is not loaded yet, read it again next time
                stages.put(stage, known);
            }
        }
        return known;
    }

    @SuppressWarnings("unchecked")
    private OfStage load(String stage) {
        List<School> schools = city.places(PlaceKind.SCHOOL, null, 100_000).stream()
                .filter(p -> stage.equals(p.properties().get("stage")))
                .sorted(Comparator.comparingLong(Place::id))
                .map(p -> new School(p.id(), p.name(), p.districtCode(), p.properties().get("places") instanceof Number n ? n.intValue() : 0,
                        p.properties().get("catchmentCommunities") instanceof List<?> l ? (List<String>) l : List.of()))
                .toList();
        Map<Long, School> byId = new HashMap<>();
        Map<String, Long> byCommunity = new HashMap<>();
        for (School s : schools) {
            byId.put(s.id(), s);
            s.communities().forEach(c -> byCommunity.putIfAbsent(c, s.id()));
        }
        return new OfStage(schools, byId, byCommunity);
    }
}
