package io.lexhub.pipeline.approval;

import io.lexhub.lifecycle.BusinessCalendar;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The SLA deadlines of an approval level: in business hours of the policy in force, by track and tier. */
public final class LevelDeadlines {

    /** When a level opened at some moment is to be reminded of and is due. */
    record Deadlines(OffsetDateTime remindAt, OffsetDateTime dueAt) {}

    /** The business calendar of a policy's calendar settings, built once per settings object (a reloaded policy has a new one). */
    private record CachedCalendar(Policy.Calendar settings, BusinessCalendar calendar) {}

    private final PolicyHolder policy;
    private final LifecycleStore lifecycle;
    private volatile CachedCalendar calendar;

    public LevelDeadlines(PolicyHolder policy, LifecycleStore lifecycle) {
        this.policy = policy;
        this.lifecycle = lifecycle;
    }

    /** The deadlines of a level of {@code s} opened at {@code now}. */
    Deadlines of(StoredRequest s, OffsetDateTime now) {
        Policy.Lifecycle rules = policy.current().lifecycle();
        Policy.Sla sla = rules.slaFor(s.triage().track().name(), s.route().tier());
        BusinessCalendar calendar = calendar(rules.calendar());
        return new Deadlines(calendar.plusBusinessHours(now.toInstant(), sla.reminderHours()).atOffset(ZoneOffset.UTC),
                calendar.plusBusinessHours(now.toInstant(), sla.slaHours()).atOffset(ZoneOffset.UTC));
    }

    /** Writes the deadlines of a level that opened at {@code now}, later than its chain (after a decision). */
    void set(Connection c, StoredRequest s, int round, int level, OffsetDateTime now) throws SQLException {
        Deadlines d = of(s, now);
        lifecycle.setDeadlines(c, s.reference(), round, level, d.remindAt(), d.dueAt());
    }

    private BusinessCalendar calendar(Policy.Calendar settings) {
        CachedCalendar cached = calendar;
        if (cached == null || cached.settings() != settings) {
            // BusinessCalendar is immutable: two threads building one each at a reload is harmless
            cached = new CachedCalendar(settings, new BusinessCalendar(settings));
            calendar = cached;
        }
        return cached.calendar();
    }
}
