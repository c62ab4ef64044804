package org.citybrain.health.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.citybrain.standards.DivisionCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Risk areas, maintained by the health commission as data. Few and read on every evaluation, so kept in memory and
 * reloaded on every change made through this class (a second node reloads within {@link #RELOAD_AFTER_MILLIS}).
 */
@Repository
class RiskAreas {

    enum Level { MEDIUM, HIGH }

    record RiskArea(String divisionCode, String name, Level level, Instant since, Instant until, String setBy) {

        public boolean activeAt(Instant t) {
            return !since.isAfter(t) && (until == null || until.isAfter(t));
        }

        /** An origin lies in the area, or the area lies in the (coarser) origin a traveller gave. */
        boolean overlaps(String origin) {
            DivisionCode area = new DivisionCode(divisionCode);
            return origin != null && (area.contains(origin) || origin.length() <= divisionCode.length() && divisionCode.startsWith(origin));
        }
    }

    static final long RELOAD_AFTER_MILLIS = 30_000;

    private final JdbcClient jdbc;
    private final AtomicReference<Snapshot> cache = new AtomicReference<>();

    private record Snapshot(List<RiskArea> areas, long loadedAt) {
    }

    RiskAreas(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<RiskArea> all() {
        Snapshot s = cache.get();
        if (s == null || System.currentTimeMillis() - s.loadedAt() > RELOAD_AFTER_MILLIS) {
            s = new Snapshot(jdbc.sql("select * from risk_area order by division_code").query((rs, n) -> new RiskArea(rs.getString("division_code"),
                    rs.getString("name"), Level.valueOf(rs.getString("level")), rs.getTimestamp("since").toInstant(),
                    rs.getTimestamp("until_at") == null ? null : rs.getTimestamp("until_at").toInstant(), rs.getString("set_by"))).list(),
                    System.currentTimeMillis());
            cache.set(s);
        }
        return s.areas();
    }

    /** The highest level among the areas active at time {@code t} that overlap the origin. */
    Optional<Level> levelOf(String origin, Instant t) {
        return all().stream().filter(a -> a.activeAt(t) && a.overlaps(origin)).map(RiskArea::level).max(Enum::compareTo);
    }

    void set(DivisionCode division, String name, Level level, Instant since, Instant until, String by) {
        jdbc.sql("delete from risk_area where division_code = ?").param(division.value()).update();
        jdbc.sql("insert into risk_area(division_code, name, level, since, until_at, set_by) values (?, ?, ?, ?, ?, ?)")
                .params(division.value(), name, level.name(), Timestamp.from(since), until == null ? null : Timestamp.from(until), by).update();
        cache.set(null);
    }

    boolean lift(DivisionCode division, Instant at) {
        int n = jdbc.sql("update risk_area set until_at = ? where division_code = ? and (until_at is null or until_at > ?)")
                .params(Timestamp.from(at), division.value(), Timestamp.from(at)).update();
        cache.set(null);
        return n > 0;
    }
}
