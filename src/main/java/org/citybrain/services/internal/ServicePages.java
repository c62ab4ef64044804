package org.citybrain.services.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service pages (郑好办 on the phone, the portal on a desktop): services by life event and by search, a
 * service's guide with its form (drawn from the definition's JSON Schema) and its materials — those fetched from
 * shared data named with their source, so nobody is asked for a paper the city already holds — my applications and
 * each one's timeline; and the department's queue with its clocks and the review. Every form posts to the same
 * application service as the API.
 */
@Controller
class ServicePages {

    /** A choice of a select: its value and what people read. */
    record Choice(String code, String label) {
    }

    /** A form field as drawn: its input type and, for a list, its choices. */
    record Field(String name, String label, String hint, String type, List<Choice> choices, boolean required) {
    }

    /** A life event's tile: how many services it holds. */
    record Event(String code, long count) {
    }

    private final ServiceCatalogue catalogue;
    private final Applications applications;
    private final CurrentUsers users;
    private final JsonMapper json;
    private final MessageSource messages;
    private final org.citybrain.platform.pages.CityTime time;
    private final Ratings ratings;
    private final Drafts drafts;

    private final BenefitOffers benefits;

    private final DecisionLetters letters;
    private final org.citybrain.certificates.CertificateIssuer certificates;

    ServicePages(Drafts drafts, ServiceCatalogue catalogue, Applications applications, CurrentUsers users, JsonMapper json, MessageSource messages,
                 org.citybrain.platform.pages.CityTime time, Ratings ratings, BenefitOffers benefits, DecisionLetters letters,
                 org.citybrain.certificates.CertificateIssuer certificates) {
        this.certificates = certificates;
        this.letters = letters;
        this.benefits = benefits;
        this.ratings = ratings;
        this.drafts = drafts;
        this.time = time;
        this.catalogue = catalogue;
        this.applications = applications;
        this.users = users;
        this.json = json;
        this.messages = messages;
    }

    @Performs(Action.BROWSE_SERVICES)
    @GetMapping("/services")
    String services(@RequestParam(required = false) String q, @RequestParam(required = false) String event, @RequestParam(defaultValue = "0") int page,
                    Model model) {
        CurrentUser user = users.require(Action.BROWSE_SERVICES);
        List<ServiceCatalogue.Published> all = catalogue.all();
        List<Event> events = ServiceDefinition.LIFE_EVENTS.stream()
                .map(e -> new Event(e, all.stream().filter(p -> p.definition().lifeEvents().contains(e)).count())).filter(e -> e.count() > 0).toList();
        String chosen = event != null && ServiceDefinition.LIFE_EVENTS.contains(event) ? event : null;
        List<ServiceCatalogue.Published> shown = catalogue.search(q).stream().filter(p -> chosen == null || p.definition().lifeEvents().contains(chosen)).toList();
        model.addAttribute("events", events);
        model.addAttribute("event", chosen);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("services", Paged.of(shown, page, 20));
        model.addAttribute("english", english());
        model.addAttribute("mayApply", Action.APPLY_FOR_SERVICE.allows(user.roles()));
        boolean citizen = Action.APPLY_FOR_SERVICE.allows(user.roles()) && user.jurisdiction().onlySelf();
        model.addAttribute("offers", citizen ? benefits.open(user) : List.of());
        model.addAttribute("names", names());
        return "services";
    }

