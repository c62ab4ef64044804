package org.citybrain.platform;

import org.citybrain.standards.InvalidStandardValue;

/**
 * The limits of what people type, in one place: validation checks values against these constants, the request records
 * publish them in the OpenAPI schema ({@code @Schema(maxLength = Limits.…)}), and a test checks that every database
 * column behind them is at least as wide. A value is refused, naming its field, before anything is written.
 */
public final class Limits {

    /** A person's name (household members, hosts). */
    public static final int PERSON_NAME = 50;
    /** A relation within a household (本人, 配偶, 子女 …). */
    public static final int RELATION = 20;
    /** The most members one household registration lists. */
    public static final int HOUSEHOLD_MEMBERS = 20;
    /** A short remark on a household member. */
    public static final int MEMBER_NOTE = 200;
    /** An address or the purpose of a visit. */
    public static final int ADDRESS = 200;
    /** The name of a place, an area or another region's issuer. */
    public static final int PLACE_NAME = 200;
    /** Symptoms as a citizen describes them. */
    public static final int SYMPTOMS = 200;
    /** The legal reason an official gives for an act on a person's code (a manual colour, an order, a voided fact). */
    public static final int LEGAL_REASON = 300;
    /** The note published with a new version of the rules. */
    public static final int RULES_NOTE = 300;
    /** What was done to close a task; what is wrong with a registration. */
    public static final int NOTE = 500;
    /** A citizen's correction request, and the official's answer to it. */
    public static final int CORRECTION = 1000;
    /** A key id on the trust list (JWK kid). */
    public static final int KEY_ID = 64;

    private Limits() {
    }

    /**
     * A required text of at most {@code max} characters, trimmed. Control characters (NUL …) and the bidirectional
     * overrides that make text display other than it reads (U+202A–U+202E, U+2066–U+2069) are refused; line breaks
     * and tabs are allowed in {@code multiline} texts only.
     */
    public static String text(String field, String value, int max, boolean multiline) {
        if (value == null || value.isBlank()) {
            throw new InvalidStandardValue(field, "必填 / required");
        }
        return optionalText(field, value, max, multiline);
    }

    /** As {@link #text}, but a missing or blank value is null. */
    public static String optionalText(String field, String value, int max, boolean multiline) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidStandardValue(field, "不超过" + max + "个字符 / at most " + max + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
            if ((Character.isISOControl(c) && !(multiline && lineBreak)) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                throw new InvalidStandardValue(field, "含有不允许的控制字符 / contains a control or direction-override character");
            }
        }
        return v;
    }
}
