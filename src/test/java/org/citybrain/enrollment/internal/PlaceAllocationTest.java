package org.citybrain.enrollment.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published rules of the allocation: a better category fills a school first and a category that does not fit
 * is drawn; the same seed draws the same children whatever order the applications came in (being first gains
 * nothing); another seed draws others; children left over go to their preferences, then to the district.
 */
class PlaceAllocationTest {

    static List<PlaceAllocation.Applicant> applicants() {
        List<PlaceAllocation.Applicant> all = new ArrayList<>();
        all.add(new PlaceAllocation.Applicant(1, "E1-AAAA", Category.HOME_AND_HOUSEHOLD, 10L, List.of()));
        for (int i = 0; i < 6; i++) {
            all.add(new PlaceAllocation.Applicant(10 + i, "E1-H" + i, Category.HOUSEHOLD, 10L, List.of(20L)));
        }
        all.add(new PlaceAllocation.Applicant(30, "E1-MIGR", Category.MIGRANT, 10L, List.of(20L)));
        return all;
    }

    @Test
    void aCategoryThatDoesNotFitIsDrawnAndTheOrderOfSubmissionCountsForNothing() {
        var places = PlaceAllocation.places(Map.of(10L, 3, 20L, 2));
        var r = PlaceAllocation.allocate("seed-1", places, applicants());
        assertThat(r.schoolOf().get(1L)).as("第一类 before all").isEqualTo(10L);
        long household = r.schoolOf().entrySet().stream().filter(e -> e.getKey() >= 10 && e.getKey() < 16 && e.getValue() == 10L).count();
        assertThat(household).as("two places left for six of the second category").isEqualTo(2);
        assertThat(r.schoolOf().get(30L)).as("no place for the fourth category: the second comes first at its preference too").isNull();
        assertThat(r.schoolOf().values().stream().filter(s -> s == 20L).count()).as("the preference round fills school 20").isEqualTo(2);
        assertThat(r.schoolOf()).hasSize(5);

        List<PlaceAllocation.Applicant> reversed = new ArrayList<>(applicants());
        java.util.Collections.reverse(reversed);
        assertThat(PlaceAllocation.allocate("seed-1", places, reversed).schoolOf()).isEqualTo(r.schoolOf());

        boolean differs = false;
        for (int s = 2; s < 20 && !differs; s++) {
            differs = !PlaceAllocation.allocate("seed-" + s, places, applicants()).schoolOf().equals(r.schoolOf());
        }
        assertThat(differs).as("another seed draws other children").isTrue();

        var catchment = r.draws().stream().filter(d -> d.round().equals("CATCHMENT_2")).findFirst().orElseThrow();
        assertThat(catchment.lottery()).isTrue();
        assertThat(catchment.placesLeft()).isEqualTo(2);
        assertThat(catchment.competing()).hasSize(6);
        assertThat(r.admittedBy().get(1L)).isEqualTo("CATCHMENT_1");
    }
}
