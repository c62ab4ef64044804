package org.citybrain.community.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import java.time.LocalDateTime;
import java.time.ZoneId;
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

    private static final ZoneId CITY_TIME = ZoneId.of("Asia/Shanghai");

    private final Registrations registrations;
    private final Residency residency;
    private final CurrentUsers users;

    CommunityPages(Registrations registrations, Residency residency, CurrentUsers users) {
        this.registrations = registrations;
        this.residency = residency;
        this.users = users;
    }

    @Performs({Action.REGISTER_HOUSEHOLD, Action.REGISTER_VISIT, Action.READ_REGISTRATIONS})
    @GetMapping("/community")
    String page(Model model) {
        CurrentUser user = users.require();
        if (user.jurisdiction().onlySelf()) {
            model.addAttribute("mine", registrations.mine(user.jurisdiction().selfResidentId()));
            model.addAttribute("formKey", UUID.randomUUID().toString());
        } else {
            List<Registrations.Registration> toHandle = registrations.toHandle(user);
            java.util.Map<Long, List<Registrations.Member>> members = new java.util.HashMap<>();
            toHandle.forEach(r -> members.put(r.id(), registrations.members(r)));
            model.addAttribute("toHandle", toHandle);
            model.addAttribute("members", members);
        }
        return "community";
    }

    @Performs(Action.REGISTER_HOUSEHOLD)
    @PostMapping("/community/household")
    String household(@RequestParam(name = "name", required = false) List<String> names, @RequestParam(name = "relation", required = false) List<String> relations,
                     @RequestParam(name = "away", required = false) List<String> away, @RequestParam(required = false) String formKey,
                     RedirectAttributes redirect) {
        long me = self();
        List<Registrations.Member> members = new ArrayList<>();
        for (int i = 0; names != null && i < names.size(); i++) {
            if (!names.get(i).isBlank()) {
                String row = Integer.toString(i);
                members.add(new Registrations.Member(names.get(i).trim(), relations == null || relations.size() <= i ? null : relations.get(i),
                        away == null || !away.contains(row), null));
            }
        }
        return done(redirect, () -> registrations.registerHousehold(residency.of(me).orElseThrow(), members, formKey));
    }

    @Performs(Action.REGISTER_VISIT)
    @PostMapping("/community/visit")
    String visit(@RequestParam(required = false) String community, @RequestParam(required = false) String hostName,
                 @RequestParam(required = false) String hostAddress, @RequestParam(required = false) String purpose,
                 @RequestParam(required = false) String until, @RequestParam(required = false) String formKey, RedirectAttributes redirect) {
        long me = self();
        return done(redirect, () -> {
            java.time.Instant end;
            try {
                end = until == null || until.isBlank() ? null : LocalDateTime.parse(until).atZone(CITY_TIME).toInstant();
            } catch (RuntimeException e) {
                throw new InvalidStandardValue("until", "时间格式应为 2026-11-25T18:00 / a time such as 2026-11-25T18:00");
            }
            registrations.registerVisit(me, community == null ? null : community.trim(), hostName, hostAddress, purpose, null, end, formKey);
        });
    }

    @Performs(Action.HANDLE_REGISTRATION)
    @PostMapping("/community/registrations/{id}")
    String handle(@PathVariable long id, @RequestParam String action, @RequestParam(required = false) String correction, RedirectAttributes redirect) {
        CurrentUser user = users.require();
        return done(redirect, () -> registrations.handle(user, id, "confirm".equals(action), correction));
    }

    private String done(RedirectAttributes redirect, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? "Saved." : "已提交。");
        } catch (InvalidStandardValue e) {
            redirect.addFlashAttribute("error", e.field() + ": " + e.getMessage());
        }
        return "redirect:/community";
    }

    private long self() {
        return users.requireCitizen();
    }

}
