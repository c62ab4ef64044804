package org.citybrain.identity.internal;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.citybrain.identity.Action;
import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.CurrentUsers;
import org.citybrain.identity.Performs;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The phone app's token: asked for once, signed in (by password, SMS code or the city's sign-on), then sent with each call. */
@RestController
@Tag(name = "Identity", description = "Sign-in tokens for the phone app")
class AppTokenApi {

    private final AppTokens tokens;
    private final AccountStore accounts;
    private final CurrentUsers users;

    AppTokenApi(AppTokens tokens, AccountStore accounts, CurrentUsers users) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.users = users;
    }

    @Performs(Action.ISSUE_APP_TOKEN)
    @PostMapping("/api/identity/v1/app-tokens")
    @Operation(summary = "A token for the phone app (Authorization: Bearer), valid 12 hours, for the account signed in")
    Map<String, Object> issue() {
        CurrentUser me = users.require(Action.ISSUE_APP_TOKEN);
        AppTokens.Issued t = tokens.issue(accounts.byUsername(me.username()).orElseThrow());
        return Map.of("token", t.token(), "tokenType", "Bearer", "expiresAt", t.expiresAt().toString());
    }
}
