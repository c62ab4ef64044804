package org.citybrain.enrollment.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.identity.Action;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The draw as the public reads it (摇号公示): before the window closes, the seed's hash; after the allocation the seed,
 * the method, and every round at every school with the places left, the competing applications by number and
 * category, and who was admitted. No name or ID number appears: a parent finds her child by the application number.
 */
@Component
class PublishedDraw {

    static final String METHOD = "ticket = lower-case hex SHA-256 of (seed + \":\" + application number); in each round the competing applications are ranked "
            + "by category (1 first) and then by ticket, ascending, and the first placesLeft are admitted (RFC 3797-style commit and reveal)";

    private final JdbcClient jdbc;
    private final Campaigns campaigns;
    private final CatchmentAreas catchments;
    private final JsonMapper json;

    PublishedDraw(JdbcClient jdbc, Campaigns campaigns, CatchmentAreas catchments, JsonMapper json) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.catchments = catchments;
        this.json = json;
    }

    /** Public ({@link Action#READ_ENROLLMENT_DRAW}): anyone, signed in or not, may check the draw. */
    Map<String, Object> of(String code) {
        Campaign c = campaigns.require(code);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("campaign", c.code());
        out.put("title", c.titleZh());
        out.put("seedHash", c.seedHash());
        out.put("seed", c.publishedSeed());
        out.put("revealedAt", c.revealedAt() == null ? null : c.revealedAt().toString());
        out.put("method", METHOD);
        List<Map<String, Object>> rounds = jdbc.sql("select * from enr_draw where campaign_id = ? order by seq").param(c.id()).query((rs, n) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            long school = rs.getLong("school_id");
            d.put("seq", rs.getInt("seq"));
            d.put("schoolId", school);
            d.put("school", catchments.school(c.stage(), school).map(CatchmentAreas.School::name).orElse(String.valueOf(school)));
            d.put("round", rs.getString("round_name"));
            d.put("placesLeft", rs.getInt("places_left"));
            d.put("lottery", rs.getBoolean("lottery"));
            d.put("applicants", json.readValue(rs.getString("applicants"), List.class));
            d.put("admitted", json.readValue(rs.getString("admitted"), List.class));
            return d;
        }).list();
        out.put("draws", rounds);
        return out;
    }
}
