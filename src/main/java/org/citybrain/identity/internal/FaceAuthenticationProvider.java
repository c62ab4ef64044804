package org.citybrain.identity.internal;

import org.citybrain.identity.FaceVerifier;
import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Real-name sign-in by face (刷脸登录): the ID number and the token of the face check the provider ran for it. The
 * token is redeemed once with the provider; it signs her in only when the check passed for that same ID number.
 */
class FaceAuthenticationProvider implements AuthenticationProvider {

    private final FaceVerifier faces;
    private final AccountStore accounts;
    private final ResidentRegistry residents;
    private final Organisation organisation;

    FaceAuthenticationProvider(FaceVerifier faces, AccountStore accounts, ResidentRegistry residents, Organisation organisation) {
        this.faces = faces;
        this.accounts = accounts;
        this.residents = residents;
        this.organisation = organisation;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = AccountUserDetailsService.normalise(authentication.getName());
        Object credentials = authentication.getCredentials();
        if (!IdNumber.isValid(username) || credentials == null || !credentials.toString().startsWith(FaceVerifier.TOKEN_PREFIX)) {
            return null; // not a face sign-in: let the other providers' answers stand
        }
        FaceVerifier.Outcome outcome = faces.redeem(credentials.toString())
                .orElseThrow(() -> new BadCredentialsException("人脸核验已失效，请重新刷脸 / the face check expired: check again"));
        if (!outcome.passed() || !username.equals(outcome.idNumber())) {
            throw new BadCredentialsException("人脸核验未通过 / the face check did not pass for this ID number");
        }
        return new FaceAuthentication(FirstSignIn.of(username, accounts, residents, organisation));
    }

    /** A sign-in by face: nothing to remember for reuse. */
    static final class FaceAuthentication extends OneTimeSignIn {

        FaceAuthentication(CityBrainUser user) {
            super(user);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
