package org.citybrain.datahub.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * The working calendar that time limits count in: Monday to Friday, less the public holidays, plus the weekend days
 * worked in their place (调休). The State Council publishes both each year, so they are configured
 * ({@code citybrain.datahub.sharing.holidays} and {@code .workdays}), not guessed. A limit of n working days ends at
 * the end of the n-th working day after the day it starts.
 */
record WorkingDays(ZoneId zone, Set<LocalDate> holidays, Set<LocalDate> workdays) {

    boolean isWorkingDay(LocalDate day) {
        if (workdays.contains(day)) {
            return true;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /** The end (midnight after it, in the city's zone) of the n-th working day after the day of {@code from}. */
    Instant endOfWorkingDaysAfter(Instant from, int n) {
        LocalDate day = from.atZone(zone).toLocalDate();
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The start of the working day that lies n working days before the day a limit ends on. */
    Instant workingDaysBefore(Instant limit, int n) {
        LocalDate day = limit.atZone(zone).toLocalDate().minusDays(1);
        int counted = 0;
        while (counted < n) {
            day = day.minusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
