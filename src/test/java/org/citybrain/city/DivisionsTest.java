package org.citybrain.city;

import org.citybrain.CityBrainTest;
import org.citybrain.standards.InvalidStandardValue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Places chosen by name: the national GB/T 2260 list and the city's own streets and communities. */
@CityBrainTest
class DivisionsTest {

    @Autowired
    Divisions divisions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aNameAsPeopleSayItIsOnePlace() {
        assertThat(divisions.resolve("origin", "郑州", Divisions.Scope.NATIONAL).code()).isEqualTo("410100");
        assertThat(divisions.resolve("origin", "金水区", Divisions.Scope.NATIONAL).label()).isEqualTo("金水区 · 郑州市 · 河南省");
        assertThat(divisions.resolve("origin", "金水区 · 郑州市 · 河南省", Divisions.Scope.NATIONAL).code()).isEqualTo("410105");
        assertThat(divisions.resolve("origin", "410300", Divisions.Scope.NATIONAL).name()).isEqualTo("洛阳市");
        // A municipality is named by its province, not by the statistics bureau's "市辖区" placeholder.
        assertThat(divisions.byCode("110100").orElseThrow().label()).isEqualTo("北京市");
        assertThat(divisions.byCode("110105").orElseThrow().label()).isEqualTo("朝阳区 · 北京市");
    }

    @Test
    void anAmbiguousOrUnknownNameIsRefusedAtItsFieldSayingWhy() {
        assertThatThrownBy(() -> divisions.resolve("origin", "朝阳区", Divisions.Scope.NATIONAL))
                .isInstanceOfSatisfying(InvalidStandardValue.class, e -> assertThat(e.field()).isEqualTo("origin"))
                .hasMessageContaining("朝阳区 · 北京市").hasMessageContaining("朝阳区 · 长春市 · 吉林省");
        assertThatThrownBy(() -> divisions.resolve("area", "火星基地", Divisions.Scope.ANY))
                .isInstanceOfSatisfying(InvalidStandardValue.class, e -> assertThat(e.field()).isEqualTo("area"))
                .hasMessageContaining("火星基地");
        assertThatThrownBy(() -> divisions.resolve("origin", " ", Divisions.Scope.NATIONAL)).isInstanceOf(InvalidStandardValue.class);
    }

    @Test
    void theCascadeGoesFromProvinceToTheCitysCommunities() {
        assertThat(divisions.children(null)).hasSizeGreaterThan(30).anyMatch(d -> d.code().equals("410000") && d.name().equals("河南省"));
        assertThat(divisions.children("410000")).anyMatch(d -> d.name().equals("洛阳市"));
        assertThat(divisions.children("410100")).anyMatch(d -> d.name().equals("金水区"));
        var streets = divisions.children("410105");
        assertThat(streets).isNotEmpty().allMatch(d -> d.code().length() == 9 && d.label().endsWith("金水区 · 郑州市 · 河南省"));
        var communities = divisions.children(streets.getFirst().code());
        assertThat(communities).isNotEmpty().allMatch(d -> d.code().length() == 12 && d.level() == org.citybrain.standards.DivisionCode.Level.COMMUNITY);
    }

    @Test
    void aCommunityIsFoundByItsNameAndOnlyCommunitiesWhenOneIsWanted() {
        String[] community = jdbc.query("""
                select code, name from place c where kind = 'COMMUNITY'
                and (select count(*) from place o where o.kind = 'COMMUNITY' and o.name = c.name) = 1 order by code fetch first 1 rows only""",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).getFirst();
        assertThat(divisions.resolve("community", community[1], Divisions.Scope.COMMUNITY).code()).isEqualTo(community[0]);
        assertThat(divisions.search(community[1].substring(0, 2), Divisions.Scope.COMMUNITY, 12)).allMatch(d -> d.code().length() == 12);
        assertThatThrownBy(() -> divisions.resolve("community", "郑州", Divisions.Scope.COMMUNITY)).isInstanceOf(InvalidStandardValue.class);
        assertThat(divisions.labelOf(community[0])).startsWith(community[1] + " · ").endsWith("郑州市 · 河南省");
        assertThat(divisions.labelOf("999999999999")).isEqualTo("999999999999");
    }
}
