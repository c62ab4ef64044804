package org.citybrain.health.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;

import org.citybrain.health.CodeColour;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.platform.Forbidden;
import org.citybrain.population.Residency;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The citizen's health code page (mobile first): the code as a QR that renews itself, its colour and validity, why
 * it has that colour and what turns it green, declarations and correction requests. And the officials' desk:
 * correction requests of their jurisdiction, answered in place.
 */
@Controller
class HealthPages {

    static final ZoneId CITY_TIME = ZoneId.of("Asia/Shanghai");

    private final CurrentUsers users;
    private final Residency residency;
    private final HealthInformation information;
    private final CodeTokens tokens;
    private final Declarations declarations;
    private final Corrections corrections;
    private final RiskAreas riskAreas;

    HealthPages(CurrentUsers users, Residency residency, HealthInformation information, CodeTokens tokens, Declarations declarations,
                Corrections corrections, RiskAreas riskAreas) {
        this.users = users;
        this.residency = residency;
        this.information = information;
        this.tokens = tokens;
        this.declarations = declarations;
        this.corrections = corrections;
        this.riskAreas = riskAreas;
    }

    @Performs(Action.OWN_HEALTH_CODE)
    @GetMapping("/health/code")
    String code(Model model) {
        long me = self();
        model.addAttribute("info", information.of(me, english()));
        model.addAttribute("formKey", UUID.randomUUID().toString());
        return "health-code";
    }

    /** The QR part alone: the page fetches it again before the token expires (htmx). */
    @Performs(Action.OWN_HEALTH_CODE)
    @GetMapping("/health/code/qr")
    String qr(Model model) {
        CodeTokens.IssuedCode issued = tokens.issueFor(self());
        model.addAttribute("svg", QrSvg.of(issued.token(), hex(issued.colour())));
        model.addAttribute("issued", issued);
        model.addAttribute("expiresAt", LocalDateTime.ofInstant(issued.expiresAt(), CITY_TIME).toLocalTime().withNano(0));
        return "health-code :: qr";
    }

    @Performs(Action.DECLARE_HEALTH)
    @PostMapping("/health/declare/health")
    String declareHealth(@RequestParam(required = false) String temperature, @RequestParam(required = false) String symptoms,
                         @RequestParam(required = false) String formKey, RedirectAttributes redirect) {
        long me = self();
        try {
            BigDecimal t;
            try {
                t = temperature == null || temperature.isBlank() ? null : new BigDecimal(temperature.trim());
            } catch (NumberFormatException e) {
                throw new InvalidStandardValue("temperature", "体温应为数字，如36.5 / a number such as 36.5");
            }
            declarations.declareHealth(me, new Declarations.HealthDeclaration(t, symptoms), formKey, users.require().username());
            redirect.addFlashAttribute("notice", english() ? "Declaration recorded." : "申报成功。");
        } catch (InvalidStandardValue e) {
            redirect.addFlashAttribute("error", e.field() + ": " + e.getMessage());
        }
        return "redirect:/health/code";
    }

    @Performs(Action.DECLARE_TRIP)
    @PostMapping("/health/declare/trip")
    String declareTrip(@RequestParam(required = false) String origin, @RequestParam(required = false) String departedAt,
                       @RequestParam(required = false) String arrivedAt, @RequestParam(required = false) String formKey, RedirectAttributes redirect) {
        long me = self();
        try {
            declarations.declareTrip(me, new Declarations.TripDeclaration(origin == null ? null : origin.trim(), local("departedAt", departedAt),
                    local("arrivedAt", arrivedAt)), formKey, users.require().username());
            redirect.addFlashAttribute("notice", english() ? "Trip declared." : "行程申报成功。");
        } catch (InvalidStandardValue e) {
            redirect.addFlashAttribute("error", e.field() + ": " + e.getMessage());
        }
        return "redirect:/health/code";
    }

    @Performs(Action.FILE_CORRECTION)
    @PostMapping("/health/correct")
    String correct(@RequestParam(required = false) String request, @RequestParam(required = false) String formKey, RedirectAttributes redirect) {
        long me = self();
        try {
            corrections.file(residency.of(me).orElseThrow(), request, formKey);
            redirect.addFlashAttribute("notice", english() ? "Correction request sent to your community." : "纠错申请已提交至所在社区。");
        } catch (InvalidStandardValue e) {
            redirect.addFlashAttribute("error", e.field() + ": " + e.getMessage());
        }
        return "redirect:/health/code";
    }

    @Performs(Action.READ_CORRECTIONS)
    @GetMapping("/health/desk")
    String desk(Model model) {
        CurrentUser user = staff();
        model.addAttribute("corrections", corrections.open(user));
        model.addAttribute("riskAreas", riskAreas.all());
        return "health-desk";
    }

    @Performs(Action.ANSWER_CORRECTION)
    @PostMapping("/health/desk/corrections/{id}")
    String answer(@PathVariable long id, @RequestParam String decision, @RequestParam(required = false) String answer,
                  @RequestParam(required = false) String voidFactId, @RequestParam(required = false) String legalReason, RedirectAttributes redirect) {
        CurrentUser user = staff();
        try {
            Long fact = voidFactId == null || voidFactId.isBlank() ? null : Long.valueOf(voidFactId.trim());
            corrections.answer(user, id, HealthApi.enumValue(Corrections.Decision.class, "decision", decision), answer, fact, legalReason);
            redirect.addFlashAttribute("notice", english() ? "Answered." : "已答复。");
        } catch (NumberFormatException e) {
            redirect.addFlashAttribute("error", "voidFactId: " + (english() ? "a fact number" : "应为事实编号"));
        } catch (InvalidStandardValue e) {
            redirect.addFlashAttribute("error", e.field() + ": " + e.getMessage());
        }
        return "redirect:/health/desk";
    }


    static String hex(CodeColour c) {
        return switch (c) {
            case GREEN -> "#1b7f3b";
            case YELLOW -> "#b58a00";
            case RED -> "#b42318";
        };
    }

    private static Instant local(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim()).atZone(CITY_TIME).toInstant();
        } catch (RuntimeException e) {
            throw new InvalidStandardValue(field, "时间格式应为 2026-11-25T08:00 / a time such as 2026-11-25T08:00");
        }
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
