package org.citybrain.enrollment.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The categories as the registers' records decide them, each with its reason: the cases the demo's two families do
 * not cover (a home without registration, a migrant worker's child with and without enough social insurance, an
 * expired permit, a child in another household, a mistyped name).
 */
class EligibilityPolicyTest {

    static final String HOME = "410105001001";
    static final String ELSEWHERE = "410105001002";
    static final LocalDate TODAY = LocalDate.of(2027, 7, 1);

    final EligibilityPolicy policy = new EligibilityPolicy(c -> c.startsWith("410105") ? Optional.of(c.equals(HOME) ? 11L : 12L) : Optional.empty(),
            c -> c.equals(HOME) ? "经八路第一社区" : "经八路第二社区",
            h -> Optional.ofNullable((String) h.get("community")));

    static Map<String, Object> hukou(String household, String community, String name) {
        return Map.of("householdNo", household, "community", community, "name", name);
    }

    @Test
    void registeredAtTheirOwnHomeComeFirstThenRegisteredWithoutAHome() {
        var child = Optional.of(hukou("H1", HOME, "小明"));
        var parent = Optional.of(hukou("H1", HOME, "大明"));
        var own = policy.decide("小明", new EligibilityPolicy.Records(child, parent, List.of(Map.of("community", HOME, "use", "RESIDENTIAL")), List.of(), List.of()),
                TODAY);
        assertThat(own.category()).isEqualTo(Category.HOME_AND_HOUSEHOLD);
        assertThat(own.catchmentSchool()).isEqualTo(11L);
        var shop = policy.decide("小明", new EligibilityPolicy.Records(child, parent, List.of(Map.of("community", HOME, "use", "COMMERCIAL")), List.of(),
                List.of()), TODAY);
        assertThat(shop.category()).as("a shop is not a home").isEqualTo(Category.HOUSEHOLD);
        assertThat(shop.reasonZh()).contains("经八路第一社区");
    }

    @Test
    void aHomeWithoutRegistrationIsTheThirdCategoryAtTheHomesSchool() {
        var v = policy.decide("小明", new EligibilityPolicy.Records(Optional.empty(), Optional.empty(), List.of(Map.of("community", ELSEWHERE)), List.of(),
                List.of()), TODAY);
        assertThat(v.category()).isEqualTo(Category.HOME);
        assertThat(v.catchmentSchool()).isEqualTo(12L);
    }

    @Test
    void aMigrantWorkersChildNeedsAValidPermitAndAYearOfSocialInsuranceInItsDistrict() {
        var permit = Map.<String, Object>of("community", ELSEWHERE, "validUntil", "2028-01-01");
        var insured = Map.<String, Object>of("status", "CONTRIBUTING", "district", "410105", "since", "2025-03-01");
        var migrant = policy.decide("小明", new EligibilityPolicy.Records(Optional.empty(), Optional.empty(), List.of(), List.of(permit), List.of(insured)), TODAY);
        assertThat(migrant.category()).isEqualTo(Category.MIGRANT);
        assertThat(migrant.catchmentSchool()).isEqualTo(12L);

        var recent = Map.<String, Object>of("status", "CONTRIBUTING", "district", "410105", "since", "2027-01-01");
        var tooShort = policy.decide("小明", new EligibilityPolicy.Records(Optional.empty(), Optional.empty(), List.of(), List.of(permit), List.of(recent)), TODAY);
        assertThat(tooShort.category()).isEqualTo(Category.OTHER);
        assertThat(tooShort.reasonZh()).contains("社会保险满12个月");

        var otherDistrict = Map.<String, Object>of("status", "CONTRIBUTING", "district", "410103", "since", "2020-01-01");
        assertThat(policy.decide("小明", new EligibilityPolicy.Records(Optional.empty(), Optional.empty(), List.of(), List.of(permit), List.of(otherDistrict)),
                TODAY).category()).isEqualTo(Category.OTHER);

        var expired = Map.<String, Object>of("community", ELSEWHERE, "validUntil", "2027-06-30");
        var v = policy.decide("小明", new EligibilityPolicy.Records(Optional.empty(), Optional.empty(), List.of(), List.of(expired), List.of(insured)), TODAY);
        assertThat(v.category()).isEqualTo(Category.OTHER);
        assertThat(v.catchmentSchool()).isNull();
    }

    @Test
    void aChildInAnotherHouseholdOrUnderAnotherNameIsPlacedByTheDistrictAndToldWhy() {
        var child = Optional.of(hukou("H1", HOME, "小明"));
        var stranger = policy.decide("小明", new EligibilityPolicy.Records(child, Optional.of(hukou("H2", HOME, "路人")), List.of(), List.of(), List.of()), TODAY);
        assertThat(stranger.category()).isEqualTo(Category.OTHER);
        assertThat(stranger.reasonZh()).contains("不在同一户");
        var misnamed = policy.decide("小红", new EligibilityPolicy.Records(child, Optional.of(hukou("H1", HOME, "大明")), List.of(), List.of(), List.of()), TODAY);
        assertThat(misnamed.category()).isEqualTo(Category.OTHER);
        assertThat(misnamed.reasonEn()).contains("name differs");
    }
}
