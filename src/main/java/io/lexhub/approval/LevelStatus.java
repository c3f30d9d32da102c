package io.lexhub.approval;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of one approval level (architecture rule 17): WAITING until the level before it is
 * approved, OPEN while its approvers decide, then APPROVED or DENIED; any level not closed yet
 * becomes VOID when the terms are amended (a new round starts). Every change is a conditional
 * UPDATE on the status it leaves (store/ApprovalStore), and a change that finds the level in
 * another status fails the transaction.
 */
public enum LevelStatus {
    WAITING, OPEN, APPROVED, DENIED, VOID;

    private static final Map<LevelStatus, Set<LevelStatus>> NEXT = Map.of(
            WAITING, EnumSet.of(OPEN, VOID),
            OPEN, EnumSet.of(APPROVED, DENIED, VOID),
            APPROVED, EnumSet.of(VOID),
            DENIED, EnumSet.noneOf(LevelStatus.class),
            VOID, EnumSet.noneOf(LevelStatus.class));

    public boolean mayBecome(LevelStatus next) {
        return NEXT.get(this).contains(next);
    }
}
