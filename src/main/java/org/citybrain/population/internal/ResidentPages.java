package org.citybrain.population.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import org.citybrain.audit.AuditTrail;
import org.citybrain.audit.PersonalDataAccess;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.population.AccessPurpose;
import org.citybrain.population.ResidentDirectory;
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

    ResidentPages(ResidentDirectory directory, CurrentUsers users, AuditTrail audit) {
        this.directory = directory;
        this.users = users;
        this.audit = audit;
    }

    @Performs({Action.READ_RESIDENTS, Action.READ_OWN_RECORD})
    @GetMapping("/residents")
    String search(@RequestParam(required = false) String name, @RequestParam(required = false) String community,
                  @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "COMMUNITY_SERVICE") AccessPurpose purpose,
                  @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        CurrentUser user = users.require();
        model.addAttribute("jurisdiction", user.jurisdiction().onlySelf() ? null : user.jurisdiction().division().value());
        model.addAttribute("page", directory.search(new ResidentQuery(name, community, Math.max(0, offset), 20), purpose));
        model.addAttribute("name", name);
        model.addAttribute("community", community);
        model.addAttribute("purpose", purpose);
        model.addAttribute("purposes", AccessPurpose.values());
        return htmx != null ? "residents :: results" : "residents";
    }

    @Performs({Action.READ_RESIDENTS, Action.READ_OWN_RECORD})
    @GetMapping("/residents/{id}")
    String detail(@PathVariable long id, @RequestParam(defaultValue = "COMMUNITY_SERVICE") AccessPurpose purpose,
                  @RequestParam(defaultValue = "false") boolean reveal, Model model) {
        model.addAttribute("resident", directory.get(id, purpose, reveal));
        model.addAttribute("purpose", purpose);
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
        model.addAttribute("resident", directory.get(self, AccessPurpose.SELF_SERVICE, true));
        model.addAttribute("accessLog", audit.about(PersonalDataAccess.residentSubject(self), 50));
        return "me";
    }

}