    @Performs(Action.BROWSE_SERVICES)
    @GetMapping("/services/{code}")
    String service(@PathVariable String code, Model model) {
        CurrentUser user = users.require(Action.BROWSE_SERVICES);
        ServiceCatalogue.Published p = catalogue.current(code);
        model.addAttribute("service", p.definition());
        model.addAttribute("english", english());
        model.addAttribute("fields", fields(p.definition()));
        model.addAttribute("mayApply", Action.APPLY_FOR_SERVICE.allows(user.roles()));
        model.addAttribute("formKey", UUID.randomUUID().toString());
        model.addAttribute("publishedAt", p.publishedAt());
        model.addAttribute("draft", Action.APPLY_FOR_SERVICE.allows(user.roles()) ? drafts.mine(user, code).orElse(null) : null);
        return "service";
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/services/{code}/draft")
    String saveDraft(@PathVariable String code, @RequestParam Map<String, String> params, RedirectAttributes redirect) {
        ServiceCatalogue.Published p = catalogue.current(code);
        drafts.save(users.require(), code, formOf(p.definition(), params));
        notice(redirect, "services.draftKept");
        return "redirect:/services/" + code + "#apply";
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/services/{code}")
    String apply(@PathVariable String code, @RequestParam Map<String, String> params, @RequestParam(defaultValue = "PC") String channel,
                 HttpServletRequest request, RedirectAttributes redirect) {
        CurrentUser user = users.require();
        ServiceCatalogue.Published p = catalogue.current(code);
        Application.Channel via = "PHONE".equals(channel) ? Application.Channel.PHONE : "KIOSK".equals(channel) ? Application.Channel.KIOSK : Application.Channel.PC;
        try {
            Application a = applications.submit(user, code, formOf(p.definition(), params), via, params.get("formKey"));
            notice(redirect, a.state() == Application.State.APPROVED ? "services.doneAtOnce" : "services.submitted");
            return "redirect:/services/applications/" + a.id();
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "apply", request, e.all(), Map.of());
            return "redirect:/services/" + code + "#apply";
        }
    }

    @Performs(Action.READ_OWN_APPLICATIONS)
    @GetMapping("/services/applications")
    String mine(@RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser me = users.require();
        int size = 20;
        model.addAttribute("zone", time.zone());
        model.addAttribute("applications", new Paged<>(applications.mine(me, Paged.firstRow(page, size), size), Math.max(0, page), size,
                applications.countMine(me)));
        model.addAttribute("names", names());
        model.addAttribute("english", english());
        return "applications";
    }

    @Performs({Action.READ_OWN_APPLICATIONS, Action.HANDLE_APPLICATIONS})
    @GetMapping("/services/applications/{id}")
    String application(@PathVariable long id, Model model) {
        CurrentUser user = users.require();
        Application a = applications.read(user, id);
        ServiceCatalogue.Published p = catalogue.version(a.serviceCode(), a.serviceVersion());
        model.addAttribute("app", a);
        model.addAttribute("service", p.definition());
        List<Step> steps = applications.steps(user, id);
        model.addAttribute("steps", steps);
        // an officer of the department sees the certificates the application issued, and may revoke one
        model.addAttribute("certificates", user.has(org.citybrain.identity.Role.SERVICE_OFFICER) ? certificates.issuedFor("svc:" + id) : List.of());
        model.addAttribute("mayRevoke", Action.REVOKE_CERTIFICATE.allows(user.roles()));
        // a citizen is sent to her wallet; an officer reads the step on the timeline
        model.addAttribute("certified", user.has(org.citybrain.identity.Role.CITIZEN) && steps.stream().anyMatch(s -> "CERTIFIED".equals(s.kind())));
        model.addAttribute("materials", materials(p.definition(), applications.materials(user, id)));
        model.addAttribute("english", english());
        model.addAttribute("number", a.number(time.zone()));
        model.addAttribute("mayReview", a.state() == Application.State.UNDER_REVIEW && Action.HANDLE_APPLICATIONS.allows(user.roles()));
        model.addAttribute("mayCorrect", a.state() == Application.State.RETURNED && Action.APPLY_FOR_SERVICE.allows(user.roles()));
        model.addAttribute("fields", fields(p.definition()));
        model.addAttribute("now", Instant.now());
        Rating rating = ratings.of(id).orElse(null);
        Rectification rectification = ratings.rectificationOf(id).orElse(null);
        model.addAttribute("rating", rating);
        model.addAttribute("rectification", rectification);
        model.addAttribute("mayRate", rating == null && a.state().finished() && Action.RATE_APPLICATION.allows(user.roles()));
        model.addAttribute("mayRectify", rectification != null && rectification.state() == Rectification.State.OPEN
                && Action.RECTIFY_POOR_RATINGS.allows(user.roles()));
        model.addAttribute("levels", RatingPages.levels(english(), messages.getMessage("services.choose", null, LocaleContextHolder.getLocale())));
        model.addAttribute("backTo", user.has(org.citybrain.identity.Role.CITIZEN) ? "/services/applications" : "/services/queue");
        return "application";
    }

    @Performs({Action.READ_OWN_APPLICATIONS, Action.HANDLE_APPLICATIONS})
    @GetMapping("/services/applications/{id}/decision.pdf")
    org.springframework.http.ResponseEntity<byte[]> decisionLetter(@PathVariable long id) {
        return org.citybrain.platform.pages.PdfAnswer.of(letters.pdf(users.require(), id), "decision-" + id);
    }

    @Performs(Action.HANDLE_APPLICATIONS)
    @PostMapping("/services/applications/{id}/review")
    String review(@PathVariable long id, @RequestParam(required = false) String decision, @RequestParam(required = false) String reason,
                  HttpServletRequest request, RedirectAttributes redirect) {
        try {
            Applications.Review d;
            try {
                d = decision == null ? null : Applications.Review.valueOf(decision);
            } catch (IllegalArgumentException e) {
                throw new InvalidStandardValue("decision", "请选择审核结果 / choose the decision");
            }
            applications.review(users.require(), id, d, reason);
            notice(redirect, "services.reviewed");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "review", request, e.all(), Map.of());
        } catch (Conflict e) {
            FormReply.flash(redirect, "review", request, List.of(new InvalidStandardValue("decision", e.getMessage())), Map.of());
        }
        return "redirect:/services/applications/" + id;
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/services/applications/{id}/correction")
    String correct(@PathVariable long id, @RequestParam Map<String, String> params, HttpServletRequest request, RedirectAttributes redirect) {
        CurrentUser user = users.require();
        Application a = applications.read(user, id);
        try {
            applications.correct(user, id, formOf(catalogue.version(a.serviceCode(), a.serviceVersion()).definition(), params));
            notice(redirect, "services.corrected");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "correct", request, e.all(), Map.of());
        }
        return "redirect:/services/applications/" + id;
    }

