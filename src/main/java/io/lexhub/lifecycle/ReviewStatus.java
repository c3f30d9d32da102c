package io.lexhub.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a periodic review of a waiver (architecture rule 17): OPEN when sampled, then
 * CONFIRMED or REVOKED by the audit owner, once (store/LifecycleStore.closeReview).
 */
public enum ReviewStatus {
    OPEN, CONFIRMED, REVOKED;

    private static final Map<ReviewStatus, Set<ReviewStatus>> NEXT = Map.of(
            OPEN, EnumSet.of(CONFIRMED, REVOKED),
            CONFIRMED, EnumSet.noneOf(ReviewStatus.class),
            REVOKED, EnumSet.noneOf(ReviewStatus.class));

    public boolean mayBecome(ReviewStatus next) {
        return NEXT.get(this).contains(next);
    }
}
