package org.citybrain.identity;

import java.util.Optional;

/**
 * The city's face verification provider (实人认证: a liveness check on the citizen's phone or kiosk camera, compared
 * with the photo the public security holds for her ID number). The provider's SDK runs the check on the device and
 * hands it a single-use token; CityBrain asks the provider what the token proved. A city plugs in its provider by
 * providing a bean of this type; the demo's simulated provider passes anyone who asks and says so on its page.
 */
public interface FaceVerifier {

    /** Tokens a provider issues start so, which is how the sign-in tells a face check from a password. */
    String TOKEN_PREFIX = "FACE-";

    /** What a check proved: whose face (her ID number) and whether it passed, with the provider's reference. */
    record Outcome(boolean passed, String idNumber, String providerRef) {
    }

    /** The outcome of the check behind the token, once: a token redeemed before, expired or unknown answers empty. */
    Optional<Outcome> redeem(String token);
}
