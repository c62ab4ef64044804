package org.citybrain.identity.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import jakarta.servlet.http.HttpSession;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.identity.SmsGateway;
import org.citybrain.standards.IdNumber;
import org.citybrain.standards.InvalidStandardValue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page (staff and citizens) and the SMS-code request behind the citizen tab. */
@Controller
class LoginController {

    private final SmsChallenges challenges;
    private final ResidentRegistry residents;
    private final SmsGateway sms;
    private final ObjectProvider<ClientRegistrationRepository> oidc;
    private final boolean demo;

    LoginController(SmsChallenges challenges, ResidentRegistry residents, SmsGateway sms,
                    ObjectProvider<ClientRegistrationRepository> oidc, @Value("${citybrain.demo.enabled:false}") boolean demo) {
        this.challenges = challenges;
        this.residents = residents;
        this.sms = sms;
        this.oidc = oidc;
        this.demo = demo;
    }

    @Performs(Action.SIGN_IN)
    @GetMapping("/login")
    String login(HttpSession session, Model model, @RequestParam(required = false) String error) {
        if (error != null) {
            Object ex = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            // Only a lock is worth explaining; any other failure gets one message, so that nobody learns which accounts exist.
            model.addAttribute("loginError", ex instanceof LockedException locked ? locked.getMessage() : null);
            model.addAttribute("loginFailed", true);
        }
        model.addAttribute("demo", demo);
        if (oidc.getIfAvailable() instanceof InMemoryClientRegistrationRepository repo) {
            java.util.List<ClientRegistration> providers = new java.util.ArrayList<>();
            repo.forEach(providers::add);
            model.addAttribute("oidcProviders", providers);
        }
        return "login";
    }

    /** Sends a login code to the registered mobile of the resident with this ID number (answered as an htmx fragment). */
    @Performs(Action.SIGN_IN)
    @PostMapping("/login/sms-code")
    String sendCode(@RequestParam(defaultValue = "") String idNumber, Model model) {
        IdNumber id;
        try {
            id = IdNumber.parse(idNumber);
        } catch (InvalidStandardValue e) {
            model.addAttribute("smsError", e.getMessage());
            return "login :: sms-status";
        }
        var resident = residents.findByIdNumber(id).filter(r -> r.mobile() != null);
        if (resident.isEmpty()) {
            // Same wording as a success would have, minus the code: do not confirm who is a resident.
            model.addAttribute("smsSent", "如该身份证号已登记手机号，验证码已发送 / if this ID number has a registered mobile, a code was sent");
            return "login :: sms-status";
        }
        var code = challenges.issue(id.value());
        if (code.isEmpty()) {
            model.addAttribute("smsError", "验证码已发送，请一分钟后再试 / a code was sent less than a minute ago");
            return "login :: sms-status";
        }
        model.addAttribute("smsSent", "验证码已发送至 " + new org.citybrain.standards.MobileNumber(resident.get().mobile()).masked()
                + " / code sent");
        model.addAttribute("smsNote", sms.send(resident.get().mobile(), code.get()));
        return "login :: sms-status";
    }
}
