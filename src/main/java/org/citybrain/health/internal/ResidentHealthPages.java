package org.citybrain.health.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.citybrain.health.CodeColour;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.population.Residency;
import org.citybrain.standards.IdNumber;
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
 * Staff pages over one resident's health, on the same {@link ResidentHealthDesk} as the API: her code, its changes
 * and facts, and the acts her reader's role allows (quarantine order or close contact, test result, manual colour
 * with its legal reason, voiding a wrong fact). And the hospital's page: a test result for whoever was tested, found
 * by ID number, confirmed against the masked name before it is recorded.
 */
@Controller
class ResidentHealthPages {

    private final CurrentUsers users;
    private final ResidentHealthDesk desk;
    private final Residency residency;
    private final CityTime time;
    private final MessageSource messages;

    ResidentHealthPages(CurrentUsers users, ResidentHealthDesk desk, Residency residency, CityTime time, MessageSource messages) {
        this.users = users;
        this.desk = desk;
        this.residency = residency;
        this.time = time;
        this.messages = messages;
    }

    @Performs(Action.READ_RESIDENT_HEALTH)
    @GetMapping("/health/residents/{residentId}")
    String resident(@PathVariable long residentId, @org.springframework.web.bind.annotation.RequestHeader(value = "HX-Request", required = false) String htmx,
                    Model model) {
        CurrentUser user = users.require();
        HealthInformation.View info = desk.information(user, residentId, english());
        model.addAttribute("info", info);
        model.addAttribute("person", residency.of(residentId).orElseThrow());
        model.addAttribute("mayOrder", Action.ISSUE_HEALTH_ORDER.allows(user.roles()));
        model.addAttribute("mayTest", Action.RECORD_TEST_RESULT.allows(user.roles()));
        model.addAttribute("mayColour", Action.SET_MANUAL_COLOUR.allows(user.roles()));
        model.addAttribute("mayVoid", Action.VOID_FACT.allows(user.roles()));
        model.addAttribute("readsResidents", Action.READ_RESIDENTS.allows(user.roles()));
        model.addAttribute("formKey", java.util.UUID.randomUUID().toString());
        // The resident's own page (population) shows this summary in place: her code, why, and the way to act on it.
        return htmx != null ? "resident-health :: summary" : "resident-health";
    }

