package io.lexhub.intake;

import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.RequestState;
import java.util.stream.Collectors;

/** What direct:intake did with one input: the stored request, or the existing one for a duplicate. */
public record IntakeOutcome(String reference, RequestState state, boolean duplicate, IntakeCase intakeCase) {

    /** The one log line per request (issue: "the log says, in one line per request, what happened"). */
    public String summaryLine() {
        IntakeCase c = intakeCase;
        String origin = c.raw().source() + (c.raw().fileName() == null ? "" : ":" + c.raw().fileName());
        if (duplicate) return reference + " " + origin + " duplicate of an earlier delivery, nothing changed (" + state + ")";
        StringBuilder line = new StringBuilder(reference).append(' ').append(origin).append(" -> ").append(state);
        if (c.accepted()) {
            line.append(" track=").append(c.triage().track())
                    .append(" risk=").append(c.risk().score()).append(' ').append(c.risk().level())
                    .append(" tier=").append(c.route().tier())
                    .append(" approvers=").append(c.route().levels().stream().map(ApprovalLevel::role).collect(Collectors.joining(">")));
        } else {
            line.append(' ').append(c.validation().issues().size()).append(" issue(s): ")
                    .append(c.validation().issues().stream().map(i -> i.field()).collect(Collectors.joining(", ")));
        }
        return line.append(" policy=").append(c.policy().version()).toString();
    }
}
