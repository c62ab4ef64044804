package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.flood.RiskLevel;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Flood warnings (蓝 / 黄 / 橙 / 红) for the city, its districts and the waterlogging spots. A rule raises a warning or
 * raises its level, never lowers it: a warning stands until a person of the headquarters lifts it, saying why, as a
 * warning signal is lifted by whoever issued it. Two nodes raising the same warning store one (the unique constraint on
 * the active scope) and raising a level is a compare-and-set on it.
 */
@Service
class FloodWarnings {

    record Warning(long id, WarningScope scope, RiskLevel level, String basis, Instant raisedAt, String raisedBy, Instant updatedAt, Instant liftedAt,
                   String liftedBy, String liftReason) {

        boolean active() {
            return liftedAt == null;
        }
    }

    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;
    private final FloodActs acts;

    FloodWarnings(JdbcClient jdbc, FirstSubmissionWins once, FloodActs acts) {
        this.jdbc = jdbc;
        this.once = once;
        this.acts = acts;
    }

    /**
     * Raises a warning for a scope, or raises the standing one to this level; the warning when it changed, empty when
     * one stood at this level or higher. Call within a transaction.
     */
    Optional<Warning> raise(WarningScope scope, RiskLevel level, String basis, String actor) {
        if (level == RiskLevel.NONE) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        boolean raised = once.insert(() -> jdbc.sql("""
                insert into flood_warning(scope_kind, scope_code, scope_name, level, level_rank, basis, raised_at, raised_by, updated_at, active_scope)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(scope.kind().name(), scope.code(), scope.name(), level.name(), level.ordinal(), clip(basis), Timestamp.from(now), actor, Timestamp.from(now),
                        scope.key())
                .update());
        Warning standing = active(scope).orElseThrow();
        if (raised) {
            acts.warning(actor, "RAISED", standing.id(), FloodActs.both(RainfallWatch.zh(level) + "：", level.name().toLowerCase(java.util.Locale.ROOT) + ": ", basis));
            return Optional.of(standing);
        }
        int upgraded = jdbc.sql("update flood_warning set level = ?, level_rank = ?, basis = ?, updated_at = ? where id = ? and level_rank < ? and lifted_at is null")
                .params(level.name(), level.ordinal(), clip(basis), Timestamp.from(now), standing.id(), level.ordinal()).update();
        if (upgraded == 0) {
            return Optional.empty();
        }
        acts.warning(actor, "UPGRADED", standing.id(), FloodActs.both(RainfallWatch.zh(standing.level()) + " → " + RainfallWatch.zh(level) + "：",
                standing.level().name().toLowerCase(java.util.Locale.ROOT) + " → " + level.name().toLowerCase(java.util.Locale.ROOT) + ": ", basis));
        return active(scope);
    }

    /** Lifts a warning: the headquarters' act, with its reason. */
    @Transactional
    Warning lift(CurrentUser user, long id, String reason) {
        Action.DIRECT_FLOOD_RESPONSE.demand(user);
        String why = required("reason", reason);
        int lifted = jdbc.sql("update flood_warning set lifted_at = ?, lifted_by = ?, lift_reason = ?, active_scope = null where id = ? and lifted_at is null")
                .params(Timestamp.from(Instant.now()), user.username(), why, id).update();
        if (lifted == 0) {
            byId(id).orElseThrow(() -> new NotFound("id", "没有这条预警 / no such warning"));
            throw new Conflict("id", "该预警已于此前解除 / the warning was already lifted");
        }
        acts.warning(user.username(), "LIFTED", id, why);
        return byId(id).orElseThrow();
    }

    Optional<Warning> active(WarningScope scope) {
        return jdbc.sql("select * from flood_warning where active_scope = ?").param(scope.key()).query(FloodWarnings::row).optional();
    }

    /** The warnings in force, the highest level first. */
    List<Warning> active(CurrentUser user) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        return jdbc.sql("select * from flood_warning where lifted_at is null order by level_rank desc, scope_kind, scope_code").query(FloodWarnings::row).list();
    }

    /** All warnings, newest first. */
    Paged<Warning> history(CurrentUser user, int page, int size) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        long total = jdbc.sql("select count(*) from flood_warning").query(Long.class).single();
        return new Paged<>(jdbc.sql("select * from flood_warning order by id desc limit ? offset ?").params(size, (long) Paged.firstRow(page, size))
                .query(FloodWarnings::row).list(), page, size, total);
    }

    Optional<Warning> byId(long id) {
        return jdbc.sql("select * from flood_warning where id = ?").param(id).query(FloodWarnings::row).optional();
    }

    static String required(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidStandardValue(field, "请写明原因 / say why");
        }
        if (text.strip().length() > 500) {
            throw new InvalidStandardValue(field, "原因最多500字 / at most 500 characters");
        }
        return text.strip();
    }

    private static String clip(String s) {
        return s.length() > 1000 ? s.substring(0, 999) + "…" : s;
    }

    private static Warning row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp lifted = rs.getTimestamp("lifted_at");
        return new Warning(rs.getLong("id"), new WarningScope(WarningScope.Kind.valueOf(rs.getString("scope_kind")), rs.getString("scope_code"), rs.getString("scope_name")),
                RiskLevel.valueOf(rs.getString("level")), rs.getString("basis"), rs.getTimestamp("raised_at").toInstant(), rs.getString("raised_by"),
                rs.getTimestamp("updated_at").toInstant(), lifted == null ? null : lifted.toInstant(), rs.getString("lifted_by"), rs.getString("lift_reason"));
    }
}
