package org.citybrain.flood.internal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.springframework.stereotype.Component;

/** The places a plan's action is done to within a response's area: its spots, tunnels, communities at risk, or the area. */
@Component
class PlanTargets {

    /** One target: its key (unique within the action), name, division and where it is. */
    record TargetPlace(String key, String name, String divisionCode, Double lon, Double lat) {
    }

    private final CityMap city;

    PlanTargets(CityMap city) {
        this.city = city;
    }

    List<TargetPlace> of(EmergencyPlan.Target target, WarningScope scope) {
        String prefix = scope.divisionPrefix();
        return switch (target) {
            case AREA -> List.of(new TargetPlace(scope.code(), scope.name(), scope.code(), null, null));
            case SPOTS -> spots(prefix).stream().map(PlanTargets::place).toList();
            case TUNNELS -> spots(prefix).stream().filter(PlanTargets::tunnel).map(PlanTargets::place).toList();
            case HIGH_RISK_SPOTS -> atRisk(prefix).stream().map(PlanTargets::place).toList();
            case COMMUNITIES_AT_RISK -> {
                List<Place> spots = atRisk(prefix);
                List<TargetPlace> near = new ArrayList<>();
                for (Place c : city.places(PlaceKind.COMMUNITY, prefix, 100_000)) {
                    if (spots.stream().anyMatch(s -> DemoDrainageNetwork.metres(s.lon(), s.lat(), c.lon(), c.lat()) <= EmergencyPlan.NEAR_SPOT_METRES)) {
                        near.add(new TargetPlace(c.code(), c.name(), c.code(), c.lon(), c.lat()));
                    }
                }
                yield near;
            }
        };
    }

    private List<Place> spots(String prefix) {
        return city.places(PlaceKind.WATERLOGGING_SPOT, prefix, 10_000);
    }

    private List<Place> atRisk(String prefix) {
        return spots(prefix).stream().filter(s -> tunnel(s) || "高".equals(s.properties().get("riskLevel"))).toList();
    }

    /** Underpasses and tunnels, as the city names them. */
    static boolean tunnel(Place spot) {
        return spot.name().contains("隧道") || spot.name().contains("下穿") || spot.name().contains("地道");
    }

    private static TargetPlace place(Place spot) {
        return new TargetPlace(String.valueOf(spot.id()), spot.name(), spot.divisionCode(), spot.lon(), spot.lat());
    }
}
