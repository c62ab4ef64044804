package org.citybrain.enrollment.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which category a child enrolls in, and at which catchment school, from what the other departments' registers say
 * (the household register, the property register, residence permits, social insurance): a named policy whose every
 * answer carries its reason, in both languages, for the parent to read and, if it is wrong, to appeal.
 */
final class EligibilityPolicy {

    /** The registers' records about one application, as the data hub returned them (granted fields only). */
    record Records(Optional<Map<String, Object>> childHousehold, Optional<Map<String, Object>> parentHousehold, List<Map<String, Object>> parentHomes,
                   List<Map<String, Object>> parentPermits, List<Map<String, Object>> parentInsurance) {
    }

    /** The answer: the category, the catchment school it applies to (null for the district's placement) and why. */
    record Verdict(Category category, Long catchmentSchool, String reasonZh, String reasonEn) {
    }

    /** A migrant parent's social insurance must have run this long in the district (郑州: 连续缴纳满一年). */
    static final int INSURED_MONTHS = 12;

    private final Function<String, Optional<Long>> catchmentSchool;
    private final Function<String, String> communityName;
    private final Function<Map<String, Object>, Optional<String>> homeCommunity;

    /**
     * @param catchmentSchool the campaign's school whose catchment holds a community (by its 12-digit code)
     * @param communityName   a community's name, for the reasons
     * @param homeCommunity   the community a property lies in, from its address (坐落) and district
     */
    EligibilityPolicy(Function<String, Optional<Long>> catchmentSchool, Function<String, String> communityName,
                      Function<Map<String, Object>, Optional<String>> homeCommunity) {
        this.catchmentSchool = catchmentSchool;
        this.communityName = communityName;
        this.homeCommunity = homeCommunity;
    }

    Verdict decide(String childName, Records r, LocalDate today) {
        if (r.childHousehold().isPresent() && !childName.equals(text(r.childHousehold().get(), "name"))) {
            return other("儿童姓名与户籍登记不一致，请核对后重新报名或申诉", "the child's name differs from the household register: check it, then apply again or appeal");
        }
        List<String> homes = r.parentHomes().stream().filter(h -> !"COMMERCIAL".equals(h.get("use")) && !"OFFICE".equals(h.get("use")))
                .map(homeCommunity).flatMap(Optional::stream).distinct().toList();
        if (r.childHousehold().isPresent()) {
            Map<String, Object> child = r.childHousehold().get();
            boolean sameHousehold = r.parentHousehold().map(p -> Objects.equals(text(p, "householdNo"), text(child, "householdNo"))).orElse(false);
            String community = text(child, "community");
            Optional<Long> school = catchmentSchool.apply(community);
            if (!sameHousehold) {
                return other("儿童户籍与申请人不在同一户，无法确认监护关系，请由户口簿上的监护人申请或申诉",
                        "the child is not registered in the applicant's household: the guardian in the household book applies, or appeal");
            }
            if (school.isEmpty()) {
                return other("户籍所在社区（" + communityName.apply(community) + "）不在本次招生学校的片区内", "the registered community ("
                        + communityName.apply(community) + ") is in no catchment of this intake");
            }
            if (homes.contains(community)) {
                return new Verdict(Category.HOME_AND_HOUSEHOLD, school.get(), "户籍地址与申请人房产坐落一致：" + communityName.apply(community),
                        "household registered at the parent's own home: " + communityName.apply(community));
            }
            return new Verdict(Category.HOUSEHOLD, school.get(), "户籍在" + communityName.apply(community) + "，申请人在该社区无房产登记",
                    "registered in " + communityName.apply(community) + "; the parent owns no home there");
        }
        for (String home : homes) {
            Optional<Long> school = catchmentSchool.apply(home);
            if (school.isPresent()) {
                return new Verdict(Category.HOME, school.get(), "申请人房产坐落于" + communityName.apply(home) + "，儿童户籍不在本市户籍登记中",
                        "the parent owns a home in " + communityName.apply(home) + "; the child is not in the city's household register");
            }
        }
        Optional<Map<String, Object>> permit = r.parentPermits().stream()
                .filter(p -> !LocalDate.parse(text(p, "validUntil")).isBefore(today)).findFirst();
        if (permit.isPresent()) {
            String community = text(permit.get(), "community");
            String district = community.substring(0, 6);
            LocalDate insuredBy = today.minusMonths(INSURED_MONTHS);
            boolean insured = r.parentInsurance().stream().anyMatch(i -> "CONTRIBUTING".equals(i.get("status")) && district.equals(text(i, "district"))
                    && i.get("since") != null && !LocalDate.parse(text(i, "since")).isAfter(insuredBy));
            Optional<Long> school = catchmentSchool.apply(community);
            if (!insured) {
                return other("持有效居住证（" + communityName.apply(community) + "），但未查询到在本区连续参加社会保险满" + INSURED_MONTHS + "个月的记录",
                        "a valid residence permit (" + communityName.apply(community) + "), but no social insurance in the district for "
                                + INSURED_MONTHS + " months");
            }
            if (school.isPresent()) {
                return new Verdict(Category.MIGRANT, school.get(), "持有效居住证（" + communityName.apply(community) + "）且在本区参加社会保险满"
                        + INSURED_MONTHS + "个月", "a valid residence permit (" + communityName.apply(community) + ") and social insurance in the district for "
                        + INSURED_MONTHS + " months");
            }
        }
        return other("未查询到儿童在本市的户籍、申请人在片区内的房产或有效居住证：由区教育局统筹安排学位",
                "no household registration in the city, home in a catchment or valid residence permit found: the district places the child");
    }

    private static Verdict other(String zh, String en) {
        return new Verdict(Category.OTHER, null, zh, en);
    }

    private static String text(Map<String, Object> record, String field) {
        Object v = record.get(field);
        return v == null ? null : v.toString();
    }
}
