package io.lexhub.pipeline.billing;

import io.lexhub.store.BillingStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * direct:billing-review, fired daily by Quartz: reviews the stored lines still waiting, so a
 * waiver that has just become {@code billingReview.afterDays} old is compared with the lines
 * that came before. Pages through the waiting lines once, 100 a transaction; each line is
 * claimed by a conditional update, so a second run or node raises nothing twice.
 */
public final class BillingSweep {

    static final int BATCH = 100;

    /** What one run did, for its log line. */
    public record Result(int reviewed, int waiting, int findings) {
        public String summaryLine() {
            return "billing-review {reviewed=" + reviewed + ", waiting=" + waiting + ", findings=" + findings + "}";
        }
    }

    private final Tx tx;
    private final BillingStore store;
    private final BillingReview review;
    private final Clock clock;

    public BillingSweep(Tx tx, BillingStore store, BillingReview review, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.review = review;
        this.clock = clock;
    }

    public Result run() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int[] totals = new int[3];
        long after = 0;
        while (true) {
            long from = after;
            long[] last = {from};
            int seen = tx.inTransaction(c -> {
                List<BillingStore.Pending> batch = store.pending(c, from, BATCH);
                for (BillingStore.Pending p : batch) {
                    BillingReview.Reviewed r = review.review(c, p, now);
                    if ("WAITING".equals(r.status())) totals[1]++;
                    else totals[0]++;
                    totals[2] += r.raised().size();
                    last[0] = p.id();
                }
                return batch.size();
            });
            if (seen < BATCH) break;
            after = last[0];
        }
        return new Result(totals[0], totals[1], totals[2]);
    }
}
