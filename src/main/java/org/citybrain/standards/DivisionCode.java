package org.citybrain.standards;

import java.util.regex.Pattern;

/**
 * An administrative division: GB/T 2260 six-digit codes for province, city and district (county), extended
 * with three digits for a street or township (GB/T 10114) and three more for a community (the statistics
 * bureau's 12-digit urban-rural division code). A division contains every division whose code starts with
 * its {@link #prefix()}: that is what jurisdiction checks rely on.
 */
public record DivisionCode(String value) {

    private static final Pattern FORM = Pattern.compile("\\d{6}|\\d{9}|\\d{12}");

    public enum Level { PROVINCE, CITY, DISTRICT, STREET, COMMUNITY }

    public DivisionCode {
        if (value == null || !FORM.matcher(value).matches() || value.startsWith("00")) {
            throw new InvalidStandardValue("divisionCode", "区划代码应为6、9或12位数字 / a division code has 6, 9 or 12 digits");
        }
    }

    public Level level() {
        return switch (value.length()) {
            case 12 -> Level.COMMUNITY;
            case 9 -> Level.STREET;
            default -> value.endsWith("0000") ? Level.PROVINCE : value.endsWith("00") ? Level.CITY : Level.DISTRICT;
        };
    }

    /** The leading digits shared by this division and everything inside it. */
    public String prefix() {
        return switch (level()) {
            case PROVINCE -> value.substring(0, 2);
            case CITY -> value.substring(0, 4);
            default -> value;
        };
    }

    public boolean contains(DivisionCode other) {
        return other.value.startsWith(prefix());
    }

    public boolean contains(String otherCode) {
        return otherCode != null && otherCode.startsWith(prefix());
    }

    /** The district (county) this division lies in, or itself when it is the district. */
    public DivisionCode district() {
        if (level() == Level.PROVINCE || level() == Level.CITY) {
            throw new IllegalStateException(value + " is above district level");
        }
        return new DivisionCode(value.substring(0, 6));
    }

    @Override
    public String toString() {
        return value;
    }
}
