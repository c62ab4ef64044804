package org.citybrain.health.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.citybrain.city.Divisions;
import org.citybrain.health.CodeColour;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.platform.pages.FormCheck;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.platform.pages.Paged;
import org.citybrain.population.Residency;
import org.citybrain.standards.DivisionCode;
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
 * The citizen's health code page (mobile first): the code as a QR that renews itself, with her masked name and ID
 * and a running clock, its colour and validity, why it has that colour and what turns it green, declarations and
 * correction requests. And the officials' desk: correction requests of their jurisdiction answered in place, and
 * the risk areas declared and lifted. A refused form comes back to its page with the error summary and the typed
 * values ({@link FormReply}).
 */
@Controller
class HealthPages {

    private final CurrentUsers users;
    private final Residency residency;
    private final HealthInformation information;
    private final CodeTokens tokens;
    private final Declarations declarations;
    private final Corrections corrections;
    private final RiskAreas riskAreas;
    private final AuthorityActs acts;
    private final Divisions divisions;
    private final CityTime time;
    private final MessageSource messages;

    HealthPages(CurrentUsers users, Residency residency, HealthInformation information, CodeTokens tokens, Declarations declarations,
                Corrections corrections, RiskAreas riskAreas, AuthorityActs acts, Divisions divisions, CityTime time, MessageSource messages) {
        this.users = users;
        this.residency = residency;
        this.information = information;
        this.tokens = tokens;
        this.declarations = declarations;
        this.corrections = corrections;
        this.riskAreas = riskAreas;
        this.acts = acts;
        this.divisions = divisions;
        this.time = time;
        this.messages = messages;
    }

    @Performs(Action.OWN_HEALTH_CODE)
    @GetMapping("/health/code")
    String code(Model model) {
        long me = self();
        model.addAttribute("info", information.of(me, english()));
        model.addAttribute("me", residency.of(me).orElseThrow());
        model.addAttribute("formKey", UUID.randomUUID().toString());
        model.addAttribute("offsetMinutes", time.zone().getRules().getOffset(Instant.now()).getTotalSeconds() / 60);
        return "health-code";
    }

    /** The QR part alone: the page fetches it again before the token expires (htmx). */
    @Performs(Action.OWN_HEALTH_CODE)
    @GetMapping("/health/code/qr")
    String qr(Model model) {
        CodeTokens.IssuedCode issued = tokens.issueFor(self());
        model.addAttribute("svg", org.citybrain.platform.pages.QrSvg.of(issued.token(), hex(issued.colour()), "health code"));
        model.addAttribute("issued", issued);
        return "health-code :: qr";
    }

