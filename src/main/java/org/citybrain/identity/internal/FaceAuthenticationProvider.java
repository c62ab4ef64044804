package org.citybrain.identity.internal;

import org.citybrain.identity.FaceVerifier;
import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * Real-name sign-in by face (刷脸登录): the ID number and the token of the face check the provider ran for it. The
 * token is redeemed once with the provider; it signs her in only when the check passed for that same ID number.
 */
class FaceAuthenticationProvider extends RealNameSignIn {

    private final FaceVerifier faces;

    FaceAuthenticationProvider(FaceVerifier faces, AccountStore accounts, ResidentRegistry residents, Organisation organisation) {
        super(accounts, residents, organisation);
        this.faces = faces;
    }

    @Override
    boolean isMine(String credential) {
        return credential.startsWith(FaceVerifier.TOKEN_PREFIX);
    }

    @Override
    void prove(String idNumber, String token) {
        FaceVerifier.Outcome outcome = faces.redeem(token)
                .orElseThrow(() -> new BadCredentialsException("人脸核验已失效，请重新刷脸 / the face check expired: check again"));
        if (!outcome.passed() || !idNumber.equals(outcome.idNumber())) {
            throw new BadCredentialsException("人脸核验未通过 / the face check did not pass for this ID number");
        }
    }
}
