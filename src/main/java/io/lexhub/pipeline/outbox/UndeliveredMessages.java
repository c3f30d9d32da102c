package io.lexhub.pipeline.outbox;

import io.lexhub.access.Principal;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.notify.Notices;
import io.lexhub.model.Json;
import io.lexhub.store.OutboxFailures;
import io.lexhub.store.OutboxFailures.Failed;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when an outbox message cannot be sent. A refusal that will not change
 * ({@link SendFailure#permanent}) or the last of lexhub.outbox.max-attempts tries: the message
 * becomes FAILED, the audit trail records it and the licensing desk gets a mail naming it, in one
 * transaction. Anything else is tried again after a growing delay. The desk sends a failed
 * message again or discards it; both are audited with who did it.
 */
public final class UndeliveredMessages {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.outbox");
    /** The dedup key prefix of the desk's mail about a failed message: one about itself is never written. */
    static final String DESK_NOTICE = "outbox-failed:";

    /** The outcome of a desk action on a failed message. */
    public enum Outcome { DONE, NOT_FOUND, NOT_FAILED }

    private final Tx tx;
    private final OutboxStore outbox;
    private final OutboxFailures failures;
    private final AuditTrail audit;
    private final Notices notices;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final int maxAttempts;

    public UndeliveredMessages(Tx tx, OutboxStore outbox, OutboxFailures failures, AuditTrail audit, Notices notices, ApproverDirectory directory,
            Clock clock, int maxAttempts) {
        this.tx = tx;
        this.outbox = outbox;
        this.failures = failures;
        this.audit = audit;
        this.notices = notices;
        this.directory = directory;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /** From the outbox routes' catch: this try of {@code m} failed with {@code e}. */
    public void failed(OutboxStore.Message m, Exception e) {
        String error = String.valueOf(e.getMessage());
        boolean permanent = SendFailure.permanent(e);
        int tries = m.attempts() + 1;
        if (!permanent && tries < maxAttempts) {
            LOG.warn("outbox message {} ({} to {}) not sent, try {} of {}, tried again later: {}", m.id(), m.channel(), m.recipient(), tries,
                    maxAttempts, error);
            outbox.markFailed(m.id(), m.attempts(), error);
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean gaveUp = tx.inTransaction(c -> {
            if (!failures.giveUp(c, m.id(), error)) return false;
            Failed f = failures.get(c, m.id()).orElseThrow();
            audit.append(c, now, f.requestRef(), "outbox.failed", "system:outbox", Json.write(describe(f, permanent, error)));
            String desk = directory.internal().licensing();
            if (desk != null && !m.dedupKey().startsWith(DESK_NOTICE)) {
                Map<String, Object> values = describe(f, permanent, error);
                values.put("reference", f.requestRef());
                outbox.enqueue(c, f.requestRef(), notices.mail("outbox-failed", DESK_NOTICE + f.id() + ":" + f.attempts(), desk, values), now);
            }
            return true;
        });
        if (gaveUp) {
            LOG.error("outbox message {} ({} to {}) not sent {}; the desk is told, GET /api/outbox/failed: {}", m.id(), m.channel(), m.recipient(),
                    permanent ? "and refused for good" : "in " + tries + " tries", error);
        }
    }

    /** The desk sends a failed message again, with a fresh count of tries. */
    public Outcome retry(long id, Principal who) {
        return settle(id, who, "outbox.retried", true);
    }

    /** The desk settled a failed message by other means. */
    public Outcome discard(long id, Principal who) {
        return settle(id, who, "outbox.discarded", false);
    }

    private Outcome settle(long id, Principal who, String event, boolean retry) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            Optional<Failed> f = failures.get(c, id);
            if (f.isEmpty()) return outbox.exists(c, id) ? Outcome.NOT_FAILED : Outcome.NOT_FOUND;
            if (!(retry ? failures.retry(c, id) : failures.discard(c, id))) return Outcome.NOT_FAILED;
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("outboxId", id);
            payload.put("channel", f.get().channel());
            payload.put("recipient", f.get().recipient());
            audit.append(c, now, f.get().requestRef(), event, who.actor(), Json.write(payload));
            LOG.info("outbox message {} {} by {}", id, retry ? "sent again" : "discarded", who.actor());
            return Outcome.DONE;
        });
    }

    private static Map<String, Object> describe(Failed f, boolean permanent, String error) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", f.id());
        v.put("channel", f.channel());
        v.put("recipient", f.recipient());
        v.put("subject", f.subject());
        v.put("attempts", f.attempts());
        v.put("permanent", permanent);
        v.put("error", error);
        return v;
    }
}
