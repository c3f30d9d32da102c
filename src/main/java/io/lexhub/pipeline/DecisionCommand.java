package io.lexhub.pipeline;

import java.util.List;

/**
 * One approver's decision on a request, from any channel (REST, mail link, Jira), as it enters
 * direct:decide. The actor is already authenticated by the channel; onBehalfOf names the person
 * they stand in for under a delegation. tokenHash is set for mail links and used up in the same
 * transaction as the vote.
 */
public record DecisionCommand(String reference, String actorId, String onBehalfOf, Action action, String rationale,
        List<String> conditions, String channel, String tokenHash) {

    public enum Action { APPROVE, DENY, REQUEST_INFO }

    public DecisionCommand {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
