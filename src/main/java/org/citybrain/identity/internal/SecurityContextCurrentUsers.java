package org.citybrain.identity.internal;

import java.util.Optional;

import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

@Component
class SecurityContextCurrentUsers implements CurrentUsers {

    @Override
    public Optional<CurrentUser> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            return Optional.empty();
        }
        Object principal = auth.getPrincipal();
        if (principal instanceof CityBrainUser user) {
            return Optional.of(user.toCurrentUser());
        }
        if (principal instanceof OidcAccountMapping.CityBrainOidcUser oidc) {
            return Optional.of(oidc.account().toCurrentUser());
        }
        return Optional.empty();
    }
}
