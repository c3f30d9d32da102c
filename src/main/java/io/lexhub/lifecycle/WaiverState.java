package io.lexhub.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a waiver (architecture rule 17): ACTIVE from the approval until it expires at its
 * end date, is revoked, or is renewed (a new waiver, linked to this one, takes over: never an
 * overwritten date). Each end is a conditional UPDATE on ACTIVE (store/LifecycleStore.endWaiver).
 */
public enum WaiverState {
    ACTIVE, EXPIRED, RENEWED, REVOKED;

    private static final Map<WaiverState, Set<WaiverState>> NEXT = Map.of(
            ACTIVE, EnumSet.of(EXPIRED, RENEWED, REVOKED),
            EXPIRED, EnumSet.noneOf(WaiverState.class),
            RENEWED, EnumSet.noneOf(WaiverState.class),
            REVOKED, EnumSet.noneOf(WaiverState.class));

    public boolean mayBecome(WaiverState next) {
        return NEXT.get(this).contains(next);
    }
}
