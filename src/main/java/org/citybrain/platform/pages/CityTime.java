package org.citybrain.platform.pages;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.citybrain.standards.InvalidStandardValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Times as people read them: in the city's zone ({@code citybrain.city.zone}, Asia/Shanghai unless set), with the
 * date when it is not today and the year when it is not this year, in the page's language. Pages call it as
 * {@code ${@cityTime.human(at)}} or through the {@code ui :: time(at)} fragment; forms read and fill
 * {@code datetime-local} inputs with it so a typed 08:00 means 08:00 in the city, whatever the server's zone.
 */
@Component("cityTime")
public class CityTime {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final ZoneId zone;

    public CityTime(@Value("${citybrain.city.zone:Asia/Shanghai}") String zone) {
        this.zone = ZoneId.of(zone);
    }

    public ZoneId zone() {
        return zone;
    }

    /** "14:05" today, "12月1日 14:05" / "1 Dec 14:05" this year, "2025年12月1日 14:05" / "1 Dec 2025 14:05" before. */
    public String human(Instant at) {
        if (at == null) {
            return "—";
        }
        ZonedDateTime t = at.atZone(zone);
        LocalDate today = LocalDate.now(zone);
        boolean english = english();
        if (t.toLocalDate().equals(today)) {
            return (english ? "today " : "今天 ") + CLOCK.format(t);
        }
        if (t.toLocalDate().equals(today.minusDays(1))) {
            return (english ? "yesterday " : "昨天 ") + CLOCK.format(t);
        }
        if (t.toLocalDate().equals(today.plusDays(1))) {
            return (english ? "tomorrow " : "明天 ") + CLOCK.format(t);
        }
        return date(t.toLocalDate()) + " " + CLOCK.format(t);
    }

    /** A date alone: "12月1日" this year, "2025年12月1日" otherwise (English: "1 Dec", "1 Dec 2025"). */
    public String date(LocalDate d) {
        if (d == null) {
            return "—";
        }
        return format(d, d.getYear() != LocalDate.now(zone).getYear());
    }

    /** The full date with the year, as a birth date is shown. */
    public String fullDate(LocalDate d) {
        if (d == null) {
            return "—";
        }
        return format(d, true);
    }

    private static String format(LocalDate d, boolean withYear) {
        if (english()) {
            return DateTimeFormatter.ofPattern(withYear ? "d MMM yyyy" : "d MMM", Locale.ENGLISH).format(d);
        }
        return (withYear ? d.getYear() + "年" : "") + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    /** The machine-readable form for {@code <time datetime>}: ISO with the city's offset. */
    public String iso(Instant at) {
        return at == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone).withNano(0));
    }

    /** The value of a {@code datetime-local} input showing this instant in the city's zone. */
    public String inputValue(Instant at) {
        return at == null ? "" : INPUT.format(at.atZone(zone));
    }

    /** Now plus some hours, as an input's default (a quarantine that ends in 14 days, a manual colour for a day). */
    public String inputIn(long hours) {
        return inputValue(Instant.now().plusSeconds(hours * 3600));
    }

    /** A {@code datetime-local} value read as a time in the city; blank is null; anything else a refusal naming the field. */
    public Instant parseInput(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim()).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidStandardValue(field, "请选择日期和时间，如 2026-11-25 08:00 / choose a date and time such as 2026-11-25 08:00");
        }
    }

    /** A time the form needs: refused with {@code missing} (both languages) when blank. */
    public Instant requiredInput(String field, String value, String missing) {
        Instant t = parseInput(field, value);
        if (t == null) {
            throw new InvalidStandardValue(field, missing);
        }
        return t;
    }

    /** The city's clock now, seconds included: what a guard compares the code screen against. */
    public String clock() {
        return DateTimeFormatter.ofPattern("HH:mm:ss").format(ZonedDateTime.now(zone));
    }

    private static boolean english() {
        return "en".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
