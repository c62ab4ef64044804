package org.citybrain.city;

import java.util.List;
import java.util.Map;

import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch of places is written whole or not at all: a failing batch leaves nothing half-written. */
@CityBrainTest
class PlaceLoaderTest {

    @Autowired
    PlaceLoader loader;
    @Autowired
    CityMap city;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aBatchWithABadRowLeavesNoRowOfItBehind() {
        long fresh = jdbc.queryForObject("select max(id) from place", Long.class) + 1_000;
        Place good = new Place(fresh, PlaceKind.VENUE, null, "测试广场", null, "410105001001", "410105", 113.66, 34.78, null, Map.of("category", "广场"));
        Place clash = new Place(1, PlaceKind.VENUE, null, "重复编号", null, "410105001001", "410105", 113.66, 34.78, null, Map.of());
        long before = city.count();
        assertThatThrownBy(() -> loader.load(List.of(good, clash))).isInstanceOf(RuntimeException.class);
        assertThat(city.count()).isEqualTo(before);
        assertThat(city.place(fresh)).isEmpty();
    }
}
