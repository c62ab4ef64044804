package org.citybrain.platform.pages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

import org.citybrain.standards.InvalidStandardValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The design system's helpers: a page's half of a two-language message, times for people, one page of a list. */
class PageHelpersTest {

    @AfterEach
    void reset() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void aPageShowsItsOwnLanguagesHalfEvenWhenTheEnglishQuotesAChineseName() {
        String both = "没有找到叫“火星基地”的地方 / no place is called “火星基地”: choose one from the list";
        assertThat(InLanguage.of(both, Locale.SIMPLIFIED_CHINESE)).isEqualTo("没有找到叫“火星基地”的地方");
        assertThat(InLanguage.of(both, Locale.ENGLISH)).isEqualTo("no place is called “火星基地”: choose one from the list");
        assertThat(InLanguage.of("体温应在34.0至43.0 °C之间 / a body temperature lies between 34.0 and 43.0 °C", Locale.ENGLISH))
                .startsWith("a body temperature");
        assertThat(InLanguage.of("A / B", Locale.SIMPLIFIED_CHINESE)).isEqualTo("A / B");
        assertThat(InLanguage.of("只有中文", Locale.ENGLISH)).isEqualTo("只有中文");
    }

    @Test
    void timesAreInTheCitysZoneWithTheDateWhenNotToday() {
        CityTime time = new CityTime("Asia/Shanghai");
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"));
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(time.human(now.withHour(9).withMinute(5).toInstant())).isEqualTo("今天 09:05");
        assertThat(time.human(now.minusDays(1).withHour(23).withMinute(0).toInstant())).isEqualTo("昨天 23:00");
        ZonedDateTime longAgo = ZonedDateTime.of(2020, 3, 1, 8, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
        assertThat(time.human(longAgo.toInstant())).isEqualTo("2020年3月1日 08:00");
        assertThat(time.iso(longAgo.toInstant())).isEqualTo("2020-03-01T08:00:00+08:00");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(time.human(longAgo.toInstant())).isEqualTo("1 Mar 2020 08:00");
        assertThat(time.fullDate(LocalDate.of(1988, 5, 12))).isEqualTo("12 May 1988");
        // A typed 08:00 is 08:00 in the city, whatever the server's zone.
        assertThat(time.parseInput("arrivedAt", "2026-11-25T08:00")).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(time.parseInput("arrivedAt", " ")).isNull();
        assertThatThrownBy(() -> time.parseInput("arrivedAt", "yesterday"))
                .isInstanceOfSatisfying(InvalidStandardValue.class, e -> assertThat(e.field()).isEqualTo("arrivedAt"));
    }

    @Test
    void aPageOfAListKnowsWhereItStands() {
        Paged<Integer> second = Paged.of(List.of(1, 2, 3, 4, 5), 1, 2);
        assertThat(second.items()).containsExactly(3, 4);
        assertThat(second.hasPrevious()).isTrue();
        assertThat(second.hasNext()).isTrue();
        assertThat(second.pages()).isEqualTo(3);
        assertThat(second.firstShown()).isEqualTo(3);
        assertThat(second.lastShown()).isEqualTo(4);
        assertThat(Paged.of(List.of(), 0, 20).isEmpty()).isTrue();
        assertThat(Paged.of(List.of(1), 7, 20).items()).isEmpty();
    }
}
