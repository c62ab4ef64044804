package org.citybrain.identity.internal;

import java.util.Collection;

import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.Jurisdiction;
import org.citybrain.standards.DivisionCode;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The principal of a session signed in with a CityBrain account. */
class CityBrainUser implements UserDetails, CredentialsContainer {

    private final AccountStore.AccountRow account;
    private String passwordHash;

    CityBrainUser(AccountStore.AccountRow account) {
        this.account = account;
        this.passwordHash = account.passwordHash();
    }

    CurrentUser toCurrentUser() {
        Jurisdiction jurisdiction = "CITIZEN".equals(account.kind()) && account.residentId() != null
                ? Jurisdiction.self(account.residentId())
                : Jurisdiction.of(new DivisionCode(account.jurisdictionCode()));
        return new CurrentUser(account.id(), account.username(), account.displayName(), account.roles(), jurisdiction, account.unitName());
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return account.roles().stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(r.authority())).toList();
    }


    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return account.username();
    }

    @Override
    public boolean isEnabled() {
        return account.enabled();
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
