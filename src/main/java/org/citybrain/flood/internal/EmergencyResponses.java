package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.citybrain.city.Place;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emergency responses (应急响应) of the flood-control headquarters at the plan's levels IV to I, for the city or a
 * district: started by the warning rule or by the headquarters, raised, and ended by the headquarters with a reason.
 * Starting or raising a response opens the tasks of its level's actions ({@link FloodTasks}); ending it cancels the
 * tasks still open. One response stands per area (the unique constraint on the active area); raising is a
 * compare-and-set, so two nodes acting on the same warning act once.
 */
@Service
class EmergencyResponses {

    record Response(long id, WarningScope scope, int level, String reason, Instant startedAt, String startedBy, Instant updatedAt, Instant endedAt,
                    String endedBy, String endReason) {

        public String roman() {
            return EmergencyPlan.Level.roman(level);
        }

        boolean active() {
            return endedAt == null;
        }
    }

    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;
    private final FloodActs acts;
    private final FloodTasks tasks;
    private final EmergencyPlan plan;
    private final CityArea area;

    EmergencyResponses(JdbcClient jdbc, FirstSubmissionWins once, FloodActs acts, FloodTasks tasks, EmergencyPlan plan, CityArea area) {
        this.jdbc = jdbc;
        this.once = once;
        this.acts = acts;
        this.tasks = tasks;
        this.plan = plan;
        this.area = area;
    }

    /**
     * Starts a response for an area at a level, or raises the standing one to it (1 = I is the most serious), and opens
     * the tasks of that level; the response when it changed, empty when one stood at this level or above. Within a
     * transaction.
     */
    Optional<Response> start(WarningScope scope, int level, String reason, String actor) {
        if (level < 1 || level > 4) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        boolean started = once.insert(() -> jdbc.sql("""
                insert into flood_response(scope_kind, scope_code, scope_name, level_number, reason, started_at, started_by, updated_at, active_scope)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(scope.kind().name(), scope.code(), scope.name(), level, reason, Timestamp.from(now), actor, Timestamp.from(now), scope.key())
                .update());
        Response standing = active(scope).orElseThrow();
        if (started) {
            acts.response(actor, "STARTED", standing.id(), FloodActs.both(EmergencyPlan.Level.roman(level) + "级：", "level " + EmergencyPlan.Level.roman(level) + ": ", reason));
        } else {
            int raised = jdbc.sql("update flood_response set level_number = ?, updated_at = ? where id = ? and level_number > ? and ended_at is null")
                    .params(level, Timestamp.from(now), standing.id(), level).update();
            if (raised == 0) {
                return Optional.empty();
            }
            acts.response(actor, "RAISED_LEVEL", standing.id(), FloodActs.both(standing.roman() + " → " + EmergencyPlan.Level.roman(level) + "级：",
                    standing.roman() + " → " + EmergencyPlan.Level.roman(level) + ": ", reason));
            standing = active(scope).orElseThrow();
        }
        tasks.openFor(standing, plan.actionsAt(level), actor);
        return Optional.of(standing);
    }

    /** The headquarters starts or raises a response by hand: the city or one district, a level I–IV, and why. */
    @Transactional
    Response startByHeadquarters(CurrentUser user, String areaCode, Integer level, String reason) {
        Action.DIRECT_FLOOD_RESPONSE.demand(user);
        org.citybrain.platform.pages.FormCheck check = new org.citybrain.platform.pages.FormCheck();
        WarningScope scope = check.read(() -> scopeOf(areaCode));
        check.read(() -> {
            if (level == null || level < 1 || level > 4) {
                throw new InvalidStandardValue("level", "请选择响应级别（Ⅳ至Ⅰ级）/ choose a response level, IV to I");
            }
            return level;
        });
        String why = check.read(() -> FloodWarnings.required("reason", reason));
        if (!check.passed()) {
            throw check.problems().getFirst().withOthers(check.problems());
        }
        WarningScope s = scope;
        return start(s, level, why, user.username()).orElseThrow(() -> new Conflict("level",
                s.name() + "已在此级别或更高级别响应 / " + s.name() + " already responds at this level or higher"));
    }

    /** Ends a response; the tasks still open are cancelled, each with the reason. */
    @Transactional
    Response end(CurrentUser user, long id, String reason) {
        Action.DIRECT_FLOOD_RESPONSE.demand(user);
        String why = FloodWarnings.required("reason", reason);
        int ended = jdbc.sql("update flood_response set ended_at = ?, ended_by = ?, end_reason = ?, active_scope = null where id = ? and ended_at is null")
                .params(Timestamp.from(Instant.now()), user.username(), why, id).update();
        if (ended == 0) {
            byId(id).orElseThrow(() -> new NotFound("id", "没有这次应急响应 / no such response"));
            throw new Conflict("id", "该应急响应已结束 / the response has ended already");
        }
        acts.response(user.username(), "ENDED", id, why);
        tasks.cancelOpenOf(id, user.username(), why);
        return byId(id).orElseThrow();
    }

    /** The city or a district by its code, named. */
    WarningScope scopeOf(String areaCode) {
        List<Place> districts = area.districts();
        if (areaCode == null || areaCode.isBlank()) {
            throw new InvalidStandardValue("area", "请选择全市或一个区 / choose the city or a district");
        }
        String code = areaCode.strip();
        if (!districts.isEmpty() && code.equals(cityCode(districts))) {
            return city(districts);
        }
        return districts.stream().filter(d -> d.code().equals(code)).findFirst()
                .map(d -> new WarningScope(WarningScope.Kind.DISTRICT, d.code(), d.name()))
                .orElseThrow(() -> new InvalidStandardValue("area", "不是本市的区 / not a district of the city: " + code));
    }

    /** The city as a scope: its code is its districts' first four digits and 00 (GB/T 2260). */
    static WarningScope city(List<Place> districts) {
        return new WarningScope(WarningScope.Kind.CITY, cityCode(districts), "全市");
    }

    static String cityCode(List<Place> districts) {
        return districts.getFirst().code().substring(0, 4) + "00";
    }

    Optional<Response> active(WarningScope scope) {
        return jdbc.sql("select * from flood_response where active_scope = ?").param(scope.key()).query(EmergencyResponses::row).optional();
    }

    /** The responses in force, the most serious first. */
    List<Response> active(CurrentUser user) {
        Action.READ_FLOOD_RESPONSE.demand(user);
        return jdbc.sql("select * from flood_response where ended_at is null order by level_number, scope_kind, scope_code").query(EmergencyResponses::row).list();
    }

    Optional<Response> byId(long id) {
        return jdbc.sql("select * from flood_response where id = ?").param(id).query(EmergencyResponses::row).optional();
    }

    private static Response row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        return new Response(rs.getLong("id"), new WarningScope(WarningScope.Kind.valueOf(rs.getString("scope_kind")), rs.getString("scope_code"), rs.getString("scope_name")),
                rs.getInt("level_number"), rs.getString("reason"), rs.getTimestamp("started_at").toInstant(), rs.getString("started_by"),
                rs.getTimestamp("updated_at").toInstant(), ended == null ? null : ended.toInstant(), rs.getString("ended_by"), rs.getString("end_reason"));
    }
}
