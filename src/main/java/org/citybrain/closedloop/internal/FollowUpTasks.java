package org.citybrain.closedloop.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FollowUpTasks {

    private final JdbcClient jdbc;

    FollowUpTasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void open(long residentId, FollowUpKind kind, String reason, String responsibleKind, String responsibleName, String communityCode, Instant at) {
        jdbc.sql("""
                insert into follow_up_task(resident_id, kind, reason, responsible_kind, responsible_name, community_code, opened_at, due_at, level)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'COMMUNITY')""")
                .params(residentId, kind.name(), reason, responsibleKind, responsibleName, communityCode, Timestamp.from(at),
                        Timestamp.from(at.plus(kind.due()))).update();
    }

    boolean hasOpen(long residentId, FollowUpKind kind, String responsibleKind) {
        return jdbc.sql("select count(*) from follow_up_task where resident_id = ? and kind = ? and responsible_kind = ? and closed_at is null")
                .params(residentId, kind.name(), responsibleKind).query(Long.class).single() > 0;
    }

    Optional<FollowUpTask> byId(long id) {
        return jdbc.sql("select * from follow_up_task where id = ?").param(id).query(FollowUpTasks::task).optional();
    }

    Optional<FollowUpTask> byIdForUpdate(long id) {
        return jdbc.sql("select * from follow_up_task where id = ? for update").param(id).query(FollowUpTasks::task).optional();
    }

    List<FollowUpTask> openIn(String communityPrefix, int limit) {
        return jdbc.sql("select * from follow_up_task where community_code like ? and closed_at is null order by opened_at fetch first " + limit + " rows only")
                .param(communityPrefix + "%").query(FollowUpTasks::task).list();
    }

    List<FollowUpTask> ofResident(long residentId) {
        return jdbc.sql("select * from follow_up_task where resident_id = ? order by opened_at desc").param(residentId).query(FollowUpTasks::task).list();
    }

    void close(long id, String result, String note, String by, Instant at) {
        jdbc.sql("update follow_up_task set closed_at = ?, result = ?, note = ?, closed_by = ? where id = ? and closed_at is null")
                .params(Timestamp.from(at), result, note, by, id).update();
    }

    /** Moves overdue open tasks up one level; returns how many moved. */
    int escalate(Instant now) {
        int toStreet = jdbc.sql("update follow_up_task set level = 'STREET', escalated_at = ? where closed_at is null and level = 'COMMUNITY' and due_at < ?")
                .params(Timestamp.from(now), Timestamp.from(now)).update();
        // A second period past due (measured from the escalation) and it goes to the district.
        int toDistrict = 0;
        for (FollowUpTask t : jdbc.sql("select * from follow_up_task where closed_at is null and level = 'STREET'").query(FollowUpTasks::task).list()) {
            if (t.escalatedAt() != null && t.escalatedAt().plus(t.kind().due()).isBefore(now)) {
                toDistrict += jdbc.sql("update follow_up_task set level = 'DISTRICT', escalated_at = ? where id = ? and level = 'STREET'")
                        .params(Timestamp.from(now), t.id()).update();
            }
        }
        return toStreet + toDistrict;
    }

    private static FollowUpTask task(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new FollowUpTask(rs.getLong("id"), rs.getLong("resident_id"), FollowUpKind.valueOf(rs.getString("kind")), rs.getString("reason"),
                rs.getString("responsible_kind"), rs.getString("responsible_name"), rs.getString("community_code"), rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("due_at").toInstant(), rs.getString("level"), instant(rs, "escalated_at"), instant(rs, "closed_at"), rs.getString("result"),
                rs.getString("note"), rs.getString("closed_by"));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
