package org.citybrain.identity.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.citybrain.identity.ResidentRegistry;
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
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class LoginController {

    /** The one answer to "send me a code", resident or not: nobody learns from it whose ID number this is. */
    static final String SENT = "如该身份证号已登记手机号，验证码已发送（每分钟最多一次） / if this ID number has a registered mobile, a code was sent (at most one a minute)";

    private final SmsChallenges challenges;
    private final ResidentRegistry residents;
    private final SmsSignIn sms;
    private final SmsRequestLimits limits;
    private final ObjectProvider<ClientRegistrationRepository> oidc;
    private final boolean demo;
    private final ObjectProvider<org.citybrain.identity.FaceVerifier> faces;

    LoginController(SmsChallenges challenges, ResidentRegistry residents, SmsSignIn sms, SmsRequestLimits limits,
                    ObjectProvider<ClientRegistrationRepository> oidc, @Value("${citybrain.demo.enabled:false}") boolean demo,
                    ObjectProvider<org.citybrain.identity.FaceVerifier> faces) {
        this.faces = faces;
        this.challenges = challenges;
        this.residents = residents;
        this.sms = sms;
        this.limits = limits;
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
        model.addAttribute("smsSignIn", sms.enabled());
        model.addAttribute("faceSignIn", faces.getIfAvailable() instanceof SimulatedFaceVerifier);
        if (oidc.getIfAvailable() instanceof InMemoryClientRegistrationRepository repo) {
            java.util.List<ClientRegistration> providers = new java.util.ArrayList<>();
            repo.forEach(providers::add);
            model.addAttribute("oidcProviders", providers);
        }
        return "login";
    }

    /**
     * Sends a login code to the registered mobile of the resident with this ID number (answered as an htmx fragment).
     * The answer is the same whether or not a resident has the number, and whether or not a code went out.
     */
    @Performs(Action.SIGN_IN)
    @PostMapping("/login/sms-code")
    String sendCode(@RequestParam(defaultValue = "") String idNumber, @RequestParam(name = "username", defaultValue = "") String username,
                    HttpServletRequest request, Model model) {
        if (!sms.enabled()) {
            throw new org.citybrain.platform.NotFound("idNumber", "本系统未开通短信登录 / SMS sign-in is not offered here");
        }
        IdNumber id;
        try {
            id = IdNumber.parse(idNumber.isBlank() ? username : idNumber);
        } catch (InvalidStandardValue e) {
            model.addAttribute("smsError", e.getMessage());
            return "login :: sms-status";
        }
        var refused = limits.admit(id.value(), request.getRemoteAddr());
        if (refused.isPresent()) {
            model.addAttribute("smsError", refused.get().message());
            return "login :: sms-status";
        }
        model.addAttribute("smsSent", SENT);
        residents.findByIdNumber(id).filter(r -> r.mobile() != null)
                .flatMap(r -> challenges.issue(id.value()).map(code -> sms.gateway().send(r.mobile(), code)))
                .filter(note -> demo)
                .ifPresent(note -> model.addAttribute("smsNote", note));
        return "login :: sms-status";
    }
}
