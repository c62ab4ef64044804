package org.citybrain.certificates.internal;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The big-data bureau's page of certificate issuers: the city's departments' keys, and the other issuers it trusts by key. */
@Controller
class IssuerPages {

    private final IssuerKeyring keys;
    private final TrustedIssuers trusted;
    private final CurrentUsers users;
    private final MessageSource messages;

    IssuerPages(IssuerKeyring keys, TrustedIssuers trusted, CurrentUsers users, MessageSource messages) {
        this.keys = keys;
        this.trusted = trusted;
        this.users = users;
        this.messages = messages;
    }

    @Performs(Action.MANAGE_TRUSTED_ISSUERS)
    @GetMapping("/certificates/issuers")
    String issuers(Model model) {
        users.require(Action.MANAGE_TRUSTED_ISSUERS);
        model.addAttribute("own", keys.all());
        model.addAttribute("trusted", trusted.all());
        return "certificate-issuers";
    }

    @Performs(Action.MANAGE_TRUSTED_ISSUERS)
    @PostMapping("/certificates/issuers")
    String trust(@RequestParam(required = false) String issuer, @RequestParam(required = false) String publicKey, HttpServletRequest request,
                 RedirectAttributes redirect) {
        try {
            TrustedIssuers.Trusted t = trusted.add(users.require(Action.MANAGE_TRUSTED_ISSUERS), issuer, publicKey);
            redirect.addFlashAttribute("notice", messages.getMessage("issuers.added", new Object[] {t.issuer()}, LocaleContextHolder.getLocale()));
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "trust", request, e.all(), Map.of());
        } catch (Conflict e) {
            FormReply.flash(redirect, "trust", request, List.of(new InvalidStandardValue("publicKey", e.getMessage())), Map.of());
        }
        return "redirect:/certificates/issuers";
    }
}
