package org.citybrain.enrollment.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.citybrain.enrollment.EnrollmentCampaigns;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The education bureau's campaigns: opened with their window and the hash of their lottery's seed, the window moved
 * or closed early while nothing is allocated, each school's places set. The submission path asks for a campaign
 * thousands of times a second in the window's first minutes, so each node keeps what it read for two seconds: a
 * window moved by the bureau reaches every node within that.
 */
@Component
class Campaigns implements EnrollmentCampaigns {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{2,63}");
    private static final Duration KEPT = Duration.ofSeconds(2);

    private record Kept(Campaign campaign, long until) {
    }

    private final JdbcClient jdbc;
    private final CatchmentAreas catchments;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    Campaigns(JdbcClient jdbc, CatchmentAreas catchments) {
        this.jdbc = jdbc;
        this.catchments = catchments;
    }

    /** A bureau's officer opens a campaign of her department. */
    Campaign open(CurrentUser officer, CampaignSpec spec) {
        Action.RUN_ENROLLMENT.demand(officer);
        if (spec.department() != null && !spec.department().isBlank() && !spec.department().equals(officer.unitName())) {
            throw new Forbidden("department", "只能组织本部门的招生 / you open your own department's campaigns");
        }
        CampaignSpec mine = new CampaignSpec(spec.code(), spec.titleZh(), spec.titleEn(), spec.stage(), officer.unitName(), spec.opensAt(), spec.closesAt(),
                spec.bornFrom(), spec.bornTo());
        check(mine);
        try {
            insert(mine, officer.username());
        } catch (DuplicateKeyException e) {
            throw new Conflict("code", "已有同一编号的招生 / a campaign with this code exists");
        }
        return require(mine.code());
    }

