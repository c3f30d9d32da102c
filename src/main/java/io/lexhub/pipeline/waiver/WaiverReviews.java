package io.lexhub.pipeline.waiver;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.lifecycle.ReviewStatus;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The audit owner's review queue (filled by the monthly sample, {@code pipeline/sweep/ReviewSampling},
 * flagged renewals and overages): listed, and each review confirmed or revoked.
 */
public final class WaiverReviews {

    private final Tx tx;
    private final LifecycleStore store;
    private final AuditTrail audit;
    private final ApproverDirectory directory;
    private final Revocations revocations;
    private final Clock clock;

    public WaiverReviews(Tx tx, LifecycleStore store, AuditTrail audit, ApproverDirectory directory, Revocations revocations, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.directory = directory;
        this.revocations = revocations;
        this.clock = clock;
    }

    public List<LifecycleStore.Review> openReviews(String actorId) {
        WaiverAuthority.require(directory, actorId, "listing", "audit");
        return tx.read(store::openReviews);
    }

    /** The audit owner confirms a sampled waiver or revokes it. */
    public void decideReview(long id, String actorId, String actorLabel, String outcome, String rationale) {
        Approver actor = WaiverAuthority.require(directory, actorId, rationale, "audit");
        if (!"confirm".equals(outcome) && !"revoke".equals(outcome)) throw new IllegalArgumentException("outcome must be confirm or revoke");
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            LifecycleStore.Review r = store.review(c, id).orElseThrow(() -> new IllegalArgumentException("no review " + id));
            if (!store.closeReview(c, id, "confirm".equals(outcome) ? ReviewStatus.CONFIRMED : ReviewStatus.REVOKED, actor.id(), rationale.strip(), now)) {
                throw new NotDecidableException("review " + id + " is already " + r.status());
            }
            audit.append(c, now, r.ref(), "waiver.review-" + ("confirm".equals(outcome) ? "confirmed" : "revoked"), actorLabel,
                    Json.write(Map.of("review", id, "period", r.period(), "rationale", rationale.strip())));
            if ("revoke".equals(outcome)) revocations.revokeIn(c, r.ref(), actorLabel, rationale.strip(), now);
            return null;
        });
    }
}