    @Performs(Action.ISSUE_HEALTH_ORDER)
    @PostMapping("/health/residents/{residentId}/orders")
    String order(@PathVariable long residentId, @RequestParam(required = false) String kind, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String until, @RequestParam(required = false) String legalReason,
                 @RequestParam(required = false) String formKey, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            AuthorityActs.OrderKind k = HealthApi.enumValue(AuthorityActs.OrderKind.class, "kind", kind);
            if (k == AuthorityActs.OrderKind.TEST_RESULT) {
                throw new InvalidStandardValue("kind", "请选择隔离令或密接判定 / choose a quarantine order or a close contact");
            }
            if (legalReason == null || legalReason.isBlank()) {
                throw new InvalidStandardValue("legalReason", "请写明法律依据 / state the legal reason");
            }
            desk.order(users.require(), residentId, new AuthorityActs.Order(k, time.parseInput("from", from),
                    time.parseInput("until", until), null, legalReason), formKey);
            notice(redirect, k == AuthorityActs.OrderKind.QUARANTINE_ORDER ? "health.ordered" : "health.contactRecorded");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "order", request, e, Map.of());
        }
        return "redirect:/health/residents/" + residentId;
    }

    @Performs(Action.RECORD_TEST_RESULT)
    @PostMapping("/health/residents/{residentId}/tests")
    String test(@PathVariable long residentId, @RequestParam(required = false) String result, @RequestParam(required = false) String sampledAt,
                @RequestParam(required = false) String formKey, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            recordTest(residentId, result, sampledAt, formKey);
            notice(redirect, "health.testRecorded");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "test", request, e, Map.of("from", "sampledAt"));
        }
        return "redirect:/health/residents/" + residentId;
    }

    @Performs(Action.SET_MANUAL_COLOUR)
    @PostMapping("/health/residents/{residentId}/colour")
    String colour(@PathVariable long residentId, @RequestParam(required = false) String colour, @RequestParam(required = false) String until,
                  @RequestParam(required = false) String legalReason, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            desk.setColour(users.require(), residentId, HealthApi.enumValue(CodeColour.class, "colour", colour), time.parseInput("until", until), legalReason);
            notice(redirect, "health.colourSet");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "colour", request, e, Map.of());
        }
        return "redirect:/health/residents/" + residentId;
    }

    @Performs(Action.VOID_FACT)
    @PostMapping("/health/residents/facts/{factId}/void")
    String voidFact(@PathVariable long factId, @RequestParam(required = false) String legalReason, HttpServletRequest request,
                    RedirectAttributes redirect) {
        try {
            HealthCodeBook.Code code = desk.voidFact(users.require(), factId, legalReason);
            notice(redirect, "health.factVoided");
            return "redirect:/health/residents/" + code.residentId();
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "void", request, e, Map.of());
            String back = org.citybrain.platform.pages.PageLinks.cameFrom(request);
            return "redirect:" + (back == null ? "/residents" : back);
        }
    }

    // ---- the hospital's test results: whoever was tested, found by ID number ----

    @Performs(Action.RECORD_TEST_RESULT)
    @GetMapping("/health/tests")
    String tests(Model model) {
        users.require(Action.RECORD_TEST_RESULT);
        model.addAttribute("now", time.inputValue(Instant.now()));
        return "health-tests";
    }

    /** First step: the person found by her ID number, shown masked with the result, for the nurse to confirm. */
    @Performs(Action.RECORD_TEST_RESULT)
    @PostMapping("/health/tests")
    String checkTest(@RequestParam(required = false) String idNumber, @RequestParam(required = false) String result,
                     @RequestParam(required = false) String sampledAt, HttpServletRequest request, Model model, RedirectAttributes redirect) {
        users.require(Action.RECORD_TEST_RESULT);
        try {
            Residency.Residence person = person(idNumber);
            if (!"NEGATIVE".equals(result) && !"POSITIVE".equals(result)) {
                throw new InvalidStandardValue("result", "请选择检测结果 / choose the result");
            }
            Instant at = time.requiredInput("sampledAt", sampledAt, "请填写采样时间 / enter when the sample was taken");
            Map<String, String> hidden = new LinkedHashMap<>();
            hidden.put("residentId", Long.toString(person.residentId()));
            hidden.put("result", result);
            hidden.put("sampledAt", sampledAt);
            // One key per confirmation page: pressing "record" twice records the result once.
            hidden.put("formKey", java.util.UUID.randomUUID().toString());
            model.addAttribute("title", message("health.tests.confirmTitle"));
            model.addAttribute("rows", List.of(
                    new ConfirmRow(message("residents.name"), person.maskedName()),
                    new ConfirmRow(message("residents.idNumber"), person.maskedIdNumber()),
                    new ConfirmRow(message("health.result"), message("tag.result." + result)),
                    new ConfirmRow(message("health.sampledAt"), time.human(at))));
            model.addAttribute("action", "/health/tests/confirm");
            model.addAttribute("hidden", hidden);
            model.addAttribute("confirmLabel", message("health.tests.confirm"));
            model.addAttribute("backHref", "/health/tests");
            return "confirm";
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "test-result", request, e, Map.of());
            return "redirect:/health/tests";
        }
    }

    @Performs(Action.RECORD_TEST_RESULT)
    @PostMapping("/health/tests/confirm")
    String confirmTest(@RequestParam long residentId, @RequestParam(required = false) String result, @RequestParam(required = false) String sampledAt,
                       @RequestParam(required = false) String formKey, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            recordTest(residentId, result, sampledAt, formKey);
            Residency.Residence person = residency.of(residentId).orElseThrow();
            redirect.addFlashAttribute("notice", messages.getMessage("health.tests.recorded",
                    new Object[]{person.maskedName(), message("tag.result." + result)}, LocaleContextHolder.getLocale()));
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "test-result", request, e, Map.of("from", "sampledAt"));
        }
        return "redirect:/health/tests";
    }

    /** One line of a confirmation page. */
    record ConfirmRow(String label, String value) {
    }

    private void recordTest(long residentId, String result, String sampledAt, String formKey) {
        desk.order(users.require(), residentId, new AuthorityActs.Order(AuthorityActs.OrderKind.TEST_RESULT,
                time.parseInput("sampledAt", sampledAt), null, result, null), formKey);
    }

    private Residency.Residence person(String idNumber) {
        if (idNumber == null || idNumber.isBlank()) {
            throw new InvalidStandardValue("idNumber", "请填写受检者的身份证号 / enter the ID number of the person tested");
        }
        IdNumber id;
        try {
            id = IdNumber.parse(idNumber);
        } catch (InvalidStandardValue e) {
            throw new InvalidStandardValue("idNumber", e.getMessage());
        }
        return residency.of(id).orElseThrow(() -> new InvalidStandardValue("idNumber",
                "本市没有该身份证号的居民，请核对 / no resident of this city has that ID number: check it"));
    }

    private void notice(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute("notice", message(key));
    }

    private String message(String key) {
        return messages.getMessage(key, null, LocaleContextHolder.getLocale());
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
