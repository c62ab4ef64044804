package org.citybrain.identity.internal;

import java.util.regex.Pattern;

import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * Real-name login by ID number and a one-time code sent to the resident's registered mobile. The first
 * such login of a resident opens her citizen account, as the city's service app does.
 */
class SmsCodeAuthenticationProvider extends RealNameSignIn {

    private static final Pattern CODE = Pattern.compile("\\d{6}");

    private final SmsChallenges challenges;

    SmsCodeAuthenticationProvider(SmsChallenges challenges, AccountStore accounts, ResidentRegistry residents, Organisation organisation) {
        super(accounts, residents, organisation);
        this.challenges = challenges;
    }

    @Override
    boolean isMine(String credential) {
        return CODE.matcher(credential).matches();
    }

    @Override
    void prove(String idNumber, String code) {
        if (!challenges.redeem(idNumber, code)) {
            throw new BadCredentialsException("验证码错误或已过期 / wrong or expired code");
        }
    }
}
