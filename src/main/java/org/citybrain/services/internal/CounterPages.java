package org.citybrain.services.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.platform.pages.Paged;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The counter's pages (窗口): identify the walk-in citizen (her ID number, or the card on the reader), see her drafts
 * and find the service she came for by name, fill its form with her (prefilled from her draft), tick her consent,
 * submit, print the receipt. Each page names the visit, never the citizen's number.
 */
@Controller
class CounterPages {

    private final CounterVisits visits;
    private final ServiceCatalogue catalogue;
    private final ServicePages servicePages;
    private final Applications applications;
    private final CurrentUsers users;
    private final org.citybrain.platform.pages.CityTime time;

    CounterPages(CounterVisits visits, ServiceCatalogue catalogue, ServicePages servicePages, Applications applications, CurrentUsers users,
                 org.citybrain.platform.pages.CityTime time) {
        this.visits = visits;
        this.catalogue = catalogue;
        this.servicePages = servicePages;
        this.applications = applications;
        this.users = users;
        this.time = time;
    }

    @Performs(Action.SERVE_AT_COUNTER)
    @GetMapping("/services/counter")
    String counter(Model model) {
        users.require(Action.SERVE_AT_COUNTER);
        return "counter";
    }

    @Performs(Action.SERVE_AT_COUNTER)
    @PostMapping("/services/counter/visits")
    String begin(@RequestParam(required = false) String idNumber, @RequestParam(required = false) String card, HttpServletRequest request,
                 RedirectAttributes redirect) {
        CurrentUser clerk = users.require();
        try {
            CounterVisits.Visit v = visits.begin(clerk, card != null ? null : idNumber == null ? "" : idNumber);
            return "redirect:/services/counter/visits/" + v.id();
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "identify", request, e.all(), Map.of());
        } catch (NotFound e) {
            FormReply.flash(redirect, "identify", request, List.of(new InvalidStandardValue("idNumber", e.getMessage())), Map.of());
        }
        return "redirect:/services/counter";
    }

    @Performs(Action.SERVE_AT_COUNTER)
    @GetMapping("/services/counter/visits/{id}")
    String visit(@PathVariable String id, @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model,
                 RedirectAttributes redirect) {
        CurrentUser clerk = users.require();
        CounterVisits.Visit v = open(clerk, id, redirect);
        if (v == null) {
            return "redirect:/services/counter";
        }
        boolean en = ServicePages.english();
        model.addAttribute("visit", v);
        model.addAttribute("drafts", visits.drafts(clerk, v).stream()
                .map(d -> new ServicePages.Choice(d.serviceCode(), catalogue.current(d.serviceCode()).definition().name(en))).toList());
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("services", Paged.of(catalogue.search(q), page, 20));
        model.addAttribute("english", en);
        return "counter-visit";
    }

    @Performs(Action.SERVE_AT_COUNTER)
    @GetMapping("/services/counter/visits/{id}/services/{code}")
    String form(@PathVariable String id, @PathVariable String code, Model model, RedirectAttributes redirect) {
        CurrentUser clerk = users.require();
        CounterVisits.Visit v = open(clerk, id, redirect);
        if (v == null) {
            return "redirect:/services/counter";
        }
        ServiceCatalogue.Published p = catalogue.current(code);
        model.addAttribute("visit", v);
        model.addAttribute("service", p.definition());
        model.addAttribute("fields", servicePages.fields(p.definition()));
        model.addAttribute("draft", visits.drafts(clerk, v).stream().filter(d -> d.serviceCode().equals(code)).findFirst().orElse(null));
        model.addAttribute("formKey", UUID.randomUUID().toString());
        model.addAttribute("english", ServicePages.english());
        return "counter-service";
    }

    @Performs(Action.SERVE_AT_COUNTER)
    @PostMapping("/services/counter/visits/{id}/services/{code}")
    String submit(@PathVariable String id, @PathVariable String code, @RequestParam Map<String, String> params, HttpServletRequest request,
                  RedirectAttributes redirect) {
        CurrentUser clerk = users.require();
        ServiceCatalogue.Published p = catalogue.current(code);
        try {
            Application a = visits.submit(clerk, id, code, servicePages.formOf(p.definition(), params), params.containsKey("consent"), params.get("formKey"));
            servicePages.notice(redirect, "counter.submitted");
            return "redirect:/services/counter/receipts/" + a.id() + "?visit=" + id;
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "counter", request, e.all(), Map.of());
            return "redirect:/services/counter/visits/" + id + "/services/" + code;
        } catch (Conflict ended) {
            servicePages.notice(redirect, "counter.ended");
            return "redirect:/services/counter";
        }
    }

    @Performs(Action.SERVE_AT_COUNTER)
    @PostMapping("/services/counter/visits/{id}/end")
    String end(@PathVariable String id, RedirectAttributes redirect) {
        visits.end(users.require(), id);
        servicePages.notice(redirect, "counter.endedByClerk");
        return "redirect:/services/counter";
    }

    /** The clerk's open visit; null (with the notice that it ended) when it is over. */
    private CounterVisits.Visit open(CurrentUser clerk, String id, RedirectAttributes redirect) {
        try {
            return visits.require(clerk, id);
        } catch (Conflict ended) {
            servicePages.notice(redirect, "counter.ended");
            return null;
        }
    }

    /** The receipt (受理回执) to print and hand over: the case number, what was applied for, when it is promised, who served her. */
    @Performs(Action.SERVE_AT_COUNTER)
    @GetMapping("/services/counter/receipts/{applicationId}")
    String receipt(@PathVariable long applicationId, @RequestParam(required = false) String visit, Model model) {
        CurrentUser clerk = users.require(Action.SERVE_AT_COUNTER);
        Application a = applications.read(clerk, applicationId);
        model.addAttribute("app", a);
        model.addAttribute("service", catalogue.version(a.serviceCode(), a.serviceVersion()).definition());
        model.addAttribute("number", a.number(time.zone()));
        model.addAttribute("clerk", clerk.displayName());
        model.addAttribute("visit", visit);
        model.addAttribute("english", ServicePages.english());
        return "counter-receipt";
    }
}
