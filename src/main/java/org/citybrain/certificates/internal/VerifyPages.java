package org.citybrain.certificates.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Verifying a certificate, for anyone shown one (a landlord, an employer, a counter): online here, with revocation; or
 * with the offline verifier, one HTML file carrying the trusted keys that checks codes with the browser's WebCrypto
 * and no network at all — saved once, it works where the network does not reach.
 */
@Controller
class VerifyPages {

    private final Verification verification;
    private final CertificateViews views;
    private final MessageSource messages;

    VerifyPages(Verification verification, CertificateViews views, MessageSource messages) {
        this.verification = verification;
        this.views = views;
        this.messages = messages;
    }

    @Performs(Action.VERIFY_CERTIFICATE)
    @GetMapping("/certificates/verify")
    String form() {
        return "certificate-verify";
    }

    @Performs(Action.VERIFY_CERTIFICATE)
    @PostMapping("/certificates/verify")
    String verify(@RequestParam(required = false) String code, Model model) {
        model.addAttribute("verdict", views.verdict(verification.verify(code)));
        model.addAttribute("code", code == null ? "" : code.trim());
        return "certificate-verify";
    }

    /** The offline verifier as a file to keep: its script is inline (one file), so it carries its own policy allowing exactly that. */
    @Performs(Action.READ_CERTIFICATE_KEYS)
    @GetMapping("/certificates/verifier.html")
    String verifier(Model model, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("certificate-verifier.html").build().toString());
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> texts = new LinkedHashMap<>();
        for (String k : new String[] {"VALID", "EXPIRED", "ALTERED", "UNTRUSTED", "NOT_A_CODE", "offlineNote", "number", "holder", "holderId", "issuer",
                "issuedOn", "validUntil", "noEnd"}) {
            texts.put(k, messages.getMessage("verify.js." + k, null, locale));
        }
        model.addAttribute("keys", views.trustedKeys());
        model.addAttribute("texts", texts);
        return "certificate-verifier";
    }
}
