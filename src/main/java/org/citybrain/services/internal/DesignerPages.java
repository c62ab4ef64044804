package org.citybrain.services.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.datahub.SharedData;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The designer (事项设计): an officer adds a service of her department, or a new version of one, without code — the
 * guide's facts, the form's fields, the materials (supplied, or fetched from a dataset her department may read), the
 * rule table (kept, or the department's review) and the workflow from templates — previews it as the citizen will
 * see it, and publishes it. Publishing checks the definition whole (the same check as the API's), and a refusal comes
 * back to the editor with every problem at the top and everything typed kept. Applications in flight finish on the
 * version they started on.
 */
@Controller
class DesignerPages {

    private final ServiceCatalogue catalogue;
    private final ServicePages servicePages;
    private final SharedData shared;
    private final CurrentUsers users;
    private final MessageSource messages;
    private final JsonMapper json;

    DesignerPages(ServiceCatalogue catalogue, ServicePages servicePages, SharedData shared, CurrentUsers users, MessageSource messages, JsonMapper json) {
        this.catalogue = catalogue;
        this.servicePages = servicePages;
        this.shared = shared;
        this.users = users;
        this.messages = messages;
        this.json = json;
    }

    @Performs(Action.PUBLISH_SERVICE)
    @GetMapping("/services/designer")
    String designs(Model model) {
        CurrentUser officer = users.require(Action.PUBLISH_SERVICE);
        boolean en = english();
        List<ServicePages.Choice> mine = catalogue.all().stream().filter(p -> p.definition().department().equals(officer.unitName()))
                .map(p -> new ServicePages.Choice(p.definition().code(), p.definition().name(en) + " · " + messages.getMessage("services.versionOf",
                        new Object[] {p.definition().version()}, LocaleContextHolder.getLocale()))).toList();
        model.addAttribute("services", mine);
        model.addAttribute("unit", officer.unitName());
        return "service-designs";
    }

    @Performs(Action.PUBLISH_SERVICE)
    @GetMapping("/services/designer/{code}")
    String editor(@PathVariable String code, Model model) {
        CurrentUser officer = users.require(Action.PUBLISH_SERVICE);
        JsonNode base = base(officer, code);
        Map<String, String> values = ServiceDesign.valuesOf(base);
        List<String> events = new ArrayList<>();
        base.path("lifeEvents").forEach(e -> events.add(e.asString()));
        return editorPage(model, officer, code, values, events, FormReply.NONE);
    }

    @Performs(Action.PUBLISH_SERVICE)
    @PostMapping("/services/designer/{code}")
    String design(@PathVariable String code, @RequestParam MultiValueMap<String, String> params, HttpServletRequest request, Model model,
                  RedirectAttributes redirect) {
        CurrentUser officer = users.require(Action.PUBLISH_SERVICE);
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!k.equals("_csrf") && !k.equals("lifeEvents") && !k.equals("step") && !v.isEmpty()) {
                values.put(k, v.getFirst());
            }
        });
        List<String> events = params.getOrDefault("lifeEvents", List.of());
        String step = params.getFirst("step");
        if ("addField".equals(step) || "addMaterial".equals(step) || "addRule".equals(step)) {
            String rows = step.equals("addField") ? "fieldRows" : step.equals("addRule") ? "ruleRows" : "materialRows";
            values.put(rows, String.valueOf(ServiceDesign.rows(values, rows) + 1));
            return editorPage(model, officer, code, values, events, FormReply.NONE);
        }
        if ("edit".equals(step)) {
            return editorPage(model, officer, code, values, events, FormReply.NONE);
        }
        ObjectNode d = ServiceDesign.definitionOf(values, events, code.equals("new") ? null : base(officer, code), officer.unitName(),
                ServiceCatalogue.resource("/services/definitions/review-template.dmn"), json);
        if (!code.equals("new")) {
            d.put("code", code); // a new version keeps its code
        }
        // the rows' own problems first, each on its row: the table built from a wrong row would only say "the table"
        List<InvalidStandardValue> rowProblems = "ROWS".equals(values.get("rules"))
                ? DesignedRules.ofPage(values, ServiceDesign.rows(values, "ruleRows")).problems(d.path("form")) : List.of();
        if (!rowProblems.isEmpty()) {
            return editorPage(model, officer, code, values, events, refused(request, rowProblems));
        }
        if ("publish".equals(step)) {
            try {
                ServiceCatalogue.Published p = catalogue.publish(officer, d);
                redirect.addFlashAttribute("notice", messages.getMessage("services.designPublished", new Object[] {p.definition().version()},
                        LocaleContextHolder.getLocale()));
                return "redirect:/services/" + p.definition().code();
            } catch (InvalidStandardValue e) {
                return editorPage(model, officer, code, values, events, refused(request, e.all()));
            }
        }
        List<InvalidStandardValue> problems = catalogue.problems(d);
        if (!problems.isEmpty()) {
            return editorPage(model, officer, code, values, events, refused(request, problems));
        }
        ServiceDefinition preview = ServiceDefinition.of(d.deepCopy().put("version", 0));
        model.addAttribute("service", preview);
        model.addAttribute("fields", servicePages.fields(preview));
        model.addAttribute("english", english());
        model.addAttribute("values", values);
        model.addAttribute("events", events);
        model.addAttribute("code", code);
        return "service-designer-preview";
    }

    private FormReply refused(HttpServletRequest request, List<InvalidStandardValue> problems) {
        List<InvalidStandardValue> onFields = problems.stream().map(p -> new InvalidStandardValue(ServiceDesign.fieldOf(p.field()), p.getMessage())).toList();
        return FormReply.refused("design", request, onFields, Map.of());
    }

    private String editorPage(Model model, CurrentUser officer, String code, Map<String, String> values, List<String> events, FormReply reply) {
        boolean en = english();
        model.addAttribute("code", code);
        model.addAttribute("isNew", code.equals("new"));
        model.addAttribute("values", values);
        model.addAttribute("fieldRows", ServiceDesign.rows(values, "fieldRows"));
        model.addAttribute("materialRows", ServiceDesign.rows(values, "materialRows"));
        model.addAttribute("ruleRows", ServiceDesign.rows(values, "ruleRows"));
        java.util.Locale locale = LocaleContextHolder.getLocale();
        List<ServicePages.Choice> tested = new ArrayList<>(List.of(new ServicePages.Choice("", messages.getMessage("services.ruleAlways", null, locale)),
                new ServicePages.Choice(DesignedRules.AGE, messages.getMessage("services.ruleAge", null, locale))));
        for (int i = 0; i < ServiceDesign.rows(values, "fieldRows"); i++) {
            String name = values.getOrDefault("f" + i + ".name", "").strip();
            if (!name.isEmpty()) {
                tested.add(new ServicePages.Choice(name, values.getOrDefault("f" + i + (en ? ".labelEn" : ".labelZh"), name) + " (" + name + ")"));
            }
        }
        model.addAttribute("ruleFields", tested);
        model.addAttribute("ruleOps", DesignedRules.OPS.stream().map(o -> new ServicePages.Choice(o, o)).toList());
        List<ServicePages.Choice> outcomes = new ArrayList<>(List.of(new ServicePages.Choice("", messages.getMessage("services.choose", null, locale))));
        DesignedRules.OUTCOMES.forEach(o -> outcomes.add(new ServicePages.Choice(o, messages.getMessage("services.outcome." + o, null, locale))));
        model.addAttribute("ruleOutcomes", outcomes);
        model.addAttribute("types", ServiceDesign.TYPES.stream().map(t -> new ServicePages.Choice(t, messages.getMessage("services.fieldType." + t, null,
                LocaleContextHolder.getLocale()))).toList());
        List<ServicePages.Choice> datasets = new ArrayList<>(List.of(new ServicePages.Choice("", messages.getMessage("services.choose", null,
                LocaleContextHolder.getLocale()))));
        shared.readableBy(officer.unitName()).forEach(r -> datasets.add(new ServicePages.Choice(r.datasetId(), (en ? r.titleEn() : r.titleZh()) + " · " + r.ownerUnit())));
        model.addAttribute("datasets", datasets);
        Map<String, String> eventNames = new LinkedHashMap<>();
        ServiceDefinition.LIFE_EVENTS.forEach(e -> eventNames.put(e, messages.getMessage("services.event." + e, null, LocaleContextHolder.getLocale())));
        model.addAttribute("lifeEvents", eventNames);
        model.addAttribute("events", events);
        model.addAttribute("unit", officer.unitName());
        if (reply != FormReply.NONE) {
            model.addAttribute("reply", reply);
        }
        return "service-designer";
    }

    /** The version a new one starts from: the current one of her department's service, or a new service's defaults. */
    private JsonNode base(CurrentUser officer, String code) {
        if (code.equals("new")) {
            ObjectNode d = json.createObjectNode();
            d.put("category", "PERSONAL").put("promisedDays", 5).put("legalDays", 20).put("fee", 0);
            d.set("workflow", json.createObjectNode().put("template", "REVIEW"));
            return d;
        }
        ServiceCatalogue.Published p = catalogue.current(code);
        if (!p.definition().department().equals(officer.unitName())) {
            throw new Forbidden("code", "只能设计本部门的事项 / you design only your own department's services");
        }
        return p.definition().source();
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
