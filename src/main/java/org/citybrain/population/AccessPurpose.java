package org.citybrain.population;

/** Why personal data is read; recorded with every read and shown to the citizen. */
public enum AccessPurpose {
    COMMUNITY_SERVICE("社区服务", "community service"),
    EPIDEMIC_PREVENTION("疫情防控", "epidemic prevention"),
    GOVERNMENT_SERVICE("政务办理", "government service"),
    EMERGENCY("应急处置", "emergency response"),
    SELF_SERVICE("本人查询", "the person's own request");

    private final String zh;
    private final String en;

    AccessPurpose(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String describe() {
        return zh + " / " + en;
    }

    /** The purpose a reader's work usually has, offered first on the pages; she states another when it differs. */
    public static AccessPurpose defaultFor(java.util.Set<org.citybrain.identity.Role> roles) {
        if (roles.contains(org.citybrain.identity.Role.HEALTH_STAFF)) {
            return EPIDEMIC_PREVENTION;
        }
        if (roles.contains(org.citybrain.identity.Role.COMMUNITY_WORKER)) {
            return COMMUNITY_SERVICE;
        }
        if (roles.contains(org.citybrain.identity.Role.CITIZEN)) {
            return SELF_SERVICE;
        }
        return GOVERNMENT_SERVICE;
    }

    /** The purposes a member of staff may state (her own request is the citizen's alone). */
    public static java.util.List<AccessPurpose> forStaff() {
        return java.util.List.of(COMMUNITY_SERVICE, EPIDEMIC_PREVENTION, GOVERNMENT_SERVICE, EMERGENCY);
    }
}
