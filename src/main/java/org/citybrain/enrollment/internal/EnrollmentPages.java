package org.citybrain.enrollment.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages of school enrollment: the parent's (campaigns, the form, her applications with their check, placement and
 * appeal), the bureau's (its campaigns, their applications and appeals), and the public draw.
 */
@Controller
class EnrollmentPages {

    /** A school or other choice as a select offers it. */
    record Choice(String code, String label) {
    }

    private final Campaigns campaigns;
    private final Enrollments enrollments;
    private final Appeals appeals;
    private final Allocations allocations;
    private final PublishedDraw draw;
    private final EnrollmentViews views;
    private final CatchmentAreas catchments;
    private final CurrentUsers users;
    private final MessageSource messages;
    private final org.citybrain.platform.pages.CityTime time;

    EnrollmentPages(Campaigns campaigns, Enrollments enrollments, Appeals appeals, Allocations allocations, PublishedDraw draw, EnrollmentViews views,
                    CatchmentAreas catchments, CurrentUsers users, MessageSource messages, org.citybrain.platform.pages.CityTime time) {
        this.time = time;
        this.campaigns = campaigns;
        this.enrollments = enrollments;
        this.appeals = appeals;
        this.allocations = allocations;
        this.draw = draw;
        this.views = views;
        this.catchments = catchments;
        this.users = users;
        this.messages = messages;
    }

    // ---- the parent ----

    @Performs(Action.ENROLL_CHILD)
    @GetMapping("/enrollment")
    String home(Model model) {
        CurrentUser parent = users.require(Action.ENROLL_CHILD);
        Instant now = Instant.now();
        model.addAttribute("open", campaigns.all().stream().filter(c -> c.phase(now) == Campaign.Phase.OPEN).map(views::campaign).toList());
        model.addAttribute("mine", views.ofParent(enrollments.mine(parent)));
        model.addAttribute("english", english());
        return "enrollment";
    }

    @Performs(Action.ENROLL_CHILD)
    @GetMapping("/enrollment/{code}/apply")
    String form(@PathVariable String code, Model model) {
        users.require(Action.ENROLL_CHILD);
        Campaign c = campaigns.require(code);
        model.addAttribute("campaign", views.campaign(c));
        model.addAttribute("open", c.phase(Instant.now()) == Campaign.Phase.OPEN);
        model.addAttribute("schools", schoolChoices(c));
        model.addAttribute("formKey", UUID.randomUUID().toString());
        model.addAttribute("english", english());
        return "enrollment-apply";
    }

