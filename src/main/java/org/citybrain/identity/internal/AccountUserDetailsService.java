package org.citybrain.identity.internal;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads accounts for password login. A citizen's username is her ID number; a lower-case x is accepted. */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final AccountStore accounts;

    AccountUserDetailsService(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        String normalised = normalise(username);
        return accounts.byUsername(normalised)
                .filter(a -> a.passwordHash() != null)
                .map(CityBrainUser::new)
                .orElseThrow(() -> new UsernameNotFoundException("no account"));
    }

    static String normalise(String username) {
        String trimmed = username == null ? "" : username.trim();
        return trimmed.length() == 18 ? trimmed.toUpperCase() : trimmed;
    }
}
