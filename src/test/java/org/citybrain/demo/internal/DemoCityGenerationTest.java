package org.citybrain.demo.internal;

import java.util.ArrayList;
import java.util.List;

import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.population.Household;
import org.citybrain.population.NewResident;
import org.citybrain.population.PopulationLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator itself, without a database: same seed, same city; another seed, another city. */
class DemoCityGenerationTest {

    record Captured(List<Place> places, List<Household> households, List<NewResident> residents) {
    }

    static Captured generate(long seed, long residents) {
        List<Place> places = new ArrayList<>();
        List<Household> households = new ArrayList<>();
        List<NewResident> people = new ArrayList<>();
        CityGenerator.GeneratedCity city = new CityGenerator(seed, residents, places::addAll, Progress.NONE).generate();
        new PopulationGenerator(seed, new PopulationLoader() {
            @Override
            public void loadHouseholds(List<Household> h) {
                households.addAll(h);
            }

            @Override
            public void loadResidents(List<NewResident> r) {
                people.addAll(r);
            }
        }, Progress.NONE).generate(residents, city);
        return new Captured(places, households, people);
    }

    @Test
    void theSameSeedGivesTheSameCityRowForRow() {
        Captured a = generate(7, 2_000);
        Captured b = generate(7, 2_000);
        assertThat(a.places()).hasSameSizeAs(b.places());
        for (int i = 0; i < a.places().size(); i++) {
            assertThat(a.places().get(i)).isEqualTo(b.places().get(i));
        }
        assertThat(a.residents()).isEqualTo(b.residents());
        assertThat(a.households()).isEqualTo(b.households());
    }

    @Test
    void anotherSeedGivesAnotherCityWithTheSameDivisions() {
        Captured a = generate(7, 2_000);
        Captured b = generate(8, 2_000);
        assertThat(a.residents()).isNotEqualTo(b.residents());
        List<String> districtsA = a.places().stream().filter(p -> p.kind() == PlaceKind.DISTRICT).map(Place::code).toList();
        List<String> districtsB = b.places().stream().filter(p -> p.kind() == PlaceKind.DISTRICT).map(Place::code).toList();
        assertThat(districtsA).isEqualTo(districtsB);
    }

    @Test
    void theCityScalesWithItsResidents() {
        Captured small = generate(7, 2_000);
        Captured large = generate(7, 400_000);
        assertThat(large.residents()).hasSize(400_000);
        assertThat(large.households().size()).isBetween(400_000 / 4, 400_000 / 2);
        long smallBuildings = small.places().stream().filter(p -> p.kind() == PlaceKind.BUILDING).count();
        long largeBuildings = large.places().stream().filter(p -> p.kind() == PlaceKind.BUILDING).count();
        assertThat(largeBuildings).isGreaterThan(smallBuildings);
        assertThat(large.places().stream().filter(p -> p.kind() == PlaceKind.WATERLOGGING_SPOT)).hasSize(51);
    }
}
