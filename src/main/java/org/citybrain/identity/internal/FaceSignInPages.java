package org.citybrain.identity.internal;

import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.citybrain.platform.NotFound;
import org.citybrain.standards.IdNumber;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * 刷脸登录 in the demo: the page stands where the provider's SDK would open the camera; its check passes, and the
 * citizen signs in with the token it returns, through the same sign-in as everyone. A city with a real provider
 * signs in from its app with the SDK's token; these pages exist only beside the simulated provider.
 */
@Controller
class FaceSignInPages {

    private final ObjectProvider<SimulatedFaceVerifier> simulated;

    FaceSignInPages(ObjectProvider<SimulatedFaceVerifier> simulated) {
        this.simulated = simulated;
    }

    @Performs(Action.SIGN_IN)
    @GetMapping("/login/face")
    String start(@RequestParam(defaultValue = "") String idNumber, Model model) {
        provider();
        model.addAttribute("idNumber", idNumber);
        return "login-face";
    }

    @Performs(Action.SIGN_IN)
    @PostMapping("/login/face")
    String check(@RequestParam(defaultValue = "") String idNumber, Model model) {
        SimulatedFaceVerifier provider = provider();
        String id = AccountUserDetailsService.normalise(idNumber);
        model.addAttribute("idNumber", id);
        if (!IdNumber.isValid(id)) {
            model.addAttribute("faceError", "请填写有效的身份证号 / enter a valid ID number");
            return "login-face";
        }
        model.addAttribute("token", provider.check(id));
        return "login-face";
    }

    private SimulatedFaceVerifier provider() {
        SimulatedFaceVerifier p = simulated.getIfAvailable();
        if (p == null) {
            throw new NotFound("face", "刷脸登录请使用本市政务服务 App / sign in by face in the city's service app");
        }
        return p;
    }
}
