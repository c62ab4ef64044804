package org.citybrain.services.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Time limits in working days (工作日), in the city's zone: a limit of N days ends at the close of the Nth working day
 * after the day of submission; 0 (即办) is due by the close of the day it came in. Weekends are not working days;
 * public holidays and the make-up working days are configured ({@code citybrain.services.holidays}, {@code workdays}).
 */
final class ServiceClock {

    private final ZoneId zone;
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workdays;

    ServiceClock(ZoneId zone, Set<LocalDate> holidays, Set<LocalDate> workdays) {
        this.zone = zone;
        this.holidays = holidays;
        this.workdays = workdays;
    }

    /**
     * The end of the last working day of a limit counted from the day after {@code from} (the day an application comes
     * in is not counted); a limit of 0 (即办) ends with the day it comes in, or the next working day when it comes in
     * on a rest day.
     */
    Instant due(Instant from, int workingDays) {
        LocalDate day = LocalDate.ofInstant(from, zone);
        if (workingDays <= 0) {
            while (!working(day)) {
                day = day.plusDays(1);
            }
            return day.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1);
        }
        int left = workingDays;
        while (left > 0) {
            day = day.plusDays(1);
            if (working(day)) {
                left--;
            }
        }
        return day.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1);
    }

    /** Working days from {@code from} to {@code to} (0 when due today): what a clock on the queue shows. */
    int workingDaysBetween(Instant from, Instant to) {
        LocalDate a = LocalDate.ofInstant(from, zone);
        LocalDate b = LocalDate.ofInstant(to, zone);
        int n = 0;
        for (LocalDate d = a.plusDays(1); !d.isAfter(b); d = d.plusDays(1)) {
            if (working(d)) {
                n++;
            }
        }
        return b.isBefore(a) ? -workingDaysBetween(to, from) : n;
    }

    boolean working(LocalDate day) {
        if (workdays.contains(day)) {
            return true;
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        return !weekend && !holidays.contains(day);
    }
}
