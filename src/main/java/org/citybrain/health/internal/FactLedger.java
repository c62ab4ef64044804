package org.citybrain.health.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The facts, append-only: a wrong fact is voided (kept, with who voided it and why), never deleted. */
@Repository
class FactLedger {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    FactLedger(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    long add(Fact f) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        template.update(con -> {
            var ps = con.prepareStatement(INSERT, new String[] {"id"});
            bind(ps, f);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /**
     * Adds a fact a client may send again (a declaration with its idempotency key): stored once per resident and key,
     * by the unique index on (resident_id, retry_key). False when an earlier submission with the key stands.
     */
    boolean addOnce(Fact f, String retryKey, org.citybrain.platform.FirstSubmissionWins once) {
        if (retryKey == null) {
            add(f);
            return true;
        }
        return once.insert(() -> template.update(INSERT_WITH_RETRY_KEY, ps -> {
            bind(ps, f);
            ps.setString(12, retryKey);
        }));
    }

    void addAll(List<Fact> facts) {
        template.batchUpdate(INSERT, facts, 500, FactLedger::bind);
    }

    /** The sources among these that are already recorded: a scan retried by its device is one fact, not two. */
    Set<String> knownSources(Collection<String> sources) {
        Set<String> known = new HashSet<>();
        List<String> all = List.copyOf(sources);
        for (int i = 0; i < all.size(); i += 500) {
            jdbc.sql("select source from health_fact where source in (:s)").param("s", all.subList(i, Math.min(all.size(), i + 500)))
                    .query(rs -> {
                        known.add(rs.getString(1));
                    });
        }
        return known;
    }

    /** The live (not voided) facts of a person since a time, oldest first, plus open-ended orders that started earlier. */
    List<Fact> liveFacts(long residentId, Instant since) {
        return jdbc.sql("select * from health_fact where resident_id = ? and voided_at is null and (occurred_at >= ? or until_at >= ?) order by occurred_at, id")
                .params(residentId, Timestamp.from(since), Timestamp.from(since)).query(FactLedger::fact).list();
    }

    /** A fact as the citizen sees it in her list: with whether it was voided. */
    record Recorded(Fact fact, boolean voided) {
    }

    List<Recorded> allFacts(long residentId, int limit) {
        return jdbc.sql("select * from health_fact where resident_id = ? order by occurred_at desc, id desc fetch first " + limit + " rows only")
                .param(residentId).query((rs, n) -> new Recorded(fact(rs, n), rs.getTimestamp("voided_at") != null)).list();
    }

    Optional<Fact> byId(long id) {
        return jdbc.sql("select * from health_fact where id = ?").param(id).query(FactLedger::fact).optional();
    }


    void voidFact(long id, String by, String reason) {
        jdbc.sql("update health_fact set voided_at = ?, voided_by = ?, void_reason = ? where id = ? and voided_at is null")
                .params(Timestamp.from(Instant.now()), by, reason, id).update();
    }

    /** Residents with arrivals or trips since a time whose origin overlaps a division: whom a new risk area concerns. */
    List<Long> residentsArrivedFrom(String divisionPrefix, Instant since) {
        return jdbc.sql("""
                select distinct resident_id from health_fact
                where kind in ('ARRIVAL', 'TRIP') and occurred_at >= ? and voided_at is null
                  and (origin_code like ? or ? like origin_code || '%')""")
                .params(Timestamp.from(since), divisionPrefix + "%", divisionPrefix).query(Long.class).list();
    }

    List<Long> residentsWithFactsSince(Instant since) {
        return jdbc.sql("select distinct resident_id from health_fact where occurred_at >= ? or until_at >= ?")
                .params(Timestamp.from(since), Timestamp.from(since)).query(Long.class).list();
    }

    private static final String INSERT = """
            insert into health_fact(resident_id, kind, occurred_at, until_at, origin_code, temperature, symptoms, result, source, recorded_by, recorded_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT_WITH_RETRY_KEY = """
            insert into health_fact(resident_id, kind, occurred_at, until_at, origin_code, temperature, symptoms, result, source, recorded_by, recorded_at,
                                    retry_key)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static void bind(java.sql.PreparedStatement ps, Fact f) throws SQLException {
        ps.setLong(1, f.residentId());
        ps.setString(2, f.kind().name());
        ps.setTimestamp(3, Timestamp.from(f.occurredAt()));
        if (f.until() == null) {
            ps.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(4, Timestamp.from(f.until()));
        }
        ps.setString(5, f.originCode());
        ps.setBigDecimal(6, f.temperature());
        ps.setString(7, f.symptoms());
        ps.setString(8, f.result());
        ps.setString(9, f.source());
        ps.setString(10, f.recordedBy());
        ps.setTimestamp(11, Timestamp.from(f.recordedAt()));
    }

    private static Fact fact(ResultSet rs, int n) throws SQLException {
        Timestamp until = rs.getTimestamp("until_at");
        return new Fact(rs.getLong("id"), rs.getLong("resident_id"), FactKind.valueOf(rs.getString("kind")), rs.getTimestamp("occurred_at").toInstant(),
                until == null ? null : until.toInstant(), rs.getString("origin_code"), rs.getBigDecimal("temperature"), rs.getString("symptoms"),
                rs.getString("result"), rs.getString("source"), rs.getString("recorded_by"), rs.getTimestamp("recorded_at").toInstant());
    }
}
