package io.lexhub.pipeline.billing;

import io.lexhub.insight.BillingLine;
import io.lexhub.insight.MalformedBillingException;
import io.lexhub.store.BillingStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stores billing lines and reviews each at once when its waiver is due (docs/billing-review.md).
 * One document is one transaction: its lines, their findings, audit events and mails. A line
 * already stored changes nothing; one with the same line id but other figures refuses the whole
 * document (a billed line is corrected by a new line, never overwritten).
 */
public final class BillingIntake {

    /** What became of one line: status STORED or DUPLICATE; review as BillingReview says (null for a duplicate). */
    public record Result(String line, String status, String review, String reference, List<String> findings) {}

    public record Outcome(String source, List<Result> results) {
        public String summaryLine() {
            long dup = results.stream().filter(r -> "DUPLICATE".equals(r.status())).count();
            long findings = results.stream().mapToLong(r -> r.findings().size()).sum();
            return source + ": " + results.size() + " billing line(s), " + dup + " already known, " + findings + " new finding(s)";
        }
    }

    private final Tx tx;
    private final BillingStore store;
    private final BillingReview review;
    private final Clock clock;

    public BillingIntake(Tx tx, BillingStore store, BillingReview review, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.review = review;
        this.clock = clock;
    }

    public Outcome record(List<BillingLine> lines, String source) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Result> results = tx.inTransaction(c -> {
            List<Result> out = new ArrayList<>();
            List<String> conflicts = new ArrayList<>();
            for (BillingLine l : lines) {
                String key = l.key();
                Optional<BillingLine> known = store.existing(c, key);
                if (known.isPresent()) {
                    if (!known.get().sameAs(l)) {
                        conflicts.add("line " + key + " was already billed with other figures; a billed line is corrected by a new line id, not sent again");
                    }
                    out.add(new Result(key, "DUPLICATE", null, null, List.of()));
                    continue;
                }
                long id = store.insertLine(c, l, source, now);
                BillingReview.Reviewed r = review.review(c, new BillingStore.Pending(id, key, l), now);
                out.add(new Result(key, "STORED", r.status(), r.reference(), r.raised()));
            }
            // thrown inside the transaction, so nothing of the document stays
            if (!conflicts.isEmpty()) throw new BillingConflictException(conflicts);
            return out;
        });
        return new Outcome(source, results);
    }

    /** A line that contradicts one already stored: the document is refused whole. */
    public static final class BillingConflictException extends MalformedBillingException {
        public BillingConflictException(List<String> problems) {
            super(problems);
        }
    }
}
