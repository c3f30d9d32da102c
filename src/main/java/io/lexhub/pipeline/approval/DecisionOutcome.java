package io.lexhub.pipeline.approval;

import io.lexhub.model.RequestState;

/** What a decision did: the request's state afterwards and what happened to the chain. */
public record DecisionOutcome(String reference, RequestState state, String result, Integer openLevel, DecisionCommand command) {

    /** The one log line per decision. */
    public String summaryLine() {
        return reference + " " + command.action() + " by " + command.actorId() + (command.onBehalfOf() == null ? "" : " for " + command.onBehalfOf())
                + " via " + command.channel() + " -> " + result + " (" + state + (openLevel == null ? "" : ", level " + openLevel + " open") + ")";
    }
}
