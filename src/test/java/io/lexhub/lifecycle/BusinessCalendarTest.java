package io.lexhub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.policy.Policy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    // Berlin, Mon-Fri 09:00-17:00 (8 hours a day), Christmas holidays
    private final BusinessCalendar cal = new BusinessCalendar(new Policy.Calendar("Europe/Berlin",
            List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"), "09:00", "17:00",
            List.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25))));

    @Test
    void hoursWithinOneDay() {
        // Tuesday 2026-11-24 10:00 Berlin = 09:00Z; +4h = 14:00 Berlin
        assertThat(cal.plusBusinessHours(Instant.parse("2026-11-24T09:00:00Z"), 4)).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
    }

    @Test
    void aFridayAfternoonRunsOverTheWeekend() {
        // Friday 2026-11-27 15:00 Berlin: 2h left that day, 6h on Monday -> Monday 15:00 Berlin
        assertThat(cal.plusBusinessHours(Instant.parse("2026-11-27T14:00:00Z"), 8)).isEqualTo(Instant.parse("2026-11-30T14:00:00Z"));
    }

    @Test
    void timeOutsideWorkingHoursDoesNotCount() {
        // Saturday night: the clock starts Monday 09:00 Berlin
        assertThat(cal.plusBusinessHours(Instant.parse("2026-11-28T22:00:00Z"), 1)).isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
        // Tuesday 07:00 Berlin: starts at 09:00
        assertThat(cal.plusBusinessHours(Instant.parse("2026-11-24T06:00:00Z"), 2)).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void holidaysAndTheWeekendAreSkippedTogether() {
        // Wednesday 2026-12-23 16:00 Berlin: 1h, then Thu 24 and Fri 25 are holidays, Sat/Sun weekend: Monday 28 continues
        assertThat(cal.plusBusinessHours(Instant.parse("2026-12-23T15:00:00Z"), 5)).isEqualTo(Instant.parse("2026-12-28T12:00:00Z"));
        assertThat(cal.isBusinessDay(LocalDate.of(2026, 12, 24))).isFalse();
        assertThat(cal.isBusinessDay(LocalDate.of(2026, 12, 28))).isTrue();
    }

    @Test
    void fiveBusinessDaysAreFortyHours() {
        // Monday 09:00 Berlin + 40h = Friday 17:00 Berlin
        assertThat(cal.plusBusinessHours(Instant.parse("2026-11-30T08:00:00Z"), 40)).isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
    }
}
