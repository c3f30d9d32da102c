package io.lexhub.insight;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The period [from, to) of a report. A date is a whole UTC day, so {@code to=2026-11-30}
 * includes the 30th; an instant (2026-11-30T12:00:00Z) is taken as it is. Without to: now;
 * without from: twelve months before the end (a report of everything since 1970 is never what
 * someone who gave no date wanted; ask for it with from=1970-01-01).
 */
public record Period(Instant from, Instant to) {

    public static Period parse(String from, String to, Instant now) {
        Instant end = blank(to) ? now : instant(to, true);
        Instant start = blank(from) ? end.atZone(ZoneOffset.UTC).minusMonths(12).toInstant() : instant(from, false);
        if (!start.isBefore(end)) throw new IllegalArgumentException("from (" + start + ") must be before to (" + end + ")");
        return new Period(start, end);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Instant instant(String when, boolean endOfDay) {
        String w = when.strip();
        try {
            if (w.length() == 10) {
                LocalDate day = LocalDate.parse(w);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(w);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + when + "' is neither a date (2026-11-30) nor an instant (2026-11-30T12:00:00Z)");
        }
    }
}
