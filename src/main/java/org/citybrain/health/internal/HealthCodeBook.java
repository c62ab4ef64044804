package org.citybrain.health.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.citybrain.health.CodeColour;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The codes (one row a resident who has one) and the log of every change of colour or deciding rule. */
@Repository
class HealthCodeBook {

    record Code(long residentId, String subject, CodeColour colour, String ruleId, int ruleVersion, Instant changedAt) {
    }

    record Change(long id, CodeColour from, CodeColour to, String ruleId, int ruleVersion, String facts, String official, String legalReason,
                  Instant at) {
    }

    private final JdbcClient jdbc;

    HealthCodeBook(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Code> code(long residentId) {
        return jdbc.sql("select * from health_code where resident_id = ?").param(residentId).query(HealthCodeBook::code).optional();
    }

    /** The row, locked until the transaction ends: two evaluations of one person do not interleave. */
    Optional<Code> codeForUpdate(long residentId) {
        return jdbc.sql("select * from health_code where resident_id = ? for update").param(residentId).query(HealthCodeBook::code).optional();
    }

    Optional<Long> residentOfSubject(String subject) {
        return jdbc.sql("select resident_id from health_code where code_subject = ?").param(subject).query(Long.class).optional();
    }

    Map<Long, CodeColour> colours(Collection<Long> residentIds) {
        Map<Long, CodeColour> found = new HashMap<>();
        List<Long> all = List.copyOf(residentIds);
        for (int i = 0; i < all.size(); i += 500) {
            jdbc.sql("select resident_id, colour from health_code where resident_id in (:ids)").param("ids", all.subList(i, Math.min(all.size(), i + 500)))
                    .query(rs -> {
                        found.put(rs.getLong(1), CodeColour.valueOf(rs.getString(2)));
                    });
        }
        return found;
    }

    void insert(Code c) {
        jdbc.sql("insert into health_code(resident_id, code_subject, colour, rule_id, rule_version, changed_at) values (?, ?, ?, ?, ?, ?)")
                .params(c.residentId(), c.subject(), c.colour().name(), c.ruleId(), c.ruleVersion(), Timestamp.from(c.changedAt())).update();
    }

    void update(Code c) {
        jdbc.sql("update health_code set colour = ?, rule_id = ?, rule_version = ?, changed_at = ? where resident_id = ?")
                .params(c.colour().name(), c.ruleId(), c.ruleVersion(), Timestamp.from(c.changedAt()), c.residentId()).update();
    }

    void logChange(long residentId, Change c) {
        jdbc.sql("""
                insert into health_code_change(resident_id, from_colour, to_colour, rule_id, rule_version, facts, official, legal_reason, changed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(residentId, c.from().name(), c.to().name(), c.ruleId(), c.ruleVersion(), c.facts(), c.official(), c.legalReason(),
                        Timestamp.from(c.at())).update();
    }

    List<Change> changes(long residentId, int limit) {
        return jdbc.sql("select * from health_code_change where resident_id = ? order by id desc fetch first " + limit + " rows only")
                .param(residentId).query((rs, n) -> new Change(rs.getLong("id"), CodeColour.valueOf(rs.getString("from_colour")),
                        CodeColour.valueOf(rs.getString("to_colour")), rs.getString("rule_id"), rs.getInt("rule_version"), rs.getString("facts"),
                        rs.getString("official"), rs.getString("legal_reason"), rs.getTimestamp("changed_at").toInstant())).list();
    }

    /** Residents whose code is not green: what a periodic re-evaluation looks at (quarantines end, look-backs pass). */
    List<Long> notGreen(int limit) {
        return jdbc.sql("select resident_id from health_code where colour <> 'GREEN' fetch first " + limit + " rows only").query(Long.class).list();
    }

    Map<CodeColour, Long> countByColour() {
        Map<CodeColour, Long> counts = new java.util.EnumMap<>(CodeColour.class);
        jdbc.sql("select colour, count(*) from health_code group by colour").query(rs -> {
            counts.put(CodeColour.valueOf(rs.getString(1)), rs.getLong(2));
        });
        return counts;
    }

    private static Code code(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Code(rs.getLong("resident_id"), rs.getString("code_subject"), CodeColour.valueOf(rs.getString("colour")), rs.getString("rule_id"),
                rs.getInt("rule_version"), rs.getTimestamp("changed_at").toInstant());
    }
}
