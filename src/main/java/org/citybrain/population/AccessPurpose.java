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
}
