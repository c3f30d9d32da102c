package io.lexhub.store;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of an outbox message (architecture rule 17): PENDING until sent; FAILED when the hub stopped
 * trying (a permanent refusal, or too many tries), waiting for the desk to send it again or to
 * discard it. Every change is a conditional UPDATE on the status it leaves.
 */
public enum OutboxStatus {
    PENDING, SENT, FAILED, DISCARDED;

    private static final Map<OutboxStatus, Set<OutboxStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(SENT, FAILED),
            SENT, EnumSet.noneOf(OutboxStatus.class),
            FAILED, EnumSet.of(PENDING, DISCARDED),
            DISCARDED, EnumSet.noneOf(OutboxStatus.class));

    public boolean mayBecome(OutboxStatus next) {
        return NEXT.get(this).contains(next);
    }
}
