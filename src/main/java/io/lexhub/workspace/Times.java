package io.lexhub.workspace;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates and times as the pages show them: absolute, with the relative time beside ("31 Mar 2027,
 * in 12 days"), in the hub's zone (lexhub.zone), which the pages name. Pages have no script, so
 * the browser's own zone is not known to them.
 */
public final class Times {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private Times() {}

    public static String date(LocalDate d) {
        return d == null ? "" : DATE.format(d);
    }

    public static String dateTime(OffsetDateTime t, ZoneId zone) {
        return t == null ? "" : DATE_TIME.format(t.atZoneSameInstant(zone));
    }

    public static String dateTime(Instant t, ZoneId zone) {
        return t == null ? "" : DATE_TIME.format(t.atZone(zone));
    }

    /** "in 3 days", "2 hours ago", "in 40 minutes". */
    public static String relative(Instant t, Instant now) {
        Duration d = Duration.between(now, t);
        boolean future = !d.isNegative();
        d = d.abs();
        String amount;
        if (d.toDays() >= 2) amount = d.toDays() + " days";
        else if (d.toHours() >= 2) amount = d.toHours() + " hours";
        else if (d.toMinutes() >= 2) amount = d.toMinutes() + " minutes";
        else return "now";
        return future ? "in " + amount : amount + " ago";
    }

    /** A day relative to today: "today", "tomorrow", "yesterday", "in 12 days", "3 days ago". */
    public static String days(LocalDate d, LocalDate today) {
        long n = java.time.temporal.ChronoUnit.DAYS.between(today, d);
        if (n == 0) return "today";
        if (n == 1) return "tomorrow";
        if (n == -1) return "yesterday";
        return n > 0 ? "in " + n + " days" : -n + " days ago";
    }

    /** Business hours left: "12 business hours left", "overdue by 3 business hours", "less than an hour left". */
    public static String businessHours(Double hours) {
        if (hours == null) return "no deadline";
        long h = Math.round(Math.abs(hours));
        if (hours < 0) return "overdue by " + (h == 0 ? "less than an hour" : h + (h == 1 ? " business hour" : " business hours"));
        return h == 0 ? "less than a business hour left" : h + (h == 1 ? " business hour left" : " business hours left");
    }

}
