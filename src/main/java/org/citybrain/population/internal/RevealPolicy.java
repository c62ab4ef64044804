package org.citybrain.population.internal;

import java.util.EnumSet;
import java.util.Set;

import org.citybrain.identity.CurrentUser;
import org.citybrain.identity.Role;

/**
 * Who may see a full ID number and mobile: those whose work is to contact or identify a person (the community
 * worker who calls on residents, health staff tracing contacts) and the person herself. Everyone else sees
 * them masked.
 */
final class RevealPolicy {

    private static final Set<Role> MAY_REVEAL = EnumSet.of(Role.COMMUNITY_WORKER, Role.HEALTH_STAFF);

    private RevealPolicy() {
    }

    /** Null when allowed, else the reason for refusing. */
    static String refusal(CurrentUser user) {
        if (user.jurisdiction().onlySelf() || user.roles().stream().anyMatch(MAY_REVEAL::contains)) {
            return null;
        }
        return "您的角色不能查看完整身份证号和手机号 / your role may not see full ID numbers and mobiles";
    }
}
