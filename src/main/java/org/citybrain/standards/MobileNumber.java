package org.citybrain.standards;

import java.util.regex.Pattern;

/** A mainland China mobile number: 11 digits starting 13–19. */
public record MobileNumber(String value) {

    private static final Pattern FORM = Pattern.compile("1[3-9]\\d{9}");

    public MobileNumber {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidStandardValue("mobile", "手机号应为以1开头的11位数字 / a mobile number has 11 digits starting with 1");
        }
    }

    public String masked() {
        return value.substring(0, 3) + "****" + value.substring(7);
    }

    @Override
    public String toString() {
        return masked();
    }
}