    @Performs(Action.HANDLE_APPLICATIONS)
    @GetMapping("/services/queue")
    String queue(@RequestParam(defaultValue = "UNDER_REVIEW") String state, @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser me = users.require();
        Application.State st;
        try {
            st = "ALL".equals(state) ? null : Application.State.valueOf(state);
        } catch (IllegalArgumentException e) {
            st = Application.State.UNDER_REVIEW;
        }
        int size = 20;
        model.addAttribute("applications", new Paged<>(applications.queue(me, st, Paged.firstRow(page, size), size), Math.max(0, page), size,
                applications.countQueue(me, st)));
        model.addAttribute("state", st == null ? "ALL" : st.name());
        model.addAttribute("states", List.of("UNDER_REVIEW", "RETURNED", "APPROVED", "REFUSED", "ALL"));
        model.addAttribute("names", names());
        model.addAttribute("english", english());
        model.addAttribute("now", Instant.now());
        model.addAttribute("unit", me.unitName());
        model.addAttribute("zone", time.zone());
        return "service-queue";
    }

    // ---- helpers ----

    /** The form's fields as inputs: a list of values as a select, numbers with a numeric keyboard, text otherwise. */
    List<Field> fields(ServiceDefinition d) {
        boolean en = english();
        List<Field> out = new ArrayList<>();
        for (ServiceDefinition.FormField f : d.fields()) {
            List<Choice> choices = new ArrayList<>();
            if (!f.choices().isEmpty()) {
                choices.add(new Choice("", messages.getMessage("services.choose", null, LocaleContextHolder.getLocale())));
                f.choices().forEach(c -> choices.add(new Choice(c, f.choice(c, en))));
            }
            String type = !choices.isEmpty() ? "choice" : f.type().equals("integer") ? "numeric" : f.type().equals("number") ? "decimal"
                    : "date".equals(f.format()) ? "date" : "text";
            out.add(new Field(f.name(), f.label(en), f.help(en), type, choices, f.required()));
        }
        return out;
    }

    /** A posted form as the schema's JSON: numbers as numbers where the schema says so (a value that is not one stays text, for the schema to refuse). */
    JsonNode formOf(ServiceDefinition d, Map<String, String> params) {
        ObjectNode form = json.createObjectNode();
        for (ServiceDefinition.FormField f : d.fields()) {
            String v = params.get(f.name());
            if (v == null || v.isBlank()) {
                continue;
            }
            v = v.strip();
            try {
                switch (f.type()) {
                    case "integer" -> form.put(f.name(), Long.parseLong(v));
                    case "number" -> form.put(f.name(), new BigDecimal(v));
                    case "boolean" -> form.put(f.name(), Boolean.parseBoolean(v));
                    default -> form.put(f.name(), v);
                }
            } catch (NumberFormatException notANumber) {
                form.put(f.name(), v);
            }
        }
        return form;
    }

    /** A material as the applicant and the reviewer see it: its name, where it came from and when, and its records. */
    record Shown(String name, String label, ServiceDefinition.Origin origin, String provider, Instant loadedAt, List<Map<String, String>> records, boolean fetched) {
    }

    private List<Shown> materials(ServiceDefinition d, List<Material> fetched) {
        boolean en = english();
        Map<String, Material> byName = new LinkedHashMap<>();
        fetched.forEach(m -> byName.put(m.name(), m));
        List<Shown> out = new ArrayList<>();
        for (ServiceDefinition.Material m : d.materials()) {
            Material f = byName.get(m.name());
            List<Map<String, String>> records = new ArrayList<>();
            if (f != null && f.data().isArray()) {
                for (JsonNode r : f.data()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    r.properties().forEach(e -> row.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString()));
                    records.add(row);
                }
            }
            out.add(new Shown(m.name(), en ? m.labelEn() : m.labelZh(), m.origin(), f == null ? null : f.provider(), f == null ? null : f.loadedAt(), records,
                    f != null));
        }
        return out;
    }

    /** Each service's name in the page's language, by code. */
    Map<String, String> names() {
        boolean en = english();
        Map<String, String> names = new LinkedHashMap<>();
        catalogue.all().forEach(p -> names.put(p.definition().code(), p.definition().name(en)));
        return names;
    }

    void notice(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute("notice", messages.getMessage(key, null, LocaleContextHolder.getLocale()));
    }

    static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
