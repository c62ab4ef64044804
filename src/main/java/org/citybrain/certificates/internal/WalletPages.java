package org.citybrain.certificates.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.citybrain.platform.Conflict;
import org.citybrain.platform.Forbidden;
import org.citybrain.platform.pages.CityTime;
import org.citybrain.platform.pages.FormReply;
import org.citybrain.platform.pages.QrSvg;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The citizen's wallet (卡包) on the phone: her certificates, one with its QR and PDF, adding one from a trusted issuer. */
@Controller
class WalletPages {

    private final Wallet wallet;
    private final CertificateLibrary library;
    private final CurrentUsers users;
    private final CityTime time;
    private final MessageSource messages;

    WalletPages(Wallet wallet, CertificateLibrary library, CurrentUsers users, CityTime time, MessageSource messages) {
        this.wallet = wallet;
        this.library = library;
        this.users = users;
        this.time = time;
        this.messages = messages;
    }

    @Performs(Action.READ_OWN_CERTIFICATES)
    @GetMapping("/wallet")
    String wallet(Model model) {
        model.addAttribute("items", wallet.of(users.require(Action.READ_OWN_CERTIFICATES)));
        model.addAttribute("english", english());
        return "wallet";
    }

    @Performs(Action.READ_OWN_CERTIFICATES)
    @GetMapping("/wallet/{number}")
    String one(@PathVariable String number, Model model) {
        CurrentUser citizen = users.require(Action.READ_OWN_CERTIFICATES);
        Certificate c = wallet.mine(citizen, number);
        model.addAttribute("c", c);
        model.addAttribute("standing", c.standing(LocalDate.now(time.zone())).name());
        model.addAttribute("qr", QrSvg.of(c.code(), "#1a1a1a", c.titleEn() + " " + c.number()));
        model.addAttribute("english", english());
        return "wallet-certificate";
    }

    @Performs(Action.READ_OWN_CERTIFICATES)
    @GetMapping("/wallet/{number}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String number) {
        Certificate c = wallet.mine(users.require(Action.READ_OWN_CERTIFICATES), number);
        return org.citybrain.platform.pages.PdfAnswer.of(library.pdf(c), c.number());
    }

    @Performs(Action.READ_OWN_CERTIFICATES)
    @PostMapping("/wallet/imports")
    String add(@RequestParam(required = false) String code, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            Wallet.Item i = wallet.add(users.require(Action.READ_OWN_CERTIFICATES), code);
            redirect.addFlashAttribute("notice", messages.getMessage("wallet.added", new Object[] {i.titleZh()}, LocaleContextHolder.getLocale()));
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "add", request, e.all(), Map.of());
        } catch (Conflict | Forbidden e) {
            FormReply.flash(redirect, "add", request, List.of(new InvalidStandardValue("code", e.getMessage())), Map.of());
        }
        return "redirect:/wallet";
    }

    /** A department revokes one of its certificates from the application's page; back there with the outcome. */
    @Performs(Action.REVOKE_CERTIFICATE)
    @PostMapping("/certificates/{number}/revocation")
    String revoke(@PathVariable String number, @RequestParam(required = false) String reason, @RequestParam(required = false) String back,
                  HttpServletRequest request, RedirectAttributes redirect) {
        // only back to a page of ours: the parameter never sends anyone elsewhere
        String to = back != null && back.matches("/services/applications/\\d+") ? back : "/services/queue";
        try {
            Certificate c = wallet.revoke(users.require(Action.REVOKE_CERTIFICATE), number, reason);
            redirect.addFlashAttribute("notice", messages.getMessage("wallet.revokedNotice", new Object[] {c.titleZh(), c.number()}, LocaleContextHolder.getLocale()));
        } catch (InvalidStandardValue e) {
            FormReply.flash(redirect, "revoke-" + number, request, e.all(), Map.of());
        } catch (Conflict | Forbidden | org.citybrain.platform.NotFound e) {
            FormReply.flash(redirect, "revoke-" + number, request, List.of(new InvalidStandardValue("reason", e.getMessage())), Map.of());
        }
        return "redirect:" + to;
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