    @Performs(Action.ENROLL_CHILD)
    @PostMapping("/enrollment/{code}/applications")
    String apply(@PathVariable String code, @RequestParam Map<String, String> params, HttpServletRequest request, RedirectAttributes redirect) {
        CurrentUser parent = users.require(Action.ENROLL_CHILD);
        List<Long> preferences = new ArrayList<>();
        for (String p : List.of("preference1", "preference2")) {
            String v = params.getOrDefault(p, "");
            if (!v.isBlank()) {
                try {
                    preferences.add(Long.parseLong(v.strip()));
                } catch (NumberFormatException e) {
                    FormReply.flash(redirect, "enroll", request, List.of(new InvalidStandardValue(p, "请从列表中选择学校 / choose a school from the list")), Map.of());
                    return "redirect:/enrollment/" + code + "/apply";
                }
            }
        }
        try {
            Enrollments.Submitted s = enrollments.submit(parent, code, new Enrollments.Submission(params.get("childIdNumber"), params.get("childName"),
                    preferences, "PC".equals(params.get("channel")) ? "PC" : "PHONE"), params.get("formKey"));
            redirect.addFlashAttribute("notice", messages.getMessage("enrollment.submitted", null, LocaleContextHolder.getLocale()));
            return "redirect:/enrollment/applications/" + s.enrollment().number();
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "enroll", request, e.all(), Map.of("preferences", "preference1"));
        } catch (Conflict e) {
            FormReply.flash(redirect, "enroll", request, List.of(new InvalidStandardValue(e.field().equals("campaign") ? "childName" : e.field(), e.getMessage())),
                    Map.of());
        }
        return "redirect:/enrollment/" + code + "/apply";
    }

    @Performs(Action.ENROLL_CHILD)
    @GetMapping("/enrollment/applications/{number}")
    String application(@PathVariable String number, Model model) {
        CurrentUser parent = users.require(Action.ENROLL_CHILD);
        Enrollment e = enrollments.mine(parent, number);
        Campaign c = campaigns.byId(e.campaignId()).orElseThrow();
        model.addAttribute("app", views.enrollment(e, c, true));
        model.addAttribute("campaign", views.campaign(c));
        Appeals.Appeal appeal = appeals.ofApplication(e.id()).orElse(null);
        model.addAttribute("appeal", appeal == null ? null : views.appeal(appeal));
        model.addAttribute("mayAppeal", appeal == null && e.state() != Enrollment.State.CHECK_PENDING
                && (c.appealsUntil() == null || Instant.now().isBefore(c.appealsUntil())));
        model.addAttribute("english", english());
        return "enrollment-application";
    }

    @Performs(Action.ENROLL_CHILD)
    @PostMapping("/enrollment/applications/{number}/appeal")
    String appeal(@PathVariable String number, @RequestParam(required = false) String reason, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            appeals.file(users.require(Action.ENROLL_CHILD), number, reason);
            redirect.addFlashAttribute("notice", messages.getMessage("enrollment.appealed", null, LocaleContextHolder.getLocale()));
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "appeal", request, e.all(), Map.of());
        } catch (Conflict e) {
            FormReply.flash(redirect, "appeal", request, List.of(new InvalidStandardValue("reason", e.getMessage())), Map.of());
        }
        return "redirect:/enrollment/applications/" + number + "#appeal";
    }

    // ---- the public draw ----

    @Performs(Action.READ_ENROLLMENT_DRAW)
    @GetMapping("/enrollment/draws/{code}")
    String publishedDraw(@PathVariable String code, @RequestParam(defaultValue = "0") int page, Model model) {
        Map<String, Object> d = draw.of(code);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rounds = (List<Map<String, Object>>) d.get("draws");
        model.addAttribute("draw", d);
        model.addAttribute("rounds", Paged.of(rounds, Math.max(0, page), 50));
        model.addAttribute("english", english());
        return "enrollment-draw";
    }

    // ---- the bureau ----

    @Performs(Action.RUN_ENROLLMENT)
    @GetMapping("/enrollment/manage")
    String manage(Model model) {
        CurrentUser officer = users.require(Action.RUN_ENROLLMENT);
        List<Map<String, Object>> mine = campaigns.all().stream().filter(c -> c.department().equals(officer.unitName())).map(c -> {
            Map<String, Object> m = views.campaign(c);
            Map<String, Long> counts = enrollments.countsByState(c.id());
            m.put("submitted", counts.values().stream().mapToLong(Long::longValue).sum());
            m.put("pending", counts.getOrDefault("CHECK_PENDING", 0L));
            m.put("admitted", counts.getOrDefault("ADMITTED", 0L));
            m.put("referred", counts.getOrDefault("REFERRED", 0L));
            return m;
        }).toList();
        model.addAttribute("campaigns", mine);
        model.addAttribute("english", english());
        return "enrollment-manage";
    }

    /** The bureau opens an intake from its page: the same activity as the API's, its refusals summarised at the top with the values kept. */
    @Performs(Action.RUN_ENROLLMENT)
    @PostMapping("/enrollment/manage/campaigns")
    String openCampaign(@RequestParam Map<String, String> p, HttpServletRequest request, RedirectAttributes redirect) {
        CurrentUser officer = users.require(Action.RUN_ENROLLMENT);
        try {
            Campaign c = campaigns.open(officer, new org.citybrain.enrollment.EnrollmentCampaigns.CampaignSpec(p.getOrDefault("code", "").strip(),
                    p.getOrDefault("titleZh", "").strip(), p.getOrDefault("titleEn", "").strip(), p.getOrDefault("stage", ""), null,
                    time.requiredInput("opensAt", p.get("opensAt"), "请选择报名开始时间 / choose when the window opens"),
                    time.requiredInput("closesAt", p.get("closesAt"), "请选择报名截止时间 / choose when the window closes"),
                    day("bornFrom", p.get("bornFrom")), day("bornTo", p.get("bornTo"))));
            redirect.addFlashAttribute("notice", messages.getMessage("enrollment.opened", new Object[] {c.titleZh()}, LocaleContextHolder.getLocale()));
            return "redirect:/enrollment/manage/" + c.code();
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "open", request, e.all(), Map.of());
        } catch (Conflict e) {
            FormReply.flash(redirect, "open", request, List.of(new InvalidStandardValue(e.field(), e.getMessage())), Map.of());
        }
        return "redirect:/enrollment/manage#open";
    }

    private static java.time.LocalDate day(String field, String value) {
        try {
            return java.time.LocalDate.parse(value == null ? "" : value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidStandardValue(field, "请选择日期 / choose a date");
        }
    }

    @Performs(Action.RUN_ENROLLMENT)
    @GetMapping("/enrollment/manage/{code}")
    String manageCampaign(@PathVariable String code, @RequestParam(defaultValue = "") String state, @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser officer = users.require(Action.RUN_ENROLLMENT);
        Campaign c = campaigns.ofMyDepartment(officer, code);
        String s = state.isBlank() ? null : views.state(state);
        int size = 20;
        List<Map<String, Object>> apps = enrollments.ofCampaign(officer, code, s, Paged.firstRow(page, size), size).stream()
                .map(e -> views.enrollment(e, c, false)).toList();
        model.addAttribute("campaign", views.campaign(c));
        model.addAttribute("applications", new Paged<>(apps, Math.max(0, page), size, enrollments.countOfCampaign(c.id(), s)));
        model.addAttribute("state", s == null ? "" : s);
        model.addAttribute("appeals", appeals.ofCampaign(officer, code).stream().map(views::appeal).toList());
        model.addAttribute("schools", schoolChoices(c));
        model.addAttribute("english", english());
        return "enrollment-campaign";
    }

    @Performs(Action.RUN_ENROLLMENT)
    @PostMapping("/enrollment/manage/{code}/close")
    String closeNow(@PathVariable String code, RedirectAttributes redirect) {
        campaigns.changeWindow(users.require(Action.RUN_ENROLLMENT), code, null, Instant.now());
        redirect.addFlashAttribute("notice", messages.getMessage("enrollment.closed", null, LocaleContextHolder.getLocale()));
        return "redirect:/enrollment/manage/" + code;
    }

    @Performs(Action.RUN_ENROLLMENT)
    @PostMapping("/enrollment/manage/{code}/allocation")
    String allocate(@PathVariable String code, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            allocations.allocateNow(users.require(Action.RUN_ENROLLMENT), code);
            redirect.addFlashAttribute("notice", messages.getMessage("enrollment.allocated", null, LocaleContextHolder.getLocale()));
        } catch (Conflict e) {
            FormReply.flash(redirect, "allocate", request, List.of(new InvalidStandardValue("run", e.getMessage())), Map.of());
        }
        return "redirect:/enrollment/manage/" + code;
    }

    @Performs(Action.RUN_ENROLLMENT)
    @PostMapping("/enrollment/manage/{code}/appeals/{id}")
    String answer(@PathVariable String code, @PathVariable long id, @RequestParam(required = false) String upheld,
                  @RequestParam(required = false) String schoolId, @RequestParam(required = false) String answer, HttpServletRequest request,
                  RedirectAttributes redirect) {
        String form = "answer-" + id;
        try {
            Long school = schoolId == null || schoolId.isBlank() ? null : Long.valueOf(schoolId.strip());
            appeals.answer(users.require(Action.RUN_ENROLLMENT), id, "true".equals(upheld), school, answer);
            redirect.addFlashAttribute("notice", messages.getMessage("enrollment.answered", null, LocaleContextHolder.getLocale()));
        } catch (NumberFormatException e) {
            FormReply.flash(redirect, form, request, List.of(new InvalidStandardValue("schoolId", "请从列表中选择学校 / choose a school from the list")), Map.of());
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, form, request, e.all(), Map.of());
        } catch (Conflict e) {
            FormReply.flash(redirect, form, request, List.of(new InvalidStandardValue(e.field(), e.getMessage())), Map.of());
        }
        return "redirect:/enrollment/manage/" + code + "#appeals";
    }

    private List<Choice> schoolChoices(Campaign c) {
        List<Choice> out = new ArrayList<>();
        out.add(new Choice("", messages.getMessage("enrollment.noPreference", null, LocaleContextHolder.getLocale())));
        catchments.schools(c.stage()).forEach(s -> out.add(new Choice(String.valueOf(s.id()), s.name())));
        return out;
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
