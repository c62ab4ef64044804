package org.citybrain.services.internal;

import java.time.Duration;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.citybrain.identity.Action;
import org.citybrain.identity.Performs;
import org.citybrain.platform.NotFound;
import org.citybrain.platform.pages.PageLinks;
import org.springframework.http.ResponseCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The self-service kiosk (自助一体机): a browser in the hall opens {@code /kiosk} once, and from then on the machine is
 * a kiosk — its pages in large type with big touch targets, the sign-in page showing only the citizen's sign-in (her
 * card read, then the SMS code to her registered mobile), applications sent on the KIOSK channel, a receipt printed on
 * the kiosk's own printer, and every session ended after inactivity (the page signs out and nothing of her stays).
 */
@Controller
class KioskPages {

    private final IdCardReader reader;
    private final PageLinks links;

    KioskPages(IdCardReader reader, PageLinks links) {
        this.reader = reader;
        this.links = links;
    }

    @Performs(Action.SIGN_IN)
    @GetMapping("/kiosk")
    String becomeKiosk(HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(PageLinks.KIOSK_COOKIE, "1").path("/").httpOnly(true).sameSite("Lax")
                .maxAge(Duration.ofDays(3650)).build().toString());
        return "redirect:/login";
    }

    @Performs(Action.SIGN_IN)
    @GetMapping("/kiosk/off")
    String stopBeingKiosk(HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(PageLinks.KIOSK_COOKIE, "").path("/").maxAge(0).build().toString());
        return "redirect:/login";
    }

    /**
     * The demo's card reader at the kiosk. A real kiosk reads the card on its own machine, through its vendor's local
     * driver, and fills the page itself; the demo has no such machine, so the page asks this stand-in, which answers
     * only a kiosk and only with the simulated reader's configured card.
     */
    @Performs(Action.SIGN_IN)
    @GetMapping("/kiosk/simulated-card")
    @ResponseBody
    Map<String, String> simulatedCard() {
        IdCardReader.Card card = links.kiosk() ? reader.read("kiosk").orElse(null) : null;
        if (card == null) {
            throw new NotFound("card", "读卡区没有身份证 / no ID card on the reader");
        }
        return Map.of("idNumber", card.idNumber());
    }
}
