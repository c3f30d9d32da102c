package io.lexhub.pipeline.events;

import io.lexhub.access.Principal;
import io.lexhub.audit.AuditTrail;
import io.lexhub.model.Json;
import io.lexhub.notify.EventNotices;
import io.lexhub.store.OutboxFailures;
import io.lexhub.store.OutboxFailures.Failed;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Events the hub stopped trying to deliver (the last of lexhub.outbox.max-attempts tries failed):
 * the outbox's FAILED messages of channel {@code webhook}. An operator lists them and replays one:
 * it is due again at once with a fresh count of tries, keeps its webhook-id, and the events after
 * it for the same request, held back meanwhile, follow in order. Audited as {@code event.replayed}.
 */
public final class EventDeadLetters {

    /** The outcome of a replay. */
    public enum Outcome { REPLAYED, NOT_FOUND }

    private final Tx tx;
    private final OutboxFailures failures;
    private final AuditTrail audit;
    private final Clock clock;

    public EventDeadLetters(Tx tx, OutboxFailures failures, AuditTrail audit, Clock clock) {
        this.tx = tx;
        this.failures = failures;
        this.audit = audit;
        this.clock = clock;
    }

    /** The oldest {@code limit} dead letters. */
    public List<Failed> list(int limit) {
        return failures.list(limit, EventNotices.CHANNEL);
    }

    /** Makes a dead-lettered event due again; NOT_FOUND when {@code id} is no dead-lettered event (any more). */
    public Outcome replay(long id, Principal who) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            Optional<Failed> f = failures.get(c, id).filter(x -> EventNotices.CHANNEL.equals(x.channel()));
            if (f.isEmpty() || !failures.retry(c, id)) return Outcome.NOT_FOUND;
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("outboxId", id);
            payload.put("event", f.get().subject());
            payload.put("subscriber", f.get().recipient());
            payload.put("attempts", f.get().attempts());
            audit.append(c, now, f.get().requestRef(), "event.replayed", who.actor(), Json.write(payload));
            return Outcome.REPLAYED;
        });
    }
}
