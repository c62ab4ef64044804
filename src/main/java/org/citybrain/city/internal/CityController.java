package org.citybrain.city.internal;

import org.citybrain.city.Divisions;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.city.CityMap;
import org.citybrain.city.DistrictSummary;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.platform.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The city's places as JSON and GeoJSON, for the map and for other systems. Not personal data: any signed-in user. */
@RestController
@RequestMapping("/api/city")
@Tag(name = "City", description = "Divisions and places of the city, with their geometry")
class CityController {

    private final CityMap city;
    private final Divisions divisions;

    CityController(CityMap city, Divisions divisions) {
        this.city = city;
        this.divisions = divisions;
    }

    @Performs(Action.VIEW_CITY_MAP)
    @GetMapping("/divisions")
    @Operation(summary = "The divisions directly inside one (GB/T 2260 nationally; this city's streets and communities below its counties); no parent: the provinces")
    List<Divisions.Division> divisionChildren(@RequestParam(required = false) String parent) {
        if (parent != null && !parent.isBlank() && !parent.matches("\\d{6}|\\d{9}")) {
            throw new org.citybrain.standards.InvalidStandardValue("parent", "区划代码应为6或9位数字 / a division code has 6 or 9 digits");
        }
        return divisions.children(parent);
    }

    @Performs(Action.VIEW_CITY_MAP)
    @GetMapping("/divisions/search")
    @Operation(summary = "Divisions by name, the closest first: scope NATIONAL (province, city, county), COMMUNITY (this city's communities) or ANY")
    List<Divisions.Division> divisionSearch(@RequestParam(required = false) String q, @RequestParam(defaultValue = "ANY") Divisions.Scope scope,
                                            @RequestParam(defaultValue = "12") int limit) {
        if (limit < 1 || limit > 50) {
            throw new org.citybrain.standards.InvalidStandardValue("limit", "limit 应在 1 到 50 之间 / limit must be 1..50");
        }
        return divisions.search(org.citybrain.platform.Limits.optionalText("q", q, org.citybrain.platform.Limits.PLACE_NAME, false), scope, limit);
    }

    @Performs(Action.VIEW_CITY_MAP)
    @GetMapping("/districts")
    @Operation(summary = "Districts (GB/T 2260) with counts of their places by kind")
    List<DistrictSummary> districts() {
        return city.districts();
    }

    @Performs(Action.VIEW_CITY_MAP)
    @GetMapping("/places/{id}")
    @Operation(summary = "One place")
    Place place(@PathVariable long id) {
        return city.place(id).orElseThrow(() -> new NotFound("id", "没有编号为 " + id + " 的地点 / no place with id " + id));
    }

    @Performs(Action.VIEW_CITY_MAP)
    @GetMapping(value = "/features", produces = {"application/geo+json", "application/json"})
    @Operation(summary = "Places of one kind as a GeoJSON FeatureCollection, optionally within a division")
    FeatureCollection features(@RequestParam PlaceKind kind, @RequestParam(required = false) String division,
                               @RequestParam(defaultValue = "5000") int limit) {
        if (division != null && !division.matches("\\d{6}|\\d{9}|\\d{12}")) {
            throw new org.citybrain.standards.InvalidStandardValue("division", "区划代码应为6、9或12位数字 / a division code has 6, 9 or 12 digits");
        }
        if (limit < 1 || limit > 50_000) {
            throw new org.citybrain.standards.InvalidStandardValue("limit", "limit 应在 1 到 50000 之间 / limit must be 1..50000");
        }
        return new FeatureCollection("FeatureCollection", city.places(kind, division, limit).stream().map(CityController::feature).toList());
    }

    static Feature feature(Place p) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("kind", p.kind());
        props.put("name", p.name());
        if (p.code() != null) {
            props.put("code", p.code());
        }
        props.put("division", p.divisionCode());
        props.putAll(p.properties());
        String geometry = p.shape() != null ? p.shape() : "{\"type\":\"Point\",\"coordinates\":[" + p.lon() + "," + p.lat() + "]}";
        return new Feature("Feature", p.id(), geometry, props);
    }

    record FeatureCollection(String type, List<Feature> features) {
    }

    record Feature(String type, long id, @JsonRawValue String geometry, Map<String, Object> properties) {
    }
}
