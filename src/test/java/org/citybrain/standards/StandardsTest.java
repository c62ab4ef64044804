package org.citybrain.standards;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardsTest {

    @Test
    void theStandardsOwnExampleIdNumberIsValid() {
        // GB 11643-1999 appendix example: 11010519491231002X.
        IdNumber id = IdNumber.parse("11010519491231002x");
        assertThat(id.value()).isEqualTo("11010519491231002X");
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.male()).isFalse();
        assertThat(id.divisionCode()).isEqualTo("110105");
        assertThat(id.masked()).isEqualTo("110105********002X");
    }

    @Test
    void idNumbersWithAWrongCheckCharacterOrDateAreRefusedWithTheReason() {
        assertThatThrownBy(() -> IdNumber.parse("110105194912310021")).isInstanceOf(InvalidStandardValue.class).hasMessageContaining("校验码");
        assertThatThrownBy(() -> IdNumber.parse("11010519490231002X")).hasMessageContaining("出生日期");
        assertThatThrownBy(() -> IdNumber.parse("1101051949")).hasMessageContaining("18");
        assertThatThrownBy(() -> IdNumber.parse("A10105194912310021")).hasMessageContaining("数字");
        assertThat(((InvalidStandardValue) catchField(() -> IdNumber.parse("x"))).field()).isEqualTo("idNumber");
    }

    @Test
    void builtIdNumbersCarryTheirParts() {
        IdNumber id = IdNumber.of("410105", LocalDate.of(1988, 5, 12), 1);
        assertThat(id.value()).isEqualTo("410105198805120019");
        assertThat(id.male()).isTrue();
        assertThat(IdNumber.isValid(id.value())).isTrue();
    }

    @Test
    void mobileNumbersAreMaskedInTheMiddle() {
        assertThat(new MobileNumber("13800000001").masked()).isEqualTo("138****0001");
        assertThatThrownBy(() -> new MobileNumber("12800000001")).isInstanceOf(InvalidStandardValue.class);
        assertThatThrownBy(() -> new MobileNumber("1380000000")).isInstanceOf(InvalidStandardValue.class);
    }

    @Test
    void divisionsContainWhatStartsWithTheirPrefix() {
        DivisionCode city = new DivisionCode("410100");
        DivisionCode district = new DivisionCode("410105");
        DivisionCode street = new DivisionCode("410105001");
        DivisionCode community = new DivisionCode("410105001001");
        assertThat(city.level()).isEqualTo(DivisionCode.Level.CITY);
        assertThat(district.level()).isEqualTo(DivisionCode.Level.DISTRICT);
        assertThat(community.level()).isEqualTo(DivisionCode.Level.COMMUNITY);
        assertThat(city.contains(community)).isTrue();
        assertThat(district.contains(community)).isTrue();
        assertThat(street.contains(community)).isTrue();
        assertThat(community.contains(street)).isFalse();
        assertThat(district.contains(new DivisionCode("410103001001"))).isFalse();
        assertThat(new DivisionCode("410000").level()).isEqualTo(DivisionCode.Level.PROVINCE);
        assertThatThrownBy(() -> new DivisionCode("4101")).isInstanceOf(InvalidStandardValue.class);
    }

    @Test
    void creditCodesCarryAComputedCheckCharacter() {
        CreditCode code = CreditCode.of("91410100MA44ABCDE");
        assertThat(code.value()).hasSize(18);
        char wrong = code.value().charAt(17) == '0' ? '1' : '0';
        assertThatThrownBy(() -> new CreditCode(code.value().substring(0, 17) + wrong)).isInstanceOf(InvalidStandardValue.class);
    }

    private static Throwable catchField(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a refusal");
    }
}
