package org.citybrain.population.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.population.ResidentRegister;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The register's rows for the data service: the catalogue's fields of dataset {@code residents}. */
@Component
class ResidentRegisterRows implements ResidentRegister {

    private final JdbcClient jdbc;

    ResidentRegisterRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Page page(String divisionPrefix, String idNumber, long offset, int limit) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (divisionPrefix != null) {
            where.append(" and community_code like ?");
            args.add(divisionPrefix + "%");
        }
        if (idNumber != null) {
            where.append(" and id_number = ?");
            args.add(idNumber);
        }
        long total = jdbc.sql("select count(*) from resident" + where).params(args).query(Long.class).single();
        List<Object> paged = new ArrayList<>(args);
        paged.add(offset);
        paged.add(limit);
        List<Map<String, Object>> records = jdbc.sql("select id_number, name, gender, birth_date, mobile, community_code from resident" + where
                + " order by id_number offset ? rows fetch next ? rows only").params(paged).query((rs, n) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("idNumber", rs.getString("id_number"));
            r.put("name", rs.getString("name"));
            r.put("gender", rs.getString("gender"));
            r.put("birthDate", rs.getDate("birth_date").toLocalDate().toString());
            r.put("mobile", rs.getString("mobile"));
            r.put("communityCode", rs.getString("community_code"));
            return r;
        }).list();
        return new Page(records, total);
    }
}
