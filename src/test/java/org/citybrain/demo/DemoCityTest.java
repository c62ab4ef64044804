package org.citybrain.demo;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.citybrain.CityBrainTest;
import org.citybrain.city.CityMap;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.standards.CreditCode;
import org.citybrain.standards.IdNumber;
import org.citybrain.standards.MobileNumber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated demo city, as stored: what an evaluator of CityBrain finds in it. */
@CityBrainTest
class DemoCityTest {

    @Autowired
    CityMap city;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DemoCity demo;

    @Test
    void zhengzhouHasItsTwelveDistrictsWithTheirDivisionCodesAndPlaces() {
        Map<String, String> districts = new java.util.LinkedHashMap<>();
        city.districts().forEach(d -> districts.put(d.code(), d.name()));
        assertThat(districts).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("410102", "中原区"), Map.entry("410103", "二七区"), Map.entry("410104", "管城回族区"), Map.entry("410105", "金水区"),
                Map.entry("410106", "上街区"), Map.entry("410108", "惠济区"), Map.entry("410122", "中牟县"), Map.entry("410181", "巩义市"),
                Map.entry("410182", "荥阳市"), Map.entry("410183", "新密市"), Map.entry("410184", "新郑市"), Map.entry("410185", "登封市")));
        Place jinshui = city.places(PlaceKind.DISTRICT, "410105", 1).getFirst();
        assertThat(jinshui.lon()).isBetween(113.6, 113.8);
        assertThat(jinshui.lat()).isBetween(34.7, 34.9);
        assertThat(jinshui.geometry()).contains("Polygon");
        city.districts().forEach(d -> {
            assertThat(d.count(PlaceKind.STREET)).as(d.name()).isPositive();
            assertThat(d.count(PlaceKind.COMMUNITY)).as(d.name()).isGreaterThanOrEqualTo(d.count(PlaceKind.STREET));
            assertThat(d.count(PlaceKind.BUILDING)).as(d.name()).isPositive();
            assertThat(d.count(PlaceKind.SCHOOL)).as(d.name()).isPositive();
            assertThat(d.count(PlaceKind.HOSPITAL)).as(d.name()).isPositive();
        });
    }

    @Test
    void everyKindOfPlaceIsThereAndEveryPlaceIsOnTheMap() {
        for (PlaceKind kind : PlaceKind.values()) {
            assertThat(city.places(kind, null, 1)).as(kind.name()).isNotEmpty();
        }
        Integer outside = jdbc.queryForObject("select count(*) from place where lon not between 112.5 and 114.5 or lat not between 34.0 and 35.2", Integer.class);
        assertThat(outside).isZero();
        assertThat(jdbc.queryForObject("select count(*) from place where kind = 'WATERLOGGING_SPOT'", Integer.class)).isEqualTo(51);
        assertThat(jdbc.queryForObject("select count(*) from place where kind = 'CHECKPOINT'", Integer.class)).isGreaterThanOrEqualTo(10);
        assertThat(jdbc.queryForObject("select count(*) from place where kind in ('DISTRICT','STREET','COMMUNITY','ROAD_SEGMENT','SCHOOL') and geometry is null",
                Integer.class)).isZero();
    }

    @Test
    void divisionCodesNestDistrictStreetCommunity() {
        for (Place community : city.places(PlaceKind.COMMUNITY, null, 50_000)) {
            assertThat(community.code()).hasSize(12).startsWith(community.districtCode());
            Place street = city.place(community.parentId()).orElseThrow();
            assertThat(street.kind()).isEqualTo(PlaceKind.STREET);
            assertThat(community.code()).startsWith(street.code());
        }
    }

    @Test
    void hospitalsHaveFeverClinicsAndSchoolsHaveCatchments() {
        List<Place> hospitals = city.places(PlaceKind.HOSPITAL, null, 1000);
        assertThat(hospitals).anyMatch(h -> h.name().equals("郑州大学第一附属医院") && Boolean.TRUE.equals(h.properties().get("feverClinic")));
        assertThat(hospitals.stream().filter(h -> Boolean.TRUE.equals(h.properties().get("feverClinic")))).hasSizeGreaterThanOrEqualTo(12);
        for (Place school : city.places(PlaceKind.SCHOOL, null, 1000)) {
            assertThat(school.geometry()).as(school.name()).contains("Polygon");
            assertThat(school.properties()).containsKeys("stage", "catchmentCommunities");
        }
        assertThat(city.places(PlaceKind.ENTERPRISE, null, 10_000)).allSatisfy(e -> new CreditCode(e.code()));
    }

    @Test
    void residentsHaveValidUniqueIdNumbersConsistentWithTheirRecords() {
        List<Map<String, Object>> rows = jdbc.queryForList("select id_number, gender, birth_date, mobile, community_code, district_code from resident");
        assertThat(rows).hasSize(3000);
        Set<String> seen = new HashSet<>();
        int bornHere = 0;
        for (Map<String, Object> r : rows) {
            IdNumber id = IdNumber.parse((String) r.get("id_number"));
            assertThat(seen.add(id.value())).as("unique " + id.value()).isTrue();
            assertThat(id.male()).isEqualTo("M".equals(r.get("gender")));
            assertThat(id.birthDate()).isEqualTo(((java.sql.Date) r.get("birth_date")).toLocalDate());
            assertThat(id.birthDate()).isBefore(LocalDate.now());
            if (r.get("mobile") != null) {
                new MobileNumber((String) r.get("mobile"));
            }
            assertThat((String) r.get("community_code")).startsWith((String) r.get("district_code"));
            if (id.divisionCode().equals(r.get("district_code"))) {
                bornHere++;
            }
        }
        assertThat(bornHere).as("most residents are registered where they live").isGreaterThan(rows.size() / 2);
        assertThat(jdbc.queryForObject("select count(*) from resident where employer_id is not null", Integer.class)).isPositive();
    }

    @Test
    void theCityIsRecordedAsCompleteSoThatTheNextStartReusesIt() {
        assertThat(demo.exists()).isTrue();
        assertThat(jdbc.queryForObject("select residents from demo_city where id = 1", Long.class)).isEqualTo(3000L);
    }
}
