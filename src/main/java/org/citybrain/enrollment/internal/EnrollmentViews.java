package org.citybrain.enrollment.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.citybrain.platform.pages.CityTime;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Component;

/** Campaigns, applications and appeals as the API and the pages show them: schools by name, times for people. */
@Component
class EnrollmentViews {

    private final CatchmentAreas catchments;
    private final Campaigns campaigns;
    private final CityTime time;

    EnrollmentViews(CatchmentAreas catchments, Campaigns campaigns, CityTime time) {
        this.catchments = catchments;
        this.campaigns = campaigns;
        this.time = time;
    }

    Map<String, Object> campaign(Campaign c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", c.code());
        m.put("titleZh", c.titleZh());
        m.put("titleEn", c.titleEn());
        m.put("stage", c.stage());
        m.put("department", c.department());
        m.put("opensAt", c.opensAt().toString());
        m.put("closesAt", c.closesAt().toString());
        m.put("window", time.human(c.opensAt()) + " — " + time.human(c.closesAt()));
        m.put("bornFrom", c.bornFrom().toString());
        m.put("bornTo", c.bornTo().toString());
        m.put("phase", c.phase(Instant.now()).name());
        m.put("seedHash", c.seedHash());
        m.put("seed", c.publishedSeed());
        m.put("allocatedAt", c.allocatedAt() == null ? null : c.allocatedAt().toString());
        m.put("appealsUntil", c.appealsUntil() == null ? null : c.appealsUntil().toString());
        return m;
    }

    List<Map<String, Object>> schools(Campaign c) {
        Map<Long, Integer> places = campaigns.places(c);
        return catchments.schools(c.stage()).stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("name", s.name());
            m.put("districtCode", s.districtCode());
            m.put("places", places.getOrDefault(s.id(), s.places()));
            return m;
        }).toList();
    }

    /** A parent's applications as she reads them, their campaigns read once for all of them. */
    List<Map<String, Object>> ofParent(List<Enrollment> mine) {
        if (mine.isEmpty()) {
            return List.of();
        }
        Map<Long, Campaign> byId = new java.util.HashMap<>();
        campaigns.all().forEach(c -> byId.put(c.id(), c));
        return mine.stream().map(e -> enrollment(e, byId.get(e.campaignId()), true)).toList();
    }

    Map<String, Object> enrollment(Enrollment e, Campaign c, boolean forParent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", e.number());
        m.put("campaign", c.code());
        m.put("campaignTitle", c.titleZh());
        m.put("childName", e.childName());
        m.put("childIdNumber", e.maskedChildIdNumber());
        m.put("channel", e.channel());
        m.put("submittedAt", e.submittedAt().toString());
        m.put("submitted", time.human(e.submittedAt()));
        m.put("state", e.state().name());
        m.put("stateLabel", stateLabel(e.state()));
        m.put("preferences", e.preferences().stream().map(id -> schoolName(c, id)).toList());
        // every key present, null when not yet known: the pages read them by name
        Category c2 = e.category();
        m.put("category", c2 == null ? null : c2.name());
        m.put("categoryLabel", c2 == null ? null : c2.zh);
        m.put("categoryLabelEn", c2 == null ? null : c2.en);
        m.put("catchmentSchool", e.catchmentSchool() == null ? null : schoolName(c, e.catchmentSchool()));
        m.put("reason", e.reasonZh());
        m.put("reasonEn", e.reasonEn());
        m.put("schoolId", e.school());
        m.put("school", e.school() == null ? null : schoolName(c, e.school()));
        m.put("admittedBy", e.admittedBy());
        m.put("admittedByLabel", e.admittedBy() == null ? null : admittedBy(e.admittedBy()));
        m.put("ticket", forParent ? e.ticket() : null);
        return m;
    }

    Map<String, Object> appeal(Appeals.Appeal a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("number", a.number());
        m.put("reason", a.reason());
        m.put("filedAt", a.filedAt().toString());
        m.put("filed", time.human(a.filedAt()));
        m.put("answer", a.answer());
        m.put("upheld", a.upheld());
        m.put("answeredAt", a.answeredAt() == null ? null : a.answeredAt().toString());
        m.put("answered", a.answeredAt() == null ? null : time.human(a.answeredAt()));
        return m;
    }

    String state(String typed) {
        try {
            return Enrollment.State.valueOf(typed.strip()).name();
        } catch (IllegalArgumentException e) {
            throw new InvalidStandardValue("state", "状态为 CHECK_PENDING、CHECKED、ADMITTED 或 REFERRED / one of CHECK_PENDING, CHECKED, ADMITTED, REFERRED");
        }
    }

    String schoolName(Campaign c, long id) {
        return catchments.school(c.stage(), id).map(CatchmentAreas.School::name).orElse("学校 " + id);
    }

    static String stateLabel(Enrollment.State s) {
        return switch (s) {
            case CHECK_PENDING -> "已受理，资格核验中";
            case CHECKED -> "资格已核验，待报名截止后分配学位";
            case ADMITTED -> "已录取";
            case REFERRED -> "由区教育局统筹安排";
        };
    }

    static String admittedBy(String how) {
        if (how.equals("DISTRICT")) {
            return "片区与志愿学校均无剩余学位，由区教育局统筹安排";
        }
        if (how.equals("APPEAL")) {
            return "经申诉安排";
        }
        boolean lottery = how.endsWith("_LOTTERY");
        String round = lottery ? how.substring(0, how.length() - "_LOTTERY".length()) : how;
        String base = round.startsWith("CATCHMENT_") ? "片区第" + round.substring("CATCHMENT_".length()) + "类录取"
                : "第" + round.substring("PREFERENCE_".length()) + "志愿录取";
        return lottery ? base + "（摇号）" : base;
    }
}
