package org.citybrain.identity.internal;

import java.util.regex.Pattern;

import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Real-name login by ID number and a one-time code sent to the resident's registered mobile. The first
 * such login of a resident opens her citizen account, as the city's service app does.
 */
class SmsCodeAuthenticationProvider implements AuthenticationProvider {

    private static final Pattern CODE = Pattern.compile("\\d{6}");

    private final SmsChallenges challenges;
    private final AccountStore accounts;
    private final ResidentRegistry residents;
    private final Organisation organisation;

    SmsCodeAuthenticationProvider(SmsChallenges challenges, AccountStore accounts, ResidentRegistry residents, Organisation organisation) {
        this.challenges = challenges;
        this.accounts = accounts;
        this.residents = residents;
        this.organisation = organisation;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = AccountUserDetailsService.normalise(authentication.getName());
        Object credentials = authentication.getCredentials();
        if (!IdNumber.isValid(username) || credentials == null || !CODE.matcher(credentials.toString()).matches()) {
            return null; // not an SMS-code login: let the password provider's answer stand
        }
        if (!challenges.redeem(username, credentials.toString())) {
            throw new BadCredentialsException("验证码错误或已过期 / wrong or expired code");
        }
        CityBrainUser user = FirstSignIn.of(username, accounts, residents, organisation);
        return new SmsCodeAuthentication(user);
    }

    /** A sign-in by one-time code: never remembered for reuse. */
    static final class SmsCodeAuthentication extends OneTimeSignIn {

        SmsCodeAuthentication(CityBrainUser user) {
            super(user);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
