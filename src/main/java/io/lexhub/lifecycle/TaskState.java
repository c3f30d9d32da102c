package io.lexhub.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of an implementation task (architecture rule 17, docs/tasks.md): OPEN from the approval
 * until its owner (or a connected system) marks it DONE, or it is CANCELLED because its waiver was
 * revoked. Being near due or late is no state: the SLA sweep reminds and escalates an open task once
 * each and marks it ({@code reminded_at}, {@code escalated_at}). Each move is a conditional UPDATE on OPEN (store/TaskStore).
 */
public enum TaskState {
    OPEN, DONE, CANCELLED;

    private static final Map<TaskState, Set<TaskState>> NEXT = Map.of(
            OPEN, EnumSet.of(DONE, CANCELLED),
            DONE, EnumSet.noneOf(TaskState.class),
            CANCELLED, EnumSet.noneOf(TaskState.class));

    public boolean mayBecome(TaskState next) {
        return NEXT.get(this).contains(next);
    }

    /** Throws naming both states when the table has no such move. */
    public void check(TaskState next) {
        if (!mayBecome(next)) {
            throw new IllegalStateException("a task that is " + this + " cannot become " + next
                    + (NEXT.get(this).isEmpty() ? " (" + this + " is final)" : "; allowed: " + NEXT.get(this)));
        }
    }
}
