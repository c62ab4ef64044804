package org.citybrain.identity;

import java.util.Set;

/** The signed-in user, as every module sees them. */
public record CurrentUser(long accountId, String username, String displayName, Set<Role> roles,
                          Jurisdiction jurisdiction, String unitName) {

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean readsResidents() {
        return roles.stream().anyMatch(Role::readsResidents);
    }

    /**
     * The resident a citizen account is: whose own data she reads, for whom she applies. Anyone else (an officer, a
     * device) acts on others' records through their own actions, never as "herself".
     */
    public long self() {
        if (!jurisdiction.onlySelf()) {
            throw new org.citybrain.platform.Forbidden("applicant", "仅限居民本人 / only the citizen herself");
        }
        return jurisdiction.selfResidentId();
    }

    /** The role named in audit records: the most specific personal-data role the user holds. */
    public String actingRole() {
        return roles.stream().filter(Role::readsResidents).findFirst().or(() -> roles.stream().findFirst()).map(Role::name).orElse("NONE");
    }
}
