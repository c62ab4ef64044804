package org.citybrain.standards;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * A citizen identity number under GB 11643-1999: six digits of the registering division (GB/T 2260),
 * the birth date as yyyyMMdd, a three-digit sequence (odd for men, even for women) and an ISO 7064
 * MOD 11-2 check character.
 */
public record IdNumber(String value) {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();
    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    public IdNumber {
        String reason = problemWith(value);
        if (reason != null) {
            throw new InvalidStandardValue("idNumber", reason);
        }
    }

    /** Parses user input: trims it and accepts a lower-case x as check character. */
    public static IdNumber parse(String input) {
        if (input == null) {
            throw new InvalidStandardValue("idNumber", "身份证号不能为空 / ID number is required");
        }
        return new IdNumber(input.trim().toUpperCase());
    }

    /** Builds a valid number from its parts, computing the check character. */
    public static IdNumber of(String divisionCode, LocalDate birthDate, int sequence) {
        if (sequence < 0 || sequence > 999) {
            throw new IllegalArgumentException("sequence must be 0..999");
        }
        String body = divisionCode + birthDate.format(BIRTH) + String.format("%03d", sequence);
        return new IdNumber(body + checkCharacter(body));
    }

    public static boolean isValid(String value) {
        return problemWith(value) == null;
    }

    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    private static String problemWith(String v) {
        if (v == null || v.length() != 18) {
            return "身份证号应为18位 / an ID number has 18 characters";
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return "前17位应为数字 / the first 17 characters must be digits";
            }
        }
        if (v.charAt(0) == '0') {
            return "地区码无效 / the division code is not valid";
        }
        try {
            LocalDate birth = LocalDate.parse(v.substring(6, 14), BIRTH);
            if (birth.getYear() < 1900 || birth.isAfter(LocalDate.now())) {
                return "出生日期不合理 / the birth date is out of range";
            }
        } catch (DateTimeParseException e) {
            return "出生日期无效 / the birth date is not a real date";
        }
        if (checkCharacter(v) != v.charAt(17)) {
            return "校验码错误 / the check character is wrong";
        }
        return null;
    }

    public String divisionCode() {
        return value.substring(0, 6);
    }

    public LocalDate birthDate() {
        return LocalDate.parse(value.substring(6, 14), BIRTH);
    }

    public boolean male() {
        return (value.charAt(16) - '0') % 2 == 1;
    }

    /** The form shown to roles that do not need the full number: division code and last four. */
    public String masked() {
        return value.substring(0, 6) + "********" + value.substring(14);
    }

    @Override
    public String toString() {
        return masked();
    }
}
