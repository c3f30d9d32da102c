package io.lexhub.pipeline.sweep;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.lifecycle.WaiverState;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.task.CancelTasks;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.LifecycleStore.Waiver;
import io.lexhub.store.OutboxStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One active waiver near or past its end: an expiry reminder, or its sunset (EXPIRED, or RENEWED
 * when an approved renewal continues it), each once: behind a conditional update, in the
 * transaction of its sweep batch.
 */
public final class ExpiringWaivers {

    /** What the sunset of one waiver did. */
    enum Sunset {
        /** Nothing: the waiver was no longer active (another run or node ended it). */
        NONE,
        /** Handed over to its approved renewal. */
        RENEWED,
        /** Ended without a renewal. */
        EXPIRED
    }

    private final LifecycleStore store;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;

    private final CancelTasks tasks;

    public ExpiringWaivers(LifecycleStore store, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory, Notices notices, CancelTasks tasks) {
        this.tasks = tasks;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
    }

    /**
     * Sends the reminder of the nearest offset not sent yet; offsets further out that were missed
     * (the hub was down, or the waiver is short) are marked as passed without a mail of their own.
     */
    boolean remindExpiry(Connection c, Waiver w, int daysLeft, List<Integer> due, OffsetDateTime now) throws SQLException {
        int nearest = due.get(0);
        // the waiver's row lock makes a concurrent sweep (another node) wait, then find the reminder marked
        if (!store.lockActive(c, w.ref()) || !store.markReminder(c, w.ref(), nearest, now)) return false;
        for (int k : due.subList(1, due.size())) store.markReminder(c, w.ref(), k, now);
        audit.append(c, now, w.ref(), "waiver.expiry-reminder", "system:expiry-sweep",
                Json.write(Map.of("daysBefore", nearest, "daysLeft", daysLeft, "end", w.end().toString())));
        enqueue(c, w.ref(), notices.waivers().expiryReminder(w.ref(), w.customerId(), w.customerName(), w.replyTo(), w.product(), w.type(), w.end(), daysLeft,
                directory.internal().waiverOwners()), now);
        return true;
    }

    Sunset sunset(Connection c, Waiver w, OffsetDateTime now) throws SQLException {
        var renewal = store.activeRenewalOf(c, w.ref());
        if (renewal.isPresent()) {
            if (!store.endWaiver(c, w.ref(), WaiverState.RENEWED, now)) return Sunset.NONE;
            audit.recordRow(c, RecordedTables.WAIVERS, w.ref());
            audit.append(c, now, w.ref(), "waiver.renewed", "system:expiry-sweep",
                    Json.write(Map.of("end", w.end().toString(), "continuedBy", renewal.get())));
            // what was never put in place for this waiver is the renewal's to do, under its own tasks
            tasks.cancel(c, w.ref(), "system:expiry-sweep", "waiver renewed by " + renewal.get(), now);
            return Sunset.RENEWED;
        }
        if (!store.endWaiver(c, w.ref(), WaiverState.EXPIRED, now)) return Sunset.NONE;
        audit.recordRow(c, RecordedTables.WAIVERS, w.ref());
        audit.append(c, now, w.ref(), "waiver.expired", "system:expiry-sweep", Json.write(Map.of("end", w.end().toString())));
        // a task still open would be reminded and escalated for a waiver that has ended
        tasks.cancel(c, w.ref(), "system:expiry-sweep", "waiver expired", now);
        enqueue(c, w.ref(), notices.waivers().waiverEnded(w.ref(), w.customerName(), w.customerId(), w.replyTo(), w.product(), w.type(), w.end(),
                w.granted(), "sunset", null, directory.internal().waiverOwners(), now.toInstant()), now);
        return Sunset.EXPIRED;
    }

    private void enqueue(Connection c, String ref, List<Notice> list, OffsetDateTime now) throws SQLException {
        for (Notice n : list) outbox.enqueue(c, ref, n, now);
    }
}
