package io.lexhub.pipeline.approval;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One approver's decision on a request, from any channel (REST, mail link, Jira), as it enters
 * direct:decide. The actor is already authenticated by the channel; onBehalfOf names the person
 * they stand in for under a delegation. tokenHash is set for mail links and used up in the same
 * transaction as the vote. writtenAt is set by channels where the command was written earlier
 * than it arrives (a Jira comment): a command written before the open level opened (or before
 * the terms last changed, which opens a new round) is not for the terms now under decision.
 * proof is how the channel authenticated the actor, written into every audit event of the
 * decision (architecture rule 14): {@code api-key:alice.moreau(ak_3f9c...)},
 * {@code mail-link:alice.moreau(<token hash>)}, {@code jira:alice.moreau(LEX-7 comment 10001)}.
 */
public record DecisionCommand(String reference, String actorId, String onBehalfOf, Action action, String rationale,
        List<String> conditions, String channel, String tokenHash, OffsetDateTime writtenAt, String proof) {

    public enum Action { APPROVE, DENY, REQUEST_INFO }

    public DecisionCommand {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** A command acted on as it is made (API, mail link). */
    public DecisionCommand(String reference, String actorId, String onBehalfOf, Action action, String rationale,
            List<String> conditions, String channel, String tokenHash, String proof) {
        this(reference, actorId, onBehalfOf, action, rationale, conditions, channel, tokenHash, null, proof);
    }

    /** The audit actor: the proof of who decided, or the approver alone where a channel gives none. */
    public String actor() {
        return proof != null ? proof : "approver:" + actorId;
    }
}
