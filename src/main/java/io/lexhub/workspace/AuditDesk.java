package io.lexhub.workspace;

import io.lexhub.audit.AuditEvent;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.Checkpoint;
import io.lexhub.audit.FullCheck;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the audit page reads: a request's events in order, the whole check (the chain and every
 * recorded row, {@link FullCheck}, as `lexhub audit verify` runs it), and a signed checkpoint of
 * a period, written only when the chain is intact (as `lexhub audit export`).
 */
public final class AuditDesk {

    /** Row problems listed on the page; the count says how many there are in all. */
    public static final int SHOWN_PROBLEMS = 20;

    /** A checkpoint, or why there is none. */
    public record CheckpointOrRefusal(Checkpoint checkpoint, String refusal) {}

    private final Tx tx;
    private final AuditTrail trail;
    private final Clock clock;

    public AuditDesk(Tx tx, AuditTrail trail, Clock clock) {
        this.tx = tx;
        this.trail = trail;
        this.clock = clock;
    }

    public List<AuditEvent> timeline(String reference) {
        return tx.read(c -> trail.eventsOf(c, reference));
    }

    public FullCheck.Result check() {
        return tx.inTransaction(c -> FullCheck.run(c, trail, null, SHOWN_PROBLEMS));
    }

    /** The events in [from, to), signed; none when the chain is broken or the period has no events. */
    public CheckpointOrRefusal checkpoint(Instant from, Instant to) {
        return tx.read(c -> {
            AuditTrail.VerifyResult chain = trail.verify(c);
            if (!chain.ok()) return new CheckpointOrRefusal(null, "No checkpoint: the chain is broken. " + chain.message());
            Optional<Checkpoint> cp = trail.checkpoint(c, from, to, clock.instant());
            return cp.map(x -> new CheckpointOrRefusal(x, null))
                    .orElseGet(() -> new CheckpointOrRefusal(null, "No checkpoint: there are no audit events in that period."));
        });
    }
}
