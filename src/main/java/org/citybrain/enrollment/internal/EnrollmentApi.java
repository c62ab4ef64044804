package org.citybrain.enrollment.internal;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.enrollment.EnrollmentCampaigns;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** School enrollment's API: the parent's applications, the bureau's campaigns and appeals, the public draw. */
@RestController
@RequestMapping("/api/enrollment/v1")
@Tag(name = "School enrollment", description = "Campaigns, a child's application, its check and placement, appeals, the published draw")
class EnrollmentApi {

    private final Campaigns campaigns;
    private final Enrollments enrollments;
    private final Allocations allocations;
    private final Appeals appeals;
    private final PublishedDraw draw;
    private final EnrollmentViews views;
    private final CurrentUsers users;

    EnrollmentApi(Campaigns campaigns, Enrollments enrollments, Allocations allocations, Appeals appeals, PublishedDraw draw, EnrollmentViews views,
                  CurrentUsers users) {
        this.campaigns = campaigns;
        this.enrollments = enrollments;
        this.allocations = allocations;
        this.appeals = appeals;
        this.draw = draw;
        this.views = views;
        this.users = users;
    }

    @Performs(Action.BROWSE_SERVICES)
    @GetMapping("/campaigns")
    @Operation(summary = "The campaigns: window, birth dates admitted, phase, the seed's hash (and the seed once revealed)")
    List<Map<String, Object>> campaigns() {
        users.require(Action.BROWSE_SERVICES);
        return campaigns.all().stream().map(views::campaign).toList();
    }

    @Performs(Action.BROWSE_SERVICES)
    @GetMapping("/campaigns/{code}")
    @Operation(summary = "One campaign, with its schools by name and their places")
    Map<String, Object> campaign(@PathVariable String code) {
        users.require(Action.BROWSE_SERVICES);
        Campaign c = campaigns.require(code);
        Map<String, Object> m = views.campaign(c);
        m.put("schools", views.schools(c));
        return m;
    }

    @Performs(Action.RUN_ENROLLMENT)
    @PostMapping("/campaigns")
    @Operation(summary = "Open a campaign of my department: {code, titleZh, titleEn, stage: 小学|初中, opensAt, closesAt, bornFrom, bornTo}; its seed's hash "
            + "is published at once")
    ResponseEntity<Map<String, Object>> open(@RequestBody JsonNode body) {
        Campaign c = campaigns.open(users.require(), new EnrollmentCampaigns.CampaignSpec(body.path("code").asString(""), body.path("titleZh").asString(""),
                body.path("titleEn").asString(""), body.path("stage").asString(""), body.path("department").asString(""), instant(body, "opensAt"),
                instant(body, "closesAt"), date(body, "bornFrom"), date(body, "bornTo")));
        return ResponseEntity.created(URI.create("/api/enrollment/v1/campaigns/" + c.code())).body(views.campaign(c));
    }

    @Performs(Action.RUN_ENROLLMENT)
    @PatchMapping("/campaigns/{code}")
    @Operation(summary = "Move the window or close it now: {opensAt?, closesAt?}; refused once the places are allocated")
    Map<String, Object> window(@PathVariable String code, @RequestBody JsonNode body) {
        return views.campaign(campaigns.changeWindow(users.require(), code, body.has("opensAt") ? instant(body, "opensAt") : null,
                body.has("closesAt") ? instant(body, "closesAt") : null));
    }

    @Performs(Action.RUN_ENROLLMENT)
    @PutMapping("/campaigns/{code}/places/{schoolId}")
    @Operation(summary = "Set a school's places in the campaign: {places}")
    Map<String, Object> places(@PathVariable String code, @PathVariable long schoolId, @RequestBody JsonNode body) {
        if (!body.path("places").isIntegralNumber()) {
            throw new InvalidStandardValue("places", "学位数为整数 / places is a whole number");
        }
        campaigns.setPlaces(users.require(), code, schoolId, body.path("places").asInt());
        return Map.of("schoolId", schoolId, "places", body.path("places").asInt());
    }

    @Performs(Action.RUN_ENROLLMENT)
    @PostMapping("/campaigns/{code}/allocation")
    @Operation(summary = "Allocate the places now (the window has closed and every application is checked); each node also does it by itself")
    Map<String, Object> allocate(@PathVariable String code) {
        return views.campaign(allocations.allocateNow(users.require(), code));
    }

    @Performs(Action.RUN_ENROLLMENT)
    @GetMapping("/campaigns/{code}/applications")
    @Operation(summary = "The campaign's applications (child's ID number masked), optionally in one state; each read is audited for the parent")
    Map<String, Object> applications(@PathVariable String code, @RequestParam(required = false) String state, @RequestParam(defaultValue = "0") int offset,
                                     @RequestParam(defaultValue = "50") int limit) {
        CurrentUser officer = users.require();
        String s = state == null || state.isBlank() ? null : views.state(state);
        List<Enrollment> page = enrollments.ofCampaign(officer, code, s, offset, limit);
        Campaign c = campaigns.require(code);
        return Map.of("total", enrollments.countOfCampaign(c.id(), s), "applications", page.stream().map(e -> views.enrollment(e, c, false)).toList());
    }

