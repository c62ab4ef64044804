package org.citybrain.flood.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.twin.TwinEntities;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Where the demo city's flood sensors stand: its three rain gauges ({@code rain-gauge-001..003}) beside spots spread
 * across the core city, so that each reports for a district and the map shows them before the first rain, and its six
 * water-level sensors ({@code water-level-001..006}, reporting {@code waterDepth} in cm) at the first six underpasses.
 * A real city's sensors send their location with their measurements, or are registered in the twin by the data hub.
 */
@Component
@ConditionalOnProperty(name = "citybrain.demo.enabled", havingValue = "true")
@Order(25)
class DemoFloodSensors implements ApplicationRunner {

    static final int GAUGES = 3;
    static final int WATER_LEVELS = 6;

    private final CityMap city;
    private final TwinEntities twin;

    DemoFloodSensors(CityMap city, TwinEntities twin) {
        this.city = city;
        this.twin = twin;
    }

    /**
     * The demo's storm: the three hours of 2021-07-20 up to its peak at the Zhengzhou station (28.2, 62.9 and 201.9 mm
     * in the hours to 15:00, 16:00 and 17:00), reported by the demo's gauges as five-minute readings ending now, gauge 1
     * at full strength, gauges 2 and 3 at 35 % and 20 %: what a storm looks like to the warning rule, the plan and the
     * live forecast. Only the demo city has it.
     */
    void replayStorm(org.citybrain.identity.CurrentUser user, java.time.Instant now) {
        org.citybrain.identity.Action.SIMULATE_DEMO_RAIN.demand(user);
        double[] hourly = {28.2, 62.9, 201.9};
        double[] strength = {1.0, 0.35, 0.2};
        for (int g = 1; g <= GAUGES; g++) {
            for (int step = 35; step >= 0; step--) {
                double mm = hourly[2 - step / 12] / 12 * strength[g - 1];
                java.time.Instant at = now.minusSeconds(300L * step);
                twin.merge(TwinEntities.DEFAULT_TENANT, List.of(Map.of("id", "urn:ngsi-ld:Sensor:" + String.format("rain-gauge-%03d", g), "type", "Sensor",
                        "rainfall", Map.of("type", "Property", "value", Math.round(mm * 100) / 100.0, "observedAt", at.toString(), "unitCode", "MMT"))));
            }
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        List<Place> spots = city.places(PlaceKind.WATERLOGGING_SPOT, null, 10_000);
        if (spots.size() < GAUGES) {
            return;
        }
        List<Map<String, Object>> gauges = new ArrayList<>();
        for (int g = 1; g <= GAUGES; g++) {
            Place near = spots.get((g - 1) * (spots.size() / GAUGES));
            gauges.add(Map.of("id", "urn:ngsi-ld:Sensor:" + String.format("rain-gauge-%03d", g), "type", "Sensor",
                    "name", Map.of("type", "Property", "value", g + "号雨量站（" + near.name() + "）"),
                    "deviceCategory", Map.of("type", "Property", "value", "rainGauge"),
                    "location", Map.of("type", "GeoProperty", "value", Map.of("type", "Point", "coordinates", List.of(near.lon() + 0.002, near.lat() + 0.001)))));
        }
        List<Place> tunnels = spots.stream().filter(PlanTargets::tunnel).limit(WATER_LEVELS).toList();
        for (int w = 1; w <= tunnels.size(); w++) {
            Place at = tunnels.get(w - 1);
            gauges.add(Map.of("id", "urn:ngsi-ld:Sensor:" + String.format("water-level-%03d", w), "type", "Sensor",
                    "name", Map.of("type", "Property", "value", w + "号积水监测仪（" + at.name() + "）"),
                    "deviceCategory", Map.of("type", "Property", "value", "waterLevelSensor"),
                    "location", Map.of("type", "GeoProperty", "value", Map.of("type", "Point", "coordinates", List.of(at.lon(), at.lat())))));
        }
        twin.merge(TwinEntities.DEFAULT_TENANT, gauges);
    }
}
