package org.citybrain.command;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.List;
import java.util.Map;

import org.citybrain.city.CityMap;
import org.citybrain.city.DistrictSummary;
import org.citybrain.city.PlaceKind;
import org.citybrain.population.PopulationStatistics;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The city overview page: per-district counts and the map (its layers load from /api/city/features). */
@Controller
class CityOverviewController {

    /** The kinds shown as columns of the overview table. */
    static final List<PlaceKind> COLUMNS = List.of(PlaceKind.STREET, PlaceKind.COMMUNITY, PlaceKind.COMPOUND, PlaceKind.BUILDING,
            PlaceKind.ENTERPRISE, PlaceKind.VENUE, PlaceKind.HOSPITAL, PlaceKind.SCHOOL, PlaceKind.CHECKPOINT, PlaceKind.WATERLOGGING_SPOT,
            PlaceKind.INTERSECTION);

    private final CityMap city;
    private final PopulationStatistics population;

    CityOverviewController(CityMap city, PopulationStatistics population) {
        this.city = city;
        this.population = population;
    }

    @Performs(Action.VIEW_CITY_OVERVIEW)
    @GetMapping("/overview")
    String overview(Model model) {
        List<DistrictSummary> districts = city.districts();
        Map<String, PopulationStatistics.Counts> people = population.byDistrict();
        model.addAttribute("districts", districts);
        model.addAttribute("people", people);
        model.addAttribute("columns", COLUMNS);
        model.addAttribute("totalResidents", people.values().stream().mapToLong(PopulationStatistics.Counts::residents).sum());
        model.addAttribute("totals", COLUMNS.stream().map(k -> districts.stream().mapToLong(d -> d.count(k)).sum()).toList());
        model.addAttribute("chartNames", String.join(",", districts.stream().map(DistrictSummary::name).toList()));
        model.addAttribute("chartValues", String.join(",", districts.stream()
                .map(d -> Long.toString(people.getOrDefault(d.code(), new PopulationStatistics.Counts(0, 0)).residents())).toList()));
        model.addAttribute("mapLayers", List.of(PlaceKind.DISTRICT, PlaceKind.STREET, PlaceKind.COMMUNITY, PlaceKind.ROAD_SEGMENT,
                PlaceKind.HOSPITAL, PlaceKind.SCHOOL, PlaceKind.CHECKPOINT, PlaceKind.WATERLOGGING_SPOT, PlaceKind.VENUE, PlaceKind.ENTERPRISE));
        return "overview";
    }
}
