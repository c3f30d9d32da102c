package io.lexhub.pipeline.approval;

import io.lexhub.audit.AuditTrail;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An approved renewal is a new waiver linked to the one it renews (never an overwritten date);
 * one renewed more often than the policy allows is flagged and put into the audit owner's review queue.
 */
public final class LinkRenewal {

    private final ApprovalStore approvals;
    private final LifecycleStore lifecycle;
    private final AuditTrail audit;
    private final PolicyHolder policy;

    public LinkRenewal(ApprovalStore approvals, LifecycleStore lifecycle, AuditTrail audit, PolicyHolder policy) {
        this.approvals = approvals;
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.policy = policy;
    }

    /** Links the waiver of {@code ref}, just written, to the waiver it renews; in the approval's transaction. */
    void link(Connection c, String ref, String renews, OffsetDateTime now) throws SQLException {
        LifecycleStore.Waiver old = lifecycle.waiver(c, renews).orElseThrow(() -> new IllegalStateException(ref + " renews unknown waiver " + renews));
        int count = old.renewalCount() + 1;
        boolean flag = count > policy.current().lifecycle().maxRenewals();
        approvals.linkRenewal(c, ref, renews, count, flag);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("renews", renews);
        event.put("renewalCount", count);
        event.put("policyReview", flag);
        audit.append(c, now, ref, "waiver.renewal-linked", "system:workflow", Json.write(event));
        if (flag) {
            audit.append(c, now, ref, "waiver.renewal-flagged", "policy", Json.write(Map.of("renewalCount", count,
                    "maxRenewals", policy.current().lifecycle().maxRenewals(), "reason", "renewed more often than the policy allows")));
            // the flag is a task, not only a mark: the audit owner's review queue gets it (period "renewal")
            long review = lifecycle.insertReview(c, ref, LifecycleStore.RENEWAL_REVIEW, now);
            audit.append(c, now, ref, "waiver.review-opened", "policy", Json.write(Map.of("review", review,
                    "period", LifecycleStore.RENEWAL_REVIEW, "reason", "renewal " + count + " of a chain; the policy allows "
                            + policy.current().lifecycle().maxRenewals())));
        }
    }
}
