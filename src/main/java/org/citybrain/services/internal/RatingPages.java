package org.citybrain.services.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.pages.CityTime;
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

/**
 * 好差评 on the pages: the citizen rates a finished application on its own page; the department's rectifications
 * are listed by due date, each answered on the application's page, where the citizen reads the answer.
 */
@Controller
class RatingPages {

    private final Ratings ratings;
    private final ServiceCatalogue catalogue;
    private final CurrentUsers users;
    private final MessageSource messages;
    private final CityTime time;

    RatingPages(Ratings ratings, ServiceCatalogue catalogue, CurrentUsers users, MessageSource messages, CityTime time) {
        this.ratings = ratings;
        this.catalogue = catalogue;
        this.users = users;
        this.messages = messages;
        this.time = time;
    }

    /** The five levels as the rating form offers them, best first, after a "choose" prompt. */
    static List<ServicePages.Choice> levels(boolean english, String choose) {
        List<ServicePages.Choice> out = new ArrayList<>(List.of(new ServicePages.Choice("", choose)));
        for (Rating.Level l : Rating.Level.values()) {
            out.add(new ServicePages.Choice(String.valueOf(l.value), english ? l.en : l.zh));
        }
        return out;
    }

    @Performs(Action.RATE_APPLICATION)
    @PostMapping("/services/applications/{id}/rating")
    String rate(@PathVariable long id, @RequestParam(required = false) String level, @RequestParam(required = false) String comment,
                HttpServletRequest request, RedirectAttributes redirect) {
        try {
            Integer value = level == null || level.isBlank() ? null : parse(level);
            Rating r = ratings.rate(users.require(), id, value, comment);
            notice(redirect, r.poor() ? "services.ratedPoor" : "services.rated");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "rate", request, e.all(), Map.of());
        } catch (Conflict e) {
            FormReply.flash(redirect, "rate", request, List.of(new InvalidStandardValue("level", e.getMessage())), Map.of());
        }
        return "redirect:/services/applications/" + id + "#rate";
    }

    @Performs(Action.RECTIFY_POOR_RATINGS)
    @GetMapping("/services/rectifications")
    String rectifications(@RequestParam(defaultValue = "OPEN") String state, @RequestParam(defaultValue = "0") int page, Model model) {
        CurrentUser me = users.require();
        Rectification.State st;
        try {
            st = RatingsApi.state(state);
        } catch (InvalidStandardValue e) {
            st = Rectification.State.OPEN;
        }
        int size = 20;
        model.addAttribute("rectifications", new Paged<>(ratings.rectifications(me, st, Paged.firstRow(page, size), size), Math.max(0, page), size,
                ratings.countRectifications(me, st)));
        model.addAttribute("state", st == null ? "ALL" : st.name());
        model.addAttribute("states", List.of("OPEN", "DONE", "ALL"));
        boolean en = "en".equals(LocaleContextHolder.getLocale().getLanguage());
        Map<String, String> names = new LinkedHashMap<>();
        catalogue.all().forEach(p -> names.put(p.definition().code(), p.definition().name(en)));
        model.addAttribute("names", names);
        model.addAttribute("english", en);
        model.addAttribute("now", Instant.now());
        model.addAttribute("zone", time.zone());
        model.addAttribute("unit", me.unitName());
        return "service-rectifications";
    }

    @Performs(Action.RECTIFY_POOR_RATINGS)
    @PostMapping("/services/rectifications/{id}/response")
    String respond(@PathVariable long id, @RequestParam(required = false) String response, @RequestParam long application,
                   HttpServletRequest request, RedirectAttributes redirect) {
        try {
            ratings.respond(users.require(), id, response);
            notice(redirect, "services.rectified");
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "rectify", request, e.all(), Map.of());
        } catch (Conflict e) {
            FormReply.flash(redirect, "rectify", request, List.of(new InvalidStandardValue("response", e.getMessage())), Map.of());
        }
        return "redirect:/services/applications/" + application + "#rectification";
    }

    private static int parse(String level) {
        try {
            return Integer.parseInt(level.strip());
        } catch (NumberFormatException e) {
            throw new InvalidStandardValue("level", "请选择评价等级 / choose a level");
        }
    }

    private void notice(RedirectAttributes redirect, String key) {
        redirect.addFlashAttribute("notice", messages.getMessage(key, null, LocaleContextHolder.getLocale()));
    }
}
