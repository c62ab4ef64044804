package org.citybrain.community.internal;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.citybrain.city.Divisions;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.platform.pages.FormReply;
import org.springframework.context.MessageSource;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
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

/** One page: citizens register their household and visits; community workers confirm or correct what was registered. */
@Controller
class CommunityPages {

    private final Registrations registrations;
    private final Residency residency;
    private final CurrentUsers users;
    private final Divisions divisions;
    private final CityTime time;
    private final MessageSource messages;

    CommunityPages(Registrations registrations, Residency residency, CurrentUsers users, Divisions divisions, CityTime time, MessageSource messages) {
        this.registrations = registrations;
        this.residency = residency;
        this.users = users;
        this.divisions = divisions;
        this.time = time;
        this.messages = messages;
    }

    @Performs({Action.REGISTER_HOUSEHOLD, Action.REGISTER_VISIT, Action.READ_REGISTRATIONS})
    @GetMapping("/community")
    String page(@RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser user = users.require();
        if (user.jurisdiction().onlySelf()) {
            model.addAttribute("mine", registrations.mine(user.jurisdiction().selfResidentId()));
            model.addAttribute("formKey", UUID.randomUUID().toString());
        } else {
            org.citybrain.platform.pages.Paged<Registrations.Registration> toHandle =
                    org.citybrain.platform.pages.Paged.of(registrations.toHandle(user), page, 20);
            java.util.Map<Long, List<Registrations.Member>> members = new java.util.HashMap<>();
            toHandle.items().forEach(r -> members.put(r.id(), registrations.members(r)));
            model.addAttribute("toHandle", toHandle);
            model.addAttribute("members", members);
        }
        return "community";
    }

    @Performs(Action.REGISTER_HOUSEHOLD)
    @PostMapping("/community/household")
    String household(@RequestParam(name = "name", required = false) List<String> names, @RequestParam(name = "relation", required = false) List<String> relations,
                     @RequestParam(name = "away", required = false) List<String> away, @RequestParam(required = false) String formKey,
                     HttpServletRequest request, RedirectAttributes redirect) {
        long me = self();
        List<Registrations.Member> members = new ArrayList<>();
        for (int i = 0; names != null && i < names.size(); i++) {
            if (!names.get(i).isBlank()) {
                String row = Integer.toString(i);
                members.add(new Registrations.Member(names.get(i).trim(), relations == null || relations.size() <= i ? null : relations.get(i),
                        away == null || !away.contains(row), null));
            }
        }
        return done(redirect, "household", request, Map.of(), () -> registrations.registerHousehold(residency.of(me).orElseThrow(), members, formKey));
    }

    @Performs(Action.REGISTER_VISIT)
    @PostMapping("/community/visit")
    String visit(@RequestParam(required = false) String community, @RequestParam(required = false) String hostName,
                 @RequestParam(required = false) String hostAddress, @RequestParam(required = false) String purpose,
                 @RequestParam(required = false) String until, @RequestParam(required = false) String formKey,
                 HttpServletRequest request, RedirectAttributes redirect) {
        long me = self();
        return done(redirect, "visit", request, Map.of("communityCode", "community", "divisionCode", "community"), () -> {
            String code = divisions.resolve("community", community, Divisions.Scope.COMMUNITY).code();
            registrations.registerVisit(me, code, hostName, hostAddress, purpose, null, time.parseInput("until", until), formKey);
        });
    }

    @Performs(Action.HANDLE_REGISTRATION)
    @PostMapping("/community/registrations/{id}")
    String handle(@PathVariable long id, @RequestParam(required = false) String action, @RequestParam(required = false) String correction,
                  HttpServletRequest request, RedirectAttributes redirect) {
        CurrentUser user = users.require();
        return done(redirect, "registration-" + id, request, Map.of(), () -> registrations.handle(user, id, "confirm".equals(action), correction));
    }

    /** Runs a form's action; a refusal goes back to the form with its field named and the typed values kept. */
    private String done(RedirectAttributes redirect, String form, HttpServletRequest request, Map<String, String> fields, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", messages.getMessage("community.saved", null, LocaleContextHolder.getLocale()));
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, form, request, e, fields);
        }
        return "redirect:/community";
    }

    private long self() {
        return users.requireCitizen();
    }

}
