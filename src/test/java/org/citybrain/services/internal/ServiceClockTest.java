package org.citybrain.services.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Time limits as a citizen reads them on her application: working days, with the city's holidays and make-up days. */
class ServiceClockTest {

    static final ZoneId ZHENGZHOU = ZoneId.of("Asia/Shanghai");
    // 2026: National Day 1–7 October off, Sunday 11 October worked in exchange
    final ServiceClock clock = new ServiceClock(ZHENGZHOU,
            Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 6), LocalDate.of(2026, 10, 7)),
            Set.of(LocalDate.of(2026, 10, 11)));

    static Instant at(int month, int day, int hour) {
        return LocalDateTime.of(2026, month, day, hour, 0).atZone(ZHENGZHOU).toInstant();
    }

    static Instant endOf(int month, int day) {
        return LocalDate.of(2026, month, day).plusDays(1).atStartOfDay(ZHENGZHOU).toInstant().minusSeconds(1);
    }

    @Test
    void aLimitSkipsTheWeekendAndNotTheDayItCameIn() {
        // Thursday 3 December: 3 working days are Friday, Monday, Tuesday
        assertThat(clock.due(at(12, 3, 10), 3)).isEqualTo(endOf(12, 8));
    }

    @Test
    void holidaysAreSkippedAndTheMakeUpSundayCounts() {
        // Wednesday 30 September: 1 Oct–7 Oct off (3, 4 a weekend), 8 and 9 Oct worked, 10 Oct Saturday, 11 Oct worked
        assertThat(clock.due(at(9, 30, 16), 3)).isEqualTo(endOf(10, 11));
    }

    @Test
    void doneAtOnceIsDueByTheCloseOfTheDayOrOfTheNextWorkingDay() {
        assertThat(clock.due(at(12, 3, 9), 0)).isEqualTo(endOf(12, 3));
        // Saturday 5 December: due by the close of Monday
        assertThat(clock.due(at(12, 5, 9), 0)).isEqualTo(endOf(12, 7));
    }

    @Test
    void theQueueCountsWorkingDaysLeftAndOverdue() {
        assertThat(clock.workingDaysBetween(at(12, 3, 10), at(12, 8, 10))).isEqualTo(3);
        assertThat(clock.workingDaysBetween(at(12, 8, 10), at(12, 3, 10))).isEqualTo(-3);
        assertThat(clock.workingDaysBetween(at(12, 3, 10), at(12, 3, 18))).isZero();
    }
}
