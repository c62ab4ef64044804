package org.citybrain.health;

/** The colours of the health code, in rising order of concern. */
public enum CodeColour {
    GREEN("绿码", "green"), YELLOW("黄码", "yellow"), RED("红码", "red");

    private final String zh;
    private final String en;

    CodeColour(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String label(boolean english) {
        return english ? en : zh;
    }
}
