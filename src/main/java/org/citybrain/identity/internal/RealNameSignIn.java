package org.citybrain.identity.internal;

import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * A citizen's real-name sign-in by her ID number and a proof good once (an SMS code, a face check's token): each kind
 * says which proofs are its own and checks them; the first such sign-in opens her account, and none is remembered.
 */
abstract class RealNameSignIn implements AuthenticationProvider {

    private final AccountStore accounts;
    private final ResidentRegistry residents;
    private final Organisation organisation;

    RealNameSignIn(AccountStore accounts, ResidentRegistry residents, Organisation organisation) {
        this.accounts = accounts;
        this.residents = residents;
        this.organisation = organisation;
    }

    /** Whether the credential is this kind's proof at all (else the other providers' answers stand). */
    abstract boolean isMine(String credential);

    /** Checks the proof for the ID number; throws a {@code BadCredentialsException} saying why it fails. */
    abstract void prove(String idNumber, String credential);

    @Override
    public final Authentication authenticate(Authentication authentication) {
        String username = AccountUserDetailsService.normalise(authentication.getName());
        Object credentials = authentication.getCredentials();
        if (!IdNumber.isValid(username) || credentials == null || !isMine(credentials.toString())) {
            return null;
        }
        prove(username, credentials.toString());
        return new OneTimeSignIn(FirstSignIn.of(username, accounts, residents, organisation));
    }

    @Override
    public final boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
