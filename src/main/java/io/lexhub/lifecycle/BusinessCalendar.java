package io.lexhub.lifecycle;

import io.lexhub.policy.Policy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/** Business-hours arithmetic: working days and hours in a zone, holidays skipped. */
public final class BusinessCalendar {

    private final ZoneId zone;
    private final Set<DayOfWeek> workdays = EnumSet.noneOf(DayOfWeek.class);
    private final LocalTime dayStart;
    private final LocalTime dayEnd;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(Policy.Calendar c) {
        this.zone = ZoneId.of(c.zone());
        c.workdays().forEach(d -> workdays.add(DayOfWeek.valueOf(d)));
        this.dayStart = LocalTime.parse(c.dayStart());
        this.dayEnd = LocalTime.parse(c.dayEnd());
        this.holidays = new HashSet<>(c.holidays() == null ? Set.of() : c.holidays());
    }

    public boolean isBusinessDay(LocalDate day) {
        return workdays.contains(day.getDayOfWeek()) && !holidays.contains(day);
    }

    /** The instant {@code hours} business hours after {@code from}; time outside business hours does not count. */
    public Instant plusBusinessHours(Instant from, double hours) {
        Duration remaining = Duration.ofSeconds(Math.round(hours * 3600));
        ZonedDateTime t = from.atZone(zone);
        while (true) {
            t = nextWorkingMoment(t);
            ZonedDateTime endOfDay = t.with(dayEnd);
            Duration left = Duration.between(t, endOfDay);
            if (remaining.compareTo(left) <= 0) return t.plus(remaining).toInstant();
            remaining = remaining.minus(left);
            t = t.toLocalDate().plusDays(1).atTime(dayStart).atZone(zone);
        }
    }

    /** The business hours from {@code from} to {@code to}; negative when {@code to} is earlier (overdue by that much). */
    public double businessHoursBetween(Instant from, Instant to) {
        if (to.isBefore(from)) return -businessHoursBetween(to, from);
        Duration total = Duration.ZERO;
        ZonedDateTime t = from.atZone(zone);
        ZonedDateTime end = to.atZone(zone);
        // at most ten years of days: a deadline further away than that is not an SLA
        for (int days = 0; days < 3660; days++) {
            t = nextWorkingMoment(t);
            if (!t.isBefore(end)) break;
            ZonedDateTime endOfDay = t.with(dayEnd);
            total = total.plus(Duration.between(t, end.isBefore(endOfDay) ? end : endOfDay));
            if (!end.isAfter(endOfDay)) break;
            t = t.toLocalDate().plusDays(1).atTime(dayStart).atZone(zone);
        }
        return total.toSeconds() / 3600.0;
    }

    /** {@code t} itself if it is within working hours, else the start of the next working period. */
    private ZonedDateTime nextWorkingMoment(ZonedDateTime t) {
        ZonedDateTime c = t;
        while (true) {
            if (isBusinessDay(c.toLocalDate())) {
                if (c.toLocalTime().isBefore(dayStart)) return c.with(dayStart).withNano(0);
                if (c.toLocalTime().isBefore(dayEnd)) return c;
            }
            c = c.toLocalDate().plusDays(1).atTime(dayStart).atZone(zone);
        }
    }
}
