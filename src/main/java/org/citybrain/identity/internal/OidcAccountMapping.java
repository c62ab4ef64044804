package org.citybrain.identity.internal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Signs in a user authenticated by the city's OIDC provider (e.g. Keycloak) as the CityBrain account named
 * by a claim ({@code preferred_username} unless configured). The provider proves who they are; roles and
 * jurisdiction stay CityBrain's, so that a misconfigured provider cannot widen anyone's access.
 */
@Component
class OidcAccountMapping implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final AccountStore accounts;
    private final String usernameClaim;

    OidcAccountMapping(AccountStore accounts, @Value("${citybrain.oidc.username-claim:preferred_username}") String usernameClaim) {
        this.accounts = accounts;
        this.usernameClaim = usernameClaim;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser oidcUser = delegate.loadUser(request);
        return asAccount(oidcUser);
    }

    OidcUser asAccount(OidcUser oidcUser) {
        Object claim = oidcUser.getClaims().get(usernameClaim);
        AccountStore.AccountRow account = claim == null ? null : accounts.byUsername(claim.toString()).filter(AccountStore.AccountRow::enabled).orElse(null);
        if (account == null) {
            throw new OAuth2AuthenticationException(new OAuth2Error("access_denied",
                    "该身份在城市大脑中没有账号 / no CityBrain account for this identity", null));
        }
        return new CityBrainOidcUser(oidcUser, new CityBrainUser(account), usernameClaim);
    }

    /** An OIDC-authenticated user carrying the CityBrain account it was mapped to. */
    static final class CityBrainOidcUser extends DefaultOidcUser {

        private final transient CityBrainUser account;

        CityBrainOidcUser(OidcUser user, CityBrainUser account, String nameClaim) {
            super(account.getAuthorities(), user.getIdToken(), user.getUserInfo(), nameClaim);
            this.account = account;
        }

        CityBrainUser account() {
            return account;
        }
    }
}
