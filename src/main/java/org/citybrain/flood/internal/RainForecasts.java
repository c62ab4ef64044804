package org.citybrain.flood.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.FirstSubmissionWins;
import org.citybrain.platform.pages.FormCheck;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rainfall forecasts from the meteorological bureau (气象局短临预报), accepted as a feed: the city's rain (mm/h) in
 * equal steps from a start, issued at a time by a source. The live forecast rains them on the model where they cover a
 * step, and the gauges' own trend where they do not. A forecast resent with the same source and issue time is the same
 * forecast (the unique constraint).
 */
@Service
class RainForecasts {

    /** A forecast older than this is not used. */
    static final Duration FRESH = Duration.ofHours(3);

    record Request(String source, String issuedAt, String startsAt, Integer stepMinutes, List<Double> mmPerHour) {
    }

    record Forecast(long id, String source, Instant issuedAt, Instant startsAt, int stepMinutes, List<Double> mmPerHour) {

        /** The forecast intensity over a step starting at {@code at}, when the forecast covers it. */
        Optional<Double> at(Instant at) {
            long minutes = Duration.between(startsAt, at).toMinutes();
            if (minutes < 0 || minutes / stepMinutes >= mmPerHour.size()) {
                return Optional.empty();
            }
            return Optional.of(mmPerHour.get((int) (minutes / stepMinutes)));
        }
    }

    private final JdbcClient jdbc;
    private final FirstSubmissionWins once;

    RainForecasts(JdbcClient jdbc, FirstSubmissionWins once) {
        this.jdbc = jdbc;
        this.once = once;
    }

    @Transactional
    Forecast receive(CurrentUser user, Request r) {
        Action.FEED_RAIN_FORECAST.demand(user);
        FormCheck check = new FormCheck();
        String source = check.read(() -> {
            if (r.source() == null || r.source().isBlank() || r.source().strip().length() > 100) {
                throw new InvalidStandardValue("source", "请写明预报来源（不超过100字）/ name the forecast's source (at most 100 characters)");
            }
            return r.source().strip();
        });
        Instant issued = check.read(() -> instant("issuedAt", r.issuedAt()));
        Instant starts = check.read(() -> instant("startsAt", r.startsAt()));
        Integer step = check.read(() -> {
            if (r.stepMinutes() == null || r.stepMinutes() < 1 || r.stepMinutes() > 60 || 60 % r.stepMinutes() != 0) {
                throw new InvalidStandardValue("stepMinutes", "时间步长为能整除60的1至60分钟 / stepMinutes: 1 to 60, dividing an hour");
            }
            return r.stepMinutes();
        });
        List<Double> mm = check.read(() -> {
            if (r.mmPerHour() == null || r.mmPerHour().isEmpty() || r.mmPerHour().size() > 288) {
                throw new InvalidStandardValue("mmPerHour", "雨强序列为1至288个数值（毫米/小时）/ mmPerHour: 1 to 288 values (mm/h)");
            }
            for (Double v : r.mmPerHour()) {
                if (v == null || !Double.isFinite(v) || v < 0 || v > 500) {
                    throw new InvalidStandardValue("mmPerHour", "雨强应在0到500毫米/小时之间 / each intensity is 0 to 500 mm/h");
                }
            }
            return List.copyOf(r.mmPerHour());
        });
        if (!check.passed()) {
            throw check.problems().getFirst().withOthers(check.problems());
        }
        String text = String.join(",", mm.stream().map(String::valueOf).toList());
        once.insert(() -> jdbc.sql("""
                insert into flood_rain_forecast(source, issued_at, starts_at, step_minutes, mm_per_hour, received_by, received_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(source, Timestamp.from(issued), Timestamp.from(starts), step, text, user.username(), Timestamp.from(Instant.now())).update());
        return jdbc.sql("select * from flood_rain_forecast where source = ? and issued_at = ?").params(source, Timestamp.from(issued))
                .query(RainForecasts::row).single();
    }

    /** The newest forecast issued within {@link #FRESH} of {@code now}. */
    Optional<Forecast> latest(Instant now) {
        return jdbc.sql("select * from flood_rain_forecast where issued_at > ? and issued_at <= ? order by issued_at desc, id desc fetch first 1 rows only")
                .params(Timestamp.from(now.minus(FRESH)), Timestamp.from(now.plusSeconds(60))).query(RainForecasts::row).optional();
    }

    private static Instant instant(String field, String text) {
        try {
            // to the second: a forecast is issued at a minute, and its issue time is what a resent one is known by
            return java.time.OffsetDateTime.parse(text.strip()).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidStandardValue(field, "时间应为 ISO 8601 格式，带时区，如 2026-07-20T16:00:00+08:00 / an ISO 8601 time with its offset");
        }
    }

    private static Forecast row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        List<Double> mm = new ArrayList<>();
        for (String v : rs.getString("mm_per_hour").split(",")) {
            mm.add(Double.valueOf(v));
        }
        return new Forecast(rs.getLong("id"), rs.getString("source"), rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("starts_at").toInstant(),
                rs.getInt("step_minutes"), mm);
    }
}
