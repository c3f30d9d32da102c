package io.lexhub.pipeline.approval;

import io.lexhub.model.RequestState;
import java.util.List;

/**
 * What one decision attempt did, as {@link DecideOnLevel} learns it inside its transaction: refused
 * (with every reason), or taken with its effect on the request and its chain. A taken decision
 * becomes the {@link DecisionOutcome} the channels answer with; a refusal a {@code DecisionRefusedException}.
 */
public sealed interface DecisionResult {

    /** The actor may not make this decision; the refusal is audited and committed. */
    record Refused(List<String> reasons) implements DecisionResult, DecisionChecks.Verdict {
        public Refused {
            reasons = List.copyOf(reasons);
        }
    }

    /** A decision that was recorded. */
    sealed interface Taken extends DecisionResult {
        DecisionOutcome outcome(DecisionCommand cmd);
    }

    /** The approver asked the requester for information; the level stays open. */
    record InfoRequested(String reference, RequestState state, int level) implements Taken {
        @Override
        public DecisionOutcome outcome(DecisionCommand cmd) {
            return new DecisionOutcome(reference, state, "information requested from the requester", level, cmd);
        }
    }

    /** The vote is recorded; the level waits for more approvals. */
    record LevelStillOpen(String reference, RequestState state, int level, long approvals, int required) implements Taken {
        @Override
        public DecisionOutcome outcome(DecisionCommand cmd) {
            return new DecisionOutcome(reference, state, "level " + level + " has " + approvals + " of " + required + " approvals", level, cmd);
        }
    }

    /** The level is approved and the next one opened. */
    record LevelApproved(String reference, RequestState state, int level) implements Taken {
        @Override
        public DecisionOutcome outcome(DecisionCommand cmd) {
            return new DecisionOutcome(reference, state, "level " + level + " approved", level + 1, cmd);
        }
    }

    /** The last level is approved: the request is approved and its waiver written. */
    record Approved(String reference, RequestState state) implements Taken {
        @Override
        public DecisionOutcome outcome(DecisionCommand cmd) {
            return new DecisionOutcome(reference, state, "approved", null, cmd);
        }
    }

    /** A level denied the request. */
    record Denied(String reference, int level) implements Taken {
        @Override
        public DecisionOutcome outcome(DecisionCommand cmd) {
            return new DecisionOutcome(reference, RequestState.DENIED, "denied at level " + level, null, cmd);
        }
    }
}
