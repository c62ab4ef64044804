package org.citybrain.population.internal;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.identity.ResidentRegistry;
import org.citybrain.population.Household;
import org.citybrain.population.NewResident;
import org.citybrain.population.PopulationLoader;
import org.citybrain.population.PopulationStatistics;
import org.citybrain.standards.IdNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Residents and households in the database. Every query that returns people takes the community-code
 * prefix of the reader's jurisdiction: there is no unscoped query here to call by mistake.
 */
@Repository
class ResidentRows implements PopulationLoader, PopulationStatistics, ResidentRegistry {

    record Row(long id, String idNumber, String name, String gender, java.time.LocalDate birthDate, String mobile,
               long householdId, String communityCode, String address, Long employerId) {
    }

    private final JdbcTemplate jdbc;

    ResidentRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public void loadHouseholds(List<Household> households) {
        jdbc.batchUpdate("insert into household(id, building_id, community_code, address) values (?, ?, ?, ?)", households, 1000,
                (PreparedStatement ps, Household h) -> {
                    ps.setLong(1, h.id());
                    ps.setLong(2, h.buildingId());
                    ps.setString(3, h.communityCode());
                    ps.setString(4, h.address());
                });
    }

    @Override
    @Transactional
    public void loadResidents(List<NewResident> residents) {
        jdbc.batchUpdate("""
                insert into resident(id, id_number, name, gender, birth_date, mobile, household_id, community_code, district_code,
                                     building_id, lon, lat, employer_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", residents, 1000, (PreparedStatement ps, NewResident r) -> {
            ps.setLong(1, r.id());
            ps.setString(2, r.idNumber());
            ps.setString(3, r.name());
            ps.setString(4, String.valueOf(r.gender()));
            ps.setDate(5, Date.valueOf(r.birthDate()));
            ps.setString(6, r.mobile());
            ps.setLong(7, r.householdId());
            ps.setString(8, r.communityCode());
            ps.setString(9, r.communityCode().substring(0, 6));
            ps.setLong(10, r.buildingId());
            ps.setDouble(11, r.lon());
            ps.setDouble(12, r.lat());
            if (r.employerId() == null) {
                ps.setNull(13, Types.BIGINT);
            } else {
                ps.setLong(13, r.employerId());
            }
        });
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Counts> byDistrict() {
        Map<String, Long> residents = new HashMap<>();
        jdbc.query("select district_code, count(*) from resident group by district_code", rs -> {
            residents.put(rs.getString(1), rs.getLong(2));
        });
        Map<String, Counts> result = new HashMap<>();
        jdbc.query("select substring(community_code, 1, 6), count(*) from household group by substring(community_code, 1, 6)", rs -> {
            result.put(rs.getString(1), new Counts(residents.getOrDefault(rs.getString(1), 0L), rs.getLong(2)));
        });
        residents.forEach((d, n) -> result.putIfAbsent(d, new Counts(n, 0)));
        return result;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<RegisteredResident> findByIdNumber(IdNumber idNumber) {
        return jdbc.query("select id, name, mobile, community_code from resident where id_number = ?",
                (rs, n) -> new RegisteredResident(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                idNumber.value()).stream().findFirst();
    }

    @Override
    public Optional<String> idNumberOf(long residentId) {
        return jdbc.query("select id_number from resident where id = ?", (rs, n) -> rs.getString(1), residentId).stream().findFirst();
    }

    @Override
    public Optional<String> mobileOf(long residentId) {
        return jdbc.query("select mobile from resident where id = ? and mobile is not null", (rs, n) -> rs.getString(1), residentId).stream().findFirst();
    }

    @Override
    public java.util.Map<String, Long> residentIdsOf(java.util.Collection<IdNumber> idNumbers) {
        java.util.Map<String, Long> found = new java.util.HashMap<>();
        List<String> all = idNumbers.stream().map(IdNumber::value).distinct().toList();
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            jdbc.query("select id_number, id from resident where id_number in (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> {
                        found.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return found;
    }

    List<Row> search(String jurisdictionPrefix, String namePrefix, String communityPrefix, int offset, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where r.community_code like ?");
        List<Object> args = new ArrayList<>(List.of(jurisdictionPrefix + "%"));
        appendFilters(sql, args, namePrefix, communityPrefix);
        sql.append(" order by r.id offset ").append(offset).append(" rows fetch next ").append(limit).append(" rows only");
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    long count(String jurisdictionPrefix, String namePrefix, String communityPrefix) {
        StringBuilder sql = new StringBuilder("select count(*) from resident r where r.community_code like ?");
        List<Object> args = new ArrayList<>(List.of(jurisdictionPrefix + "%"));
        appendFilters(sql, args, namePrefix, communityPrefix);
        Long n = jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
        return n == null ? 0 : n;
    }

    Optional<Row> byId(String jurisdictionPrefix, long id) {
        return jdbc.query(SELECT + " where r.id = ? and r.community_code like ?", ROW, id, jurisdictionPrefix + "%").stream().findFirst();
    }

    /** A citizen reading her own record: scoped to herself instead of a division. */
    Optional<Row> self(long residentId) {
        return jdbc.query(SELECT + " where r.id = ?", ROW, residentId).stream().findFirst();
    }

    boolean exists(long id) {
        Long n = jdbc.queryForObject("select count(*) from resident where id = ?", Long.class, id);
        return n != null && n > 0;
    }

    private static void appendFilters(StringBuilder sql, List<Object> args, String namePrefix, String communityPrefix) {
        if (namePrefix != null && !namePrefix.isBlank()) {
            sql.append(" and r.name like ?");
            args.add(namePrefix.trim().replace("%", "").replace("_", "") + "%");
        }
        if (communityPrefix != null && !communityPrefix.isBlank()) {
            sql.append(" and r.community_code like ?");
            args.add(communityPrefix + "%");
        }
    }

    private static final String SELECT = """
            select r.id, r.id_number, r.name, r.gender, r.birth_date, r.mobile, r.household_id, r.community_code, h.address, r.employer_id
            from resident r join household h on h.id = r.household_id""";

    private static final org.springframework.jdbc.core.RowMapper<Row> ROW = (rs, n) -> new Row(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getDate(5).toLocalDate(), rs.getString(6), rs.getLong(7), rs.getString(8),
            rs.getString(9), (Long) rs.getObject(10, Long.class));
}
