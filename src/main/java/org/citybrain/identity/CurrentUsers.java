package org.citybrain.identity;

import java.util.Optional;

/** Resolves the signed-in user of the current request, however they signed in (password, SMS, OIDC). */
public interface CurrentUsers {

    Optional<CurrentUser> current();

    default CurrentUser require() {
        return current().orElseThrow(() -> new org.springframework.security.authentication.AuthenticationCredentialsNotFoundException("not signed in"));
    }
}
