package org.citybrain.identity.internal;

import org.citybrain.identity.Credentials;
import org.citybrain.identity.Role;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

@Component
class AccountCredentials implements Credentials {

    private final AccountStore accounts;
    private final PasswordEncoder passwords;

    AccountCredentials(AccountStore accounts, PasswordEncoder passwords) {
        this.accounts = accounts;
        this.passwords = passwords;
    }

    @Override
    public boolean valid(String username, String password, Role role) {
        if (username == null || password == null) {
            return false;
        }
        return accounts.byUsername(username)
                .filter(AccountStore.AccountRow::enabled)
                .filter(a -> a.roles().contains(role))
                .filter(a -> a.passwordHash() != null && passwords.matches(password, a.passwordHash()))
                .isPresent();
    }
}
