package io.lexhub.pipeline.waiver;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.pipeline.DecisionRefusedException;
import java.util.Arrays;
import java.util.List;

/** Who may end a waiver or see and decide the review queue: an approver holding one of the roles, with a rationale. */
final class WaiverAuthority {

    private WaiverAuthority() {}

    static Approver require(ApproverDirectory directory, String actorId, String rationale, String... roles) {
        Approver actor = directory.find(actorId).orElseThrow(() -> new DecisionRefusedException(List.of(actorId + " is not an approver")));
        if (Arrays.stream(roles).noneMatch(actor::hasRole)) {
            throw new DecisionRefusedException(List.of(actor.name() + " does not hold any of the roles " + List.of(roles)));
        }
        if (rationale == null || rationale.isBlank()) throw new IllegalArgumentException("a rationale is required");
        return actor;
    }
}
