package org.citybrain.identity.internal;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/** A sign-in by a secret good once (an SMS code, a face check's token): never remembered for reuse, as a password is. */
class OneTimeSignIn extends UsernamePasswordAuthenticationToken {

    OneTimeSignIn(CityBrainUser user) {
        super(user, null, user.getAuthorities());
    }
}
