package org.citybrain.population.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.population.Residency;
import org.citybrain.standards.IdNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ResidenceRows implements Residency {

    private static final String SELECT = "select id, id_number, name, community_code, household_id, employer_id from resident";
    private static final int CHUNK = 500;

    private final JdbcClient jdbc;

    ResidenceRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Residence> of(long residentId) {
        return jdbc.sql(SELECT + " where id = ?").param(residentId).query((rs, n) -> residence(rs)).optional();
    }

    @Override
    public Optional<Residence> of(IdNumber idNumber) {
        return jdbc.sql(SELECT + " where id_number = ?").param(idNumber.value()).query((rs, n) -> residence(rs)).optional();
    }

    @Override
    public Map<String, Residence> ofIdNumbers(Collection<String> idNumbers) {
        Map<String, Residence> found = new HashMap<>();
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(idNumbers));
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
            jdbc.sql(SELECT + " where id_number in (:ids)").param("ids", chunk).query(rs -> {
                found.put(rs.getString("id_number"), residence(rs));
            });
        }
        return found;
    }

    @Override
    public List<String> idNumbersIn(String divisionPrefix, int limit) {
        return jdbc.sql("select id_number from resident where community_code like ? order by id fetch first " + Math.max(0, limit) + " rows only")
                .param(divisionPrefix + "%").query(String.class).list();
    }

    @Override
    public List<Long> residentIdsIn(String communityCode, long afterId, int limit) {
        return jdbc.sql("select id from resident where community_code = ? and id > ? order by id fetch first " + Math.max(0, limit) + " rows only")
                .params(communityCode, afterId).query(Long.class).list();
    }

    private static Residence residence(java.sql.ResultSet rs) throws java.sql.SQLException {
        String name = rs.getString("name");
        return new Residence(rs.getLong("id"), rs.getString("community_code"), rs.getLong("household_id"), (Long) rs.getObject("employer_id", Long.class),
                name.charAt(0) + "*".repeat(Math.max(1, name.length() - 1)), new IdNumber(rs.getString("id_number")).masked());
    }
}
