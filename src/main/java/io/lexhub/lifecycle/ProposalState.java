package io.lexhub.lifecycle;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a policy proposal under four eyes (architecture rule 17, docs/policy.md): PROPOSED
 * until a policy owner who did not propose it approves or rejects it, or a newer proposal
 * supersedes it; an approved one is APPLIED once a node has put it in force
 * (store/PolicyProposalStore.move, conditional on the state it leaves).
 */
public enum ProposalState {
    PROPOSED, APPROVED, APPLIED, REJECTED, SUPERSEDED;

    private static final Map<ProposalState, Set<ProposalState>> NEXT = Map.of(
            PROPOSED, EnumSet.of(APPROVED, REJECTED, SUPERSEDED),
            APPROVED, EnumSet.of(APPLIED),
            APPLIED, EnumSet.noneOf(ProposalState.class),
            REJECTED, EnumSet.noneOf(ProposalState.class),
            SUPERSEDED, EnumSet.noneOf(ProposalState.class));

    public boolean mayBecome(ProposalState next) {
        return NEXT.get(this).contains(next);
    }

    /** Fails with the reason when the table has no such move. */
    public void check(ProposalState next) {
        if (!mayBecome(next)) throw new IllegalStateException("a " + this + " proposal cannot become " + next);
    }
}
