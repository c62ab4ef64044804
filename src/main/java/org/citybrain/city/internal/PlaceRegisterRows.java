package org.citybrain.city.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.city.PlaceRegister;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The place table's rows for the data service: the catalogue's fields of dataset {@code places}, the point as GeoJSON. */
@Component
class PlaceRegisterRows implements PlaceRegister {

    private final JdbcClient jdbc;

    PlaceRegisterRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Page page(String divisionPrefix, Long id, long offset, int limit) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (divisionPrefix != null) {
            where.append(" and division_code like ?");
            args.add(divisionPrefix + "%");
        }
        if (id != null) {
            where.append(" and id = ?");
            args.add(id);
        }
        long total = jdbc.sql("select count(*) from place" + where).params(args).query(Long.class).single();
        List<Object> paged = new ArrayList<>(args);
        paged.add(offset);
        paged.add(limit);
        List<Map<String, Object>> records = jdbc.sql("select id, kind, name, division_code, lon, lat from place" + where + " order by id offset ? rows fetch next ? rows only")
                .params(paged).query((rs, n) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("id", rs.getLong("id"));
                    r.put("kind", rs.getString("kind"));
                    r.put("name", rs.getString("name"));
                    r.put("divisionCode", rs.getString("division_code"));
                    r.put("location", Map.of("type", "Point", "coordinates", List.of(rs.getDouble("lon"), rs.getDouble("lat"))));
                    return r;
                }).list();
        return new Page(records, total);
    }
}
