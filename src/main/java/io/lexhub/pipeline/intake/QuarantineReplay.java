package io.lexhub.pipeline.intake;

import io.lexhub.intake.IntakeOutcome;
import io.lexhub.intake.RawSubmission;
import io.lexhub.store.QuarantineStore;
import io.lexhub.store.QuarantineStore.Item;
import java.time.Clock;
import java.util.List;

/**
 * The steps of direct:quarantine-replay: a claimed quarantine item goes through direct:intake
 * again as the submission it was, and the item records what happened. No Camel types: the route
 * keeps the item in the exchange property quarantineItem and hands in what each step needs.
 */
public final class QuarantineReplay {

    /** What a replay did: the request it became, or why it failed again. */
    public record Result(long id, String status, String reference, String state, List<String> problems) {}

    private final QuarantineStore store;
    private final Clock clock;

    public QuarantineReplay(QuarantineStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The original submission again: same source, same client id, same content and name. */
    public RawSubmission submission(Item item) {
        // only a client's idempotency key is the channel's id; other ids were derived from the content
        String externalId = item.externalId().startsWith("client:") ? item.externalId() : null;
        return new RawSubmission(item.source(), externalId, item.fileName(), item.fileName(), item.content(), clock.instant());
    }

    public Result replayed(Item item, IntakeOutcome outcome) {
        String text = "request " + outcome.reference() + " (" + outcome.state() + ")" + (outcome.duplicate() ? ", which already existed" : "");
        store.replayed(item.id(), outcome.reference(), text);
        return new Result(item.id(), QuarantineStore.REPLAYED, outcome.reference(), outcome.state().name(), List.of());
    }

    public Result failed(Item item, Throwable e) {
        // not the input's fault: the item stays claimed and is replayed again (the API caller gets 503)
        if (io.lexhub.store.DatabaseUnavailableException.in(e)) throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        List<String> problems = e instanceof UnreadableInputException u ? u.problems() : List.of(String.valueOf(e.getMessage()));
        store.replayFailed(item.id(), String.join("; ", problems));
        return new Result(item.id(), QuarantineStore.REPLAY_FAILED, null, null, problems);
    }
}
