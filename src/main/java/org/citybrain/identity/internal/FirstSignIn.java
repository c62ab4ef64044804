package org.citybrain.identity.internal;

import org.citybrain.identity.Organisation;
import org.citybrain.identity.ResidentRegistry;
import org.citybrain.standards.IdNumber;
import org.springframework.security.authentication.BadCredentialsException;

/** A citizen's account on her real-name sign-in (an SMS code, her face): opened on the first, as the city's service app does. */
final class FirstSignIn {

    private FirstSignIn() {
    }

    static CityBrainUser of(String idNumber, AccountStore accounts, ResidentRegistry residents, Organisation organisation) {
        AccountStore.AccountRow account = accounts.byUsername(idNumber).orElseGet(() -> {
            ResidentRegistry.RegisteredResident r = residents.findByIdNumber(IdNumber.parse(idNumber))
                    .orElseThrow(() -> new BadCredentialsException("no resident"));
            organisation.addCitizen(r, idNumber, null);
            return accounts.byUsername(idNumber).orElseThrow();
        });
        if (!account.enabled()) {
            throw new BadCredentialsException("account disabled");
        }
        return new CityBrainUser(account);
    }
}
