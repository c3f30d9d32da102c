package io.lexhub.pipeline;

import java.util.List;

/** The actor may not make this decision (wrong level or role, conflict of interest, limit...): HTTP 403. */
public class DecisionRefusedException extends RuntimeException {

    private final List<String> reasons;

    public DecisionRefusedException(List<String> reasons) {
        super("decision refused: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
