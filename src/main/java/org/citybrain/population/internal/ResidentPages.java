package org.citybrain.population.internal;

import org.citybrain.city.Divisions;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.population.AccessPurpose;
import org.citybrain.population.Resident;
import org.citybrain.population.ResidentDirectory;
import org.citybrain.population.ResidentPage;
import org.citybrain.population.ResidentQuery;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The residents pages for staff (search, detail) and the citizen's own page (my record, who read it). */
@Controller
class ResidentPages {

    private final ResidentDirectory directory;
    private final CurrentUsers users;
    private final AuditTrail audit;
    private final Divisions divisions;

    ResidentPages(ResidentDirectory directory, CurrentUsers users, AuditTrail audit, Divisions divisions) {
        this.directory = directory;
        this.users = users;
        this.audit = audit;
        this.divisions = divisions;
    }

    @Performs({Action.READ_RESIDENTS, Action.READ_OWN_RECORD})
    @GetMapping("/residents")
    String search(@RequestParam(required = false) String name, @RequestParam(required = false) String community,
                  @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) AccessPurpose purpose,
                  @RequestHeader(value = "HX-Request", required = false) String htmx, jakarta.servlet.http.HttpServletRequest request, Model model) {
        CurrentUser user = users.require();
        if (user.jurisdiction().onlySelf()) {
            return "redirect:/me";
        }
        AccessPurpose why = purpose == null ? AccessPurpose.defaultFor(user.roles()) : purpose;
        model.addAttribute("jurisdiction", user.jurisdiction().division().value());
        int size = 20;
        String communityCode = null;
        boolean unknownPlace = false;
        if (community != null && !community.isBlank()) {
            try {
                communityCode = divisions.resolve("community", community, Divisions.Scope.ANY).code();
            } catch (org.citybrain.standards.InvalidStandardValue e) {
                // A place nobody has: the form says so at its field, with nothing found.
                model.addAttribute("reply", org.citybrain.platform.pages.FormReply.refused("resident-search", request, e, java.util.Map.of()));
                unknownPlace = true;
            }
        }
        ResidentPage found = unknownPlace ? new ResidentPage(java.util.List.of(), 0, 0, size)
                : directory.search(new ResidentQuery(name, communityCode, org.citybrain.platform.pages.Paged.firstRow(page, size), size), why);
        model.addAttribute("page", new org.citybrain.platform.pages.Paged<>(found.residents(), Math.max(0, page), size, found.total()));
        model.addAttribute("name", name);
        model.addAttribute("community", community);
        model.addAttribute("purpose", why);
        model.addAttribute("purposes", AccessPurpose.forStaff());
        model.addAttribute("mayReveal", RevealPolicy.refusal(user) == null);
        return htmx != null ? "residents :: results" : "residents";
    }

    @Performs({Action.READ_RESIDENTS, Action.READ_OWN_RECORD})
    @GetMapping("/residents/{id}")
    String detail(@PathVariable long id, @RequestParam(required = false) AccessPurpose purpose,
                  @RequestParam(defaultValue = "false") boolean reveal, @RequestParam(required = false) String reason,
                  jakarta.servlet.http.HttpServletRequest request, Model model) {
        CurrentUser user = users.require();
        AccessPurpose why = purpose == null ? AccessPurpose.defaultFor(user.roles()) : purpose;
        Resident resident;
        try {
            resident = directory.get(id, why, reveal, reason);
        } catch (org.citybrain.standards.InvalidStandardValue e) {
            // A reveal without its reason: the masked record, with the reason asked for at its field.
            model.addAttribute("reply", org.citybrain.platform.pages.FormReply.refused("reveal", request, e, java.util.Map.of()));
            resident = directory.get(id, why, false, null);
        }
        model.addAttribute("resident", resident);
        model.addAttribute("purpose", why);
        model.addAttribute("mayReveal", RevealPolicy.refusal(user) == null && !user.jurisdiction().onlySelf());
        model.addAttribute("readsHealth", Action.READ_RESIDENT_HEALTH.allows(user.roles()));
        model.addAttribute("readsChain", Action.READ_PERSON_CHAIN.allows(user.roles()));
        return "resident";
    }

    @Performs(Action.READ_OWN_RECORD)
    @GetMapping("/me")
    String me(Model model) {
        CurrentUser user = users.require();
        if (!user.jurisdiction().onlySelf()) {
            return "redirect:/";
        }
        long self = user.jurisdiction().selfResidentId();
        model.addAttribute("resident", directory.get(self, AccessPurpose.SELF_SERVICE, true, null));
        model.addAttribute("accessLog", audit.about(PersonalDataAccess.residentSubject(self), 50));
        return "me";
    }

}
