package org.citybrain.city.internal;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.city.CityMap;
import org.citybrain.city.DistrictSummary;
import org.citybrain.city.Place;
import org.citybrain.city.PlaceKind;
import org.citybrain.city.PlaceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Places in the {@code place} table; kind-specific attributes as a JSON text column, readable on any database. */
@Repository
class JdbcPlaces implements CityMap, PlaceLoader {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    JdbcPlaces(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    @Transactional
    public void load(List<Place> places) {
        jdbc.batchUpdate("""
                insert into place(id, kind, code, name, parent_id, division_code, district_code, lon, lat, geometry, properties)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", places, 1000, (PreparedStatement ps, Place p) -> {
            ps.setLong(1, p.id());
            ps.setString(2, p.kind().name());
            ps.setString(3, p.code());
            ps.setString(4, p.name());
            if (p.parentId() == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, p.parentId());
            }
            ps.setString(6, p.divisionCode());
            ps.setString(7, p.districtCode());
            ps.setDouble(8, p.lon());
            ps.setDouble(9, p.lat());
            ps.setString(10, p.geometry());
            ps.setString(11, p.properties() == null || p.properties().isEmpty() ? null : json.writeValueAsString(p.properties()));
        });
    }

    @Override
    @Transactional(readOnly = true)
    public List<DistrictSummary> districts() {
        Map<String, Map<PlaceKind, Long>> counts = new LinkedHashMap<>();
        jdbc.query("select district_code, kind, count(*) from place group by district_code, kind", rs -> {
            counts.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(PlaceKind.class)).put(PlaceKind.valueOf(rs.getString(2)), rs.getLong(3));
        });
        List<DistrictSummary> result = new ArrayList<>();
        for (Place d : places(PlaceKind.DISTRICT, null, 100)) {
            result.add(new DistrictSummary(d.code(), d.name(), d.lon(), d.lat(), counts.getOrDefault(d.code(), Map.of())));
        }
        return result;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Place> place(long id) {
        return jdbc.query("select * from place where id = ?", rowMapper(), id).stream().findFirst();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Place> places(PlaceKind kind, String divisionCode, int limit) {
        int capped = Math.max(1, Math.min(limit, 50_000));
        if (divisionCode == null || divisionCode.isBlank()) {
            return jdbc.query("select * from place where kind = ? order by id fetch first " + capped + " rows only", rowMapper(), kind.name());
        }
        return jdbc.query("select * from place where kind = ? and division_code like ? order by id fetch first " + capped + " rows only",
                rowMapper(), kind.name(), divisionCode + "%");
    }

    @Override
    public long count() {
        Long n = jdbc.queryForObject("select count(*) from place", Long.class);
        return n == null ? 0 : n;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Place> placesAfter(long afterId, int limit) {
        return jdbc.query("select * from place where id > ? order by id fetch first " + Math.max(1, Math.min(limit, 10_000)) + " rows only",
                rowMapper(), afterId);
    }

    private RowMapper<Place> rowMapper() {
        return (rs, n) -> {
            String props = rs.getString("properties");
            return new Place(rs.getLong("id"), PlaceKind.valueOf(rs.getString("kind")), rs.getString("code"), rs.getString("name"),
                    (Long) rs.getObject("parent_id", Long.class), rs.getString("division_code"), rs.getString("district_code"),
                    rs.getDouble("lon"), rs.getDouble("lat"), rs.getString("geometry"), props == null ? Map.of() : json.readValue(props, MAP));
        };
    }
}
