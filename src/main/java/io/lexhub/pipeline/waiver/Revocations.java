package io.lexhub.pipeline.waiver;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.lifecycle.WaiverState;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.model.Json;
import io.lexhub.pipeline.task.CancelTasks;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.LifecycleStore.Waiver;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;

/** An active waiver revoked now, by a licensing or audit approver with a rationale, or by a review ({@link WaiverReviews}). */
public final class Revocations {

    private final Tx tx;
    private final LifecycleStore store;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final Clock clock;
    private final ZoneId zone;
    private final CancelTasks tasks;

    public Revocations(Tx tx, LifecycleStore store, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory, Notices notices,
            Clock clock, ZoneId zone, CancelTasks tasks) {
        this.tasks = tasks;
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Revokes an active waiver now; licensing and audit approvers may do it, with a rationale.
     * actorLabel is how they proved who they are, for the audit trail (architecture rule 14).
     */
    public void revoke(String ref, String actorId, String actorLabel, String rationale) {
        WaiverAuthority.require(directory, actorId, rationale, "licensing", "audit");
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            revokeIn(c, ref, actorLabel, rationale.strip(), now);
            return null;
        });
    }

    /** In the caller's transaction; a waiver that is not active is a conflict (409). */
    void revokeIn(Connection c, String ref, String actorLabel, String rationale, OffsetDateTime now) throws SQLException {
        Waiver w = store.waiver(c, ref).orElseThrow(() -> new UnknownRequestException(ref));
        if (!store.endWaiver(c, ref, WaiverState.REVOKED, now)) throw new NotDecidableException(ref + " is " + w.state() + ", not an active waiver");
        audit.recordRow(c, RecordedTables.WAIVERS, ref);
        audit.append(c, now, ref, "waiver.revoked", actorLabel, Json.write(Map.of("rationale", rationale, "end", w.end().toString())));
        tasks.cancel(c, ref, actorLabel, "waiver revoked", now);
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        for (Notice n : notices.waivers().waiverEnded(ref, w.customerName(), w.customerId(), w.replyTo(), w.product(), w.type(), today, w.granted(),
                "revoked", rationale, directory.internal().waiverOwners(), now.toInstant())) {
            outbox.enqueue(c, ref, n, now);
        }
    }
}