    @Performs(Action.DECLARE_HEALTH)
    @PostMapping("/health/declare/health")
    String declareHealth(@RequestParam(required = false) String temperature, @RequestParam(required = false) String symptoms,
                         @RequestParam(required = false) String formKey, HttpServletRequest request, RedirectAttributes redirect) {
        long me = self();
        try {
            BigDecimal t;
            try {
                t = temperature == null || temperature.isBlank() ? null : new BigDecimal(temperature.trim());
            } catch (NumberFormatException e) {
                throw new InvalidStandardValue("temperature", "体温应为数字，如 36.5 / the temperature is a number such as 36.5");
            }
            if (t == null) {
                throw new InvalidStandardValue("temperature", "请填写体温，如 36.5 / enter your temperature, such as 36.5");
            }
            declarations.declareHealth(me, new Declarations.HealthDeclaration(t, symptoms), formKey, users.require().username());
            notice(redirect, "health.declared");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "declare-health", request, e, Map.of());
        }
        return "redirect:/health/code";
    }

    @Performs(Action.DECLARE_TRIP)
    @PostMapping("/health/declare/trip")
    String declareTrip(@RequestParam(required = false) String origin, @RequestParam(required = false) String departedAt,
                       @RequestParam(required = false) String arrivedAt, @RequestParam(required = false) String formKey,
                       HttpServletRequest request, RedirectAttributes redirect) {
        long me = self();
        // Every field is read before anything is sent, so the summary lists each problem at once.
        FormCheck check = new FormCheck();
        Divisions.Division from = check.read(() -> divisions.resolve("origin", origin, Divisions.Scope.NATIONAL));
        Instant departed = check.read(() -> time.requiredInput("departedAt", departedAt, "请填写出发时间 / enter when you set off"));
        Instant arrived = check.read(() -> time.requiredInput("arrivedAt", arrivedAt, "请填写到达时间 / enter when you arrived"));
        if (check.act(() -> declarations.declareTrip(me, new Declarations.TripDeclaration(from.code(), departed, arrived), formKey,
                users.require().username()))) {
            notice(redirect, "health.tripDeclared");
        } else {
            FormReply.flash(redirect, "declare-trip", request, check.problems(), Map.of("divisionCode", "origin"));
        }
        return "redirect:/health/code";
    }

    @Performs(Action.FILE_CORRECTION)
    @PostMapping("/health/correct")
    String correct(@RequestParam(required = false) String request, @RequestParam(required = false) String formKey,
                   HttpServletRequest http, RedirectAttributes redirect) {
        long me = self();
        try {
            corrections.file(residency.of(me).orElseThrow(), request, formKey);
            notice(redirect, "health.correctionFiled");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "correct", http, e, Map.of());
        }
        return "redirect:/health/code";
    }

    @Performs(Action.READ_CORRECTIONS)
    @GetMapping("/health/desk")
    String desk(@RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = staff();
        model.addAttribute("corrections", Paged.of(corrections.open(user), page, 20));
        model.addAttribute("riskAreas", riskAreas.all());
        model.addAttribute("now", Instant.now());
        model.addAttribute("mayDeclare", Action.DECLARE_RISK_AREA.allows(user.roles()));
        return "health-desk";
    }

    @Performs(Action.ANSWER_CORRECTION)
    @PostMapping("/health/desk/corrections/{id}")
    String answer(@PathVariable long id, @RequestParam(required = false) String decision, @RequestParam(required = false) String answer,
                  @RequestParam(required = false) String voidFactId, @RequestParam(required = false) String legalReason,
                  HttpServletRequest request, RedirectAttributes redirect) {
        CurrentUser user = staff();
        try {
            Long fact;
            try {
                fact = voidFactId == null || voidFactId.isBlank() ? null : Long.valueOf(voidFactId.trim());
            } catch (NumberFormatException e) {
                throw new InvalidStandardValue("voidFactId", "请填写要作废的事实编号（数字） / enter the number of the fact to void");
            }
            corrections.answer(user, id, HealthApi.enumValue(Corrections.Decision.class, "decision", decision), answer, fact, legalReason);
            notice(redirect, "health.answered");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "answer-" + id, request, e, Map.of());
        }
        return "redirect:/health/desk";
    }

    @Performs(Action.DECLARE_RISK_AREA)
    @PostMapping("/health/desk/risk-areas")
    String declareRiskArea(@RequestParam(required = false) String area, @RequestParam(required = false) String level,
                           @RequestParam(required = false) String until, HttpServletRequest request, RedirectAttributes redirect) {
        CurrentUser user = users.require(Action.DECLARE_RISK_AREA);
        try {
            Divisions.Division d = divisions.resolve("area", area, Divisions.Scope.ANY);
            RiskAreas.Level l = HealthApi.enumValue(RiskAreas.Level.class, "level", level);
            int n = acts.declareRiskArea(new DivisionCode(d.code()), d.label(), l, time.parseInput("until", until), user);
            redirect.addFlashAttribute("notice", messages.getMessage("health.riskAreaDeclared", new Object[]{d.label(), n}, LocaleContextHolder.getLocale()));
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "risk-area", request, e, Map.of("divisionCode", "area", "name", "area"));
        }
        return "redirect:/health/desk#risk-areas";
    }

    @Performs(Action.DECLARE_RISK_AREA)
    @PostMapping("/health/desk/risk-areas/{divisionCode}/lift")
    String liftRiskArea(@PathVariable String divisionCode, RedirectAttributes redirect) {
        CurrentUser user = users.require(Action.DECLARE_RISK_AREA);
        int n = acts.liftRiskArea(new DivisionCode(divisionCode), user);
        redirect.addFlashAttribute("notice", messages.getMessage("health.riskAreaLifted",
                new Object[]{divisions.labelOf(divisionCode), n}, LocaleContextHolder.getLocale()));
        return "redirect:/health/desk#risk-areas";
    }

    static String hex(CodeColour c) {
        return switch (c) {
            case GREEN -> "#1b7f3b";
            case YELLOW -> "#b58a00";
            case RED -> "#b42318";
        };
    }

    private void notice(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute("notice", messages.getMessage(key, null, LocaleContextHolder.getLocale()));
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }

    private long self() {
        return users.requireCitizen();
    }

    private CurrentUser staff() {
        CurrentUser user = users.require();
        if (user.jurisdiction().onlySelf() || !user.readsResidents()) {
            throw new Forbidden("account", "仅限工作人员 / for staff only");
        }
        return user;
    }
}