    @Override
    public boolean openIfAbsent(CampaignSpec spec, String openedBy) {
        check(spec);
        try {
            insert(spec, openedBy);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private void insert(CampaignSpec s, String by) {
        String seed = Lottery.newSeed();
        jdbc.sql("""
                        insert into enr_campaign (code, title_zh, title_en, stage, department, opens_at, closes_at, born_from, born_to, seed_hash, seed,
                            created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.code(), s.titleZh(), s.titleEn(), s.stage(), s.department(), Timestamp.from(s.opensAt()), Timestamp.from(s.closesAt()),
                        s.bornFrom(), s.bornTo(), Lottery.commitment(seed), seed, by, Timestamp.from(Instant.now()))
                .update();
    }

    private static void check(CampaignSpec s) {
        if (s.code() == null || !CODE.matcher(s.code()).matches()) {
            throw new InvalidStandardValue("code", "编号为3至64位小写字母、数字或连字符 / 3 to 64 lower-case letters, digits or hyphens");
        }
        if (s.titleZh() == null || s.titleZh().isBlank() || s.titleZh().length() > 200) {
            throw new InvalidStandardValue("titleZh", "请填写中文名称（200字以内） / a Chinese title (up to 200 characters)");
        }
        if (s.titleEn() == null || s.titleEn().isBlank() || s.titleEn().length() > 200) {
            throw new InvalidStandardValue("titleEn", "请填写英文名称（200字以内） / an English title (up to 200 characters)");
        }
        if (!"小学".equals(s.stage()) && !"初中".equals(s.stage())) {
            throw new InvalidStandardValue("stage", "学段为「小学」或「初中」 / the stage is 小学 or 初中");
        }
        if (s.opensAt() == null) {
            throw new InvalidStandardValue("opensAt", "请填写报名开始时间 / when the window opens");
        }
        if (s.closesAt() == null || !s.closesAt().isAfter(s.opensAt())) {
            throw new InvalidStandardValue("closesAt", "报名截止时间应晚于开始时间 / the window closes after it opens");
        }
        if (s.bornFrom() == null) {
            throw new InvalidStandardValue("bornFrom", "请填写适龄儿童出生日期起 / the first birth date admitted");
        }
        if (s.bornTo() == null || s.bornTo().isBefore(s.bornFrom())) {
            throw new InvalidStandardValue("bornTo", "出生日期止应不早于出生日期起 / the last birth date admitted is not before the first");
        }
    }

    /** The bureau moves its campaign's window, or closes it now; never once the places are allocated. */
    Campaign changeWindow(CurrentUser officer, String code, Instant opensAt, Instant closesAt) {
        Campaign c = ofMyDepartment(officer, code);
        if (c.allocatedAt() != null) {
            throw new Conflict("closesAt", "学位已分配，报名时间不能再改 / the places are allocated: the window can no longer change");
        }
        Instant opens = opensAt == null ? c.opensAt() : opensAt;
        Instant closes = closesAt == null ? c.closesAt() : closesAt;
        if (!closes.isAfter(opens)) {
            throw new InvalidStandardValue("closesAt", "报名截止时间应晚于开始时间 / the window closes after it opens");
        }
        jdbc.sql("update enr_campaign set opens_at = ?, closes_at = ? where id = ? and allocated_at is null")
                .params(Timestamp.from(opens), Timestamp.from(closes), c.id()).update();
        kept.remove(code);
        return require(code);
    }

    /** The places a school offers in the campaign, set by the bureau (otherwise the city map's figure). */
    void setPlaces(CurrentUser officer, String code, long schoolId, int places) {
        Campaign c = ofMyDepartment(officer, code);
        if (c.allocatedAt() != null) {
            throw new Conflict("places", "学位已分配 / the places are allocated");
        }
        catchments.school(c.stage(), schoolId).orElseThrow(() -> new NotFound("schoolId", "本学段没有这所学校 / no such school of this stage"));
        if (places < 0 || places > 10_000) {
            throw new InvalidStandardValue("places", "学位数为0至10000 / 0 to 10,000 places");
        }
        int updated = jdbc.sql("update enr_quota set places = ? where campaign_id = ? and school_id = ?").params(places, c.id(), schoolId).update();
        if (updated == 0) {
            try {
                jdbc.sql("insert into enr_quota (campaign_id, school_id, places) values (?, ?, ?)").params(c.id(), schoolId, places).update();
            } catch (DuplicateKeyException setMeanwhile) {
                jdbc.sql("update enr_quota set places = ? where campaign_id = ? and school_id = ?").params(places, c.id(), schoolId).update();
            }
        }
    }

    /** Each school's places in the campaign: the bureau's figure where it set one, else the map's. */
    Map<Long, Integer> places(Campaign c) {
        Map<Long, Integer> places = new HashMap<>();
        catchments.schools(c.stage()).forEach(s -> places.put(s.id(), s.places()));
        jdbc.sql("select school_id, places from enr_quota where campaign_id = ?").param(c.id())
                .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> places.put(rs.getLong(1), rs.getInt(2)));
        return places;
    }

    Campaign ofMyDepartment(CurrentUser officer, String code) {
        Action.RUN_ENROLLMENT.demand(officer);
        Campaign c = require(code);
        if (!c.department().equals(officer.unitName())) {
            throw new Forbidden("code", "不是本部门的招生 / not your department's campaign");
        }
        return c;
    }

    Campaign require(String code) {
        return byCode(code).orElseThrow(() -> new NotFound("code", "没有这项招生 / no such enrollment campaign"));
    }

    Optional<Campaign> byCode(String code) {
        return jdbc.sql("select * from enr_campaign where code = ?").param(code == null ? "" : code).query(Campaigns::row).optional();
    }

    Optional<Campaign> byId(long id) {
        return jdbc.sql("select * from enr_campaign where id = ?").param(id).query(Campaigns::row).optional();
    }

    /** The campaign as the submission path sees it: read at most every two seconds on each node. */
    Campaign forSubmission(String code) {
        long now = System.nanoTime();
        Kept k = kept.get(code);
        if (k != null && k.until() - now > 0) {
            return k.campaign();
        }
        Campaign c = require(code);
        kept.put(code, new Kept(c, now + KEPT.toNanos()));
        return c;
    }

    List<Campaign> all() {
        return jdbc.sql("select * from enr_campaign order by opens_at desc, id desc").query(Campaigns::row).list();
    }

    /** Closed campaigns not yet allocated: what the allocation looks for. */
    List<Campaign> closedUnallocated(Instant now) {
        return jdbc.sql("select * from enr_campaign where closes_at <= ? and allocated_at is null").param(Timestamp.from(now)).query(Campaigns::row).list();
    }

    static Campaign row(ResultSet rs, int n) throws SQLException {
        return new Campaign(rs.getLong("id"), rs.getString("code"), rs.getString("title_zh"), rs.getString("title_en"), rs.getString("stage"),
                rs.getString("department"), rs.getTimestamp("opens_at").toInstant(), rs.getTimestamp("closes_at").toInstant(),
                rs.getObject("born_from", LocalDate.class), rs.getObject("born_to", LocalDate.class), rs.getString("seed_hash"), rs.getString("seed"),
                instant(rs.getTimestamp("revealed_at")), instant(rs.getTimestamp("allocated_at")), instant(rs.getTimestamp("appeals_until")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
