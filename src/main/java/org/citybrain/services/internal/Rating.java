package org.citybrain.services.internal;

import java.time.Instant;

/**
 * A citizen's rating of a finished application (好差评), on the five levels of 国办发〔2019〕51号. A poor one —
 * 不满意 or 非常不满意 — gives its reason and opens a rectification.
 */
public record Rating(long applicationId, int level, String comment, Instant ratedAt) {

    /** The five levels, best first, as the notice names them. */
    public enum Level {
        VERY_SATISFIED(5, "非常满意", "Very satisfied"),
        SATISFIED(4, "满意", "Satisfied"),
        FAIRLY_SATISFIED(3, "基本满意", "Fairly satisfied"),
        DISSATISFIED(2, "不满意", "Dissatisfied"),
        VERY_DISSATISFIED(1, "非常不满意", "Very dissatisfied");

        public final int value;
        public final String zh;
        public final String en;

        Level(int value, String zh, String en) {
            this.value = value;
            this.zh = zh;
            this.en = en;
        }

        static Level of(int value) {
            for (Level l : values()) {
                if (l.value == value) {
                    return l;
                }
            }
            throw new IllegalArgumentException(String.valueOf(value));
        }
    }

    public Level named() {
        return Level.of(level);
    }

    /** 差评: what the notice asks departments to rectify. */
    public boolean poor() {
        return level <= 2;
    }
}
