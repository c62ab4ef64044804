package org.citybrain.services.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Conflict;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The citizen's answer to a benefit granted without applying, from the services page: confirm (one tap) or decline. */
@Controller
class BenefitPages {

    private final BenefitOffers benefits;
    private final CurrentUsers users;
    private final MessageSource messages;

    BenefitPages(BenefitOffers benefits, CurrentUsers users, MessageSource messages) {
        this.benefits = benefits;
        this.users = users;
        this.messages = messages;
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/services/benefits/{id}/confirm")
    String confirm(@PathVariable long id, RedirectAttributes redirect) {
        Application a = benefits.confirm(users.require(Action.APPLY_FOR_SERVICE), id);
        redirect.addFlashAttribute("notice", messages.getMessage("services.offerConfirmed", null, LocaleContextHolder.getLocale()));
        return "redirect:/services/applications/" + a.id();
    }

    @Performs(Action.APPLY_FOR_SERVICE)
    @PostMapping("/services/benefits/{id}/decline")
    String decline(@PathVariable long id, RedirectAttributes redirect) {
        try {
            benefits.decline(users.require(Action.APPLY_FOR_SERVICE), id);
            redirect.addFlashAttribute("notice", messages.getMessage("services.offerDeclined", null, LocaleContextHolder.getLocale()));
        } catch (Conflict answeredBefore) {
            redirect.addFlashAttribute("notice", org.citybrain.platform.pages.InLanguage.of(answeredBefore.getMessage(), LocaleContextHolder.getLocale()));
        }
        return "redirect:/services";
    }
}
