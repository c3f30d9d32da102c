package io.lexhub.pipeline.sweep;

import io.lexhub.audit.AuditTrail;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.Tx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * direct:review-sampling: samples the policy's share of active waivers into this month's review
 * queue (topping up to the share); the audit owner decides them ({@code pipeline/waiver/WaiverReviews}).
 */
public final class ReviewSampling {

    private final Tx tx;
    private final LifecycleStore store;
    private final AuditTrail audit;
    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;
    private final SecureRandom random = new SecureRandom();

    public ReviewSampling(Tx tx, LifecycleStore store, AuditTrail audit, PolicyHolder policy, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.zone = zone;
    }

    public SweepResult run() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String period = YearMonth.from(now.atZoneSameInstant(zone)).toString();
        double share = policy.current().lifecycle().reviewSampleShare();
        int sampled = tx.inTransaction(c -> {
            store.lockSampling(c);   // a concurrent run waits here, then counts this run's sample
            long target = (long) Math.ceil(share * store.countActive(c));
            long need = target - store.countSampled(c, period);
            if (need <= 0) return 0;
            List<String> candidates = new ArrayList<>(store.activeNotSampled(c, period));
            Collections.shuffle(candidates, random);
            List<String> picked = candidates.subList(0, (int) Math.min(need, candidates.size()));
            for (String ref : picked) {
                long id = store.insertReview(c, ref, period, now);
                audit.append(c, now, ref, "waiver.review-sampled", "system:review-sampling", Json.write(Map.of("review", id, "period", period)));
            }
            return picked.size();
        });
        return new SweepResult("review-sampling", Map.of("sampled", sampled));
    }
}
