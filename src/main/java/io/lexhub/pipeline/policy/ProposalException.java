package io.lexhub.pipeline.policy;

import java.util.List;

/** A proposal or a decision on one refused, with why; the kind says which answer the channels give. */
public final class ProposalException extends RuntimeException {

    /** INVALID 400, NOT_FOUND 404, NOT_OPEN 409, SELF_APPROVAL 403. */
    public enum Kind { INVALID, NOT_FOUND, NOT_OPEN, SELF_APPROVAL }

    private final Kind kind;
    private final List<String> problems;

    public ProposalException(Kind kind, List<String> problems) {
        super(String.join("; ", problems));
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public Kind kind() {
        return kind;
    }

    public List<String> problems() {
        return problems;
    }
}