    @Performs(Action.ENROLL_CHILD)
    @PostMapping("/campaigns/{code}/applications")
    @Operation(summary = "Apply for my child: {childIdNumber, childName, preferences: [schoolId, ...] (up to 2), channel}. Answered as soon as it is stored "
            + "(201; a retry with the same Idempotency-Key answers 200 with the same application); the check follows")
    ResponseEntity<Map<String, Object>> apply(@PathVariable String code, @RequestBody JsonNode body,
                                              @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        List<Long> preferences = new ArrayList<>();
        JsonNode p = body.path("preferences");
        if (!p.isMissingNode() && !p.isNull()) {
            if (!p.isArray()) {
                throw new InvalidStandardValue("preferences", "志愿学校为学校编号的数组 / a list of school ids");
            }
            for (JsonNode n : p) {
                if (!n.isIntegralNumber()) {
                    throw new InvalidStandardValue("preferences", "志愿学校为学校编号 / school ids");
                }
                preferences.add(n.asLong());
            }
        }
        Enrollments.Submitted s = enrollments.submit(users.require(), code, new Enrollments.Submission(body.path("childIdNumber").asString(""),
                body.path("childName").asString(""), preferences, body.path("channel").asString("PHONE")), key);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("number", s.enrollment().number());
        answer.put("state", s.enrollment().state().name());
        answer.put("submittedAt", s.enrollment().submittedAt().toString());
        answer.put("retry", !s.created());
        URI where = URI.create("/api/enrollment/v1/applications/" + s.enrollment().number());
        return s.created() ? ResponseEntity.created(where).body(answer) : ResponseEntity.ok().location(where).body(answer);
    }

    @Performs(Action.ENROLL_CHILD)
    @GetMapping("/applications")
    @Operation(summary = "My children's applications: state, category and reason, school")
    List<Map<String, Object>> mine() {
        CurrentUser parent = users.require();
        return views.ofParent(enrollments.mine(parent));
    }

    @Performs(Action.ENROLL_CHILD)
    @GetMapping("/applications/{number}")
    @Operation(summary = "One of my applications, with its appeal")
    Map<String, Object> one(@PathVariable String number) {
        Enrollment e = enrollments.mine(users.require(), number);
        Map<String, Object> m = views.enrollment(e, campaigns.byId(e.campaignId()).orElseThrow(), true);
        appeals.ofApplication(e.id()).ifPresent(a -> m.put("appeal", views.appeal(a)));
        return m;
    }

    @Performs(Action.ENROLL_CHILD)
    @PostMapping("/applications/{number}/appeal")
    @Operation(summary = "Appeal the check or the placement: {reason}; once per application, within the appeal period")
    ResponseEntity<Map<String, Object>> appeal(@PathVariable String number, @RequestBody JsonNode body) {
        Appeals.Appeal a = appeals.file(users.require(), number, body.path("reason").asString(""));
        return ResponseEntity.created(URI.create("/api/enrollment/v1/applications/" + number)).body(views.appeal(a));
    }

    @Performs(Action.RUN_ENROLLMENT)
    @GetMapping("/campaigns/{code}/appeals")
    @Operation(summary = "The campaign's appeals, the unanswered first")
    List<Map<String, Object>> appeals(@PathVariable String code) {
        return appeals.ofCampaign(users.require(), code).stream().map(views::appeal).toList();
    }

    @Performs(Action.RUN_ENROLLMENT)
    @PostMapping("/appeals/{id}/answer")
    @Operation(summary = "Answer an appeal: {upheld: true|false, answer, schoolId? (an upheld appeal may place the child at a school with places left)}")
    Map<String, Object> answer(@PathVariable long id, @RequestBody JsonNode body) {
        Long school = body.path("schoolId").isIntegralNumber() ? body.path("schoolId").asLong() : null;
        return views.appeal(appeals.answer(users.require(), id, body.path("upheld").asBoolean(false), school, body.path("answer").asString("")));
    }

    @Performs(Action.READ_ENROLLMENT_DRAW)
    @GetMapping("/campaigns/{code}/draw")
    @Operation(summary = "The published draw (public): the seed's hash; after the allocation the seed, the method and every round's applicants and admitted")
    Map<String, Object> draw(@PathVariable String code) {
        return draw.of(code);
    }

    private static Instant instant(JsonNode body, String field) {
        String v = body.path(field).asString("");
        try {
            return v.isBlank() ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidStandardValue(field, "时间格式为 ISO 8601，如 2027-07-01T00:00:00Z / an ISO 8601 instant");
        }
    }

    private static LocalDate date(JsonNode body, String field) {
        String v = body.path(field).asString("");
        try {
            return v.isBlank() ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidStandardValue(field, "日期格式为 2020-09-01 / a date such as 2020-09-01");
        }
    }
}
