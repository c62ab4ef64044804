package org.citybrain.identity.internal;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's rule for header and parameter text, as a loop, accepts exactly what Spring Security's expression accepts. */
class FirewallCharactersTest {

    /** Spring Security's StrictHttpFirewall default for header and parameter names and values. */
    static final Pattern SPRING_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void everyCodePointIsJudgedAsTheFirewallsExpressionJudgesIt() {
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String s = new String(Character.toChars(c));
            assertThat(SecurityConfiguration.assignedAndNotControl(s)).as("U+%04X", c).isEqualTo(SPRING_DEFAULT.matcher(s).matches());
        }
    }

    @Test
    void wholeValuesAreJudgedByEachOfTheirCharacters() {
        for (String s : new String[] {"", "Bearer eyJhbGciOi.abc", "张三 410105", "a\u0000b", "tab\tinside", "line\nbreak", "\uD83D\uDE00 smile",
                "lone \uD83D surrogate", "unassigned \u0378", "del\u007F", "nbsp\u00A0ok"}) {
            assertThat(SecurityConfiguration.assignedAndNotControl(s)).as(s).isEqualTo(SPRING_DEFAULT.matcher(s).matches());
        }
    }

    @Test
    void aFormsTextAreaMaySendItsLinesButNoOtherControlCharacter() {
        assertThat(SecurityConfiguration.assignedAndNotControlButLines("minute,mm_per_hour\r\n0,20\r\n10,80\tnote")).isTrue();
        assertThat(SecurityConfiguration.assignedAndNotControlButLines("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----")).isTrue();
        for (String s : new String[] {"a\u0000b", "del\u007F", "bell\u0007", "unassigned \u0378"}) {
            assertThat(SecurityConfiguration.assignedAndNotControlButLines(s)).as(s).isFalse();
        }
    }
}
