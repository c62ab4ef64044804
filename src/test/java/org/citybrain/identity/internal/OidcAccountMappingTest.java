package org.citybrain.identity.internal;

import java.time.Instant;
import java.util.Map;

import org.citybrain.CityBrainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A user the city's SSO vouches for gets the roles and jurisdiction of their CityBrain account, and no more. */
@CityBrainTest
class OidcAccountMappingTest {

    @Autowired
    OidcAccountMapping mapping;

    static OidcUser fromProvider(String preferredUsername, String role) {
        OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "kc-" + preferredUsername, "preferred_username", preferredUsername, "roles", role));
        return new DefaultOidcUser(java.util.List.of(), token, "preferred_username");
    }

    @Test
    void aKnownUsernameBecomesThatAccount() {
        OidcUser user = mapping.asAccount(fromProvider("jinshui", "CITY_OFFICIAL"));
        assertThat(user.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_DISTRICT_OFFICIAL");
        var current = ((OidcAccountMapping.CityBrainOidcUser) user).account().toCurrentUser();
        assertThat(current.jurisdiction().division().value()).isEqualTo("410105");
    }

    @Test
    void anUnknownUsernameIsRefused() {
        assertThatThrownBy(() -> mapping.asAccount(fromProvider("stranger", "CITY_OFFICIAL")))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }
}
