package org.citybrain.identity;

import java.util.Optional;

/** Resolves the signed-in user of the current request, however they signed in (password, SMS, OIDC). */
public interface CurrentUsers {

    Optional<CurrentUser> current();

    /** The signed-in citizen's resident id; anyone else is refused (403): for the citizen's own pages and APIs. */
    default long requireCitizen() {
        CurrentUser user = require();
        if (!user.jurisdiction().onlySelf() || !user.has(Role.CITIZEN)) {
            throw new org.springframework.security.access.AccessDeniedException("仅限居民本人 / for citizens only");
        }
        return user.jurisdiction().selfResidentId();
    }

    /** The signed-in user, when her roles allow the action; otherwise a refusal naming it (403). */
    default CurrentUser require(Action action) {
        return action.demand(require());
    }

    default CurrentUser require() {
        return current().orElseThrow(() -> new org.springframework.security.authentication.AuthenticationCredentialsNotFoundException("not signed in"));
    }
}
