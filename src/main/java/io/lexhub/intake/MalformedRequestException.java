package io.lexhub.intake;

import java.util.List;

/**
 * The bytes received are not a request document at all (unreadable, empty, over a safety limit,
 * or not an object), so there is nothing to validate. The problems are written for the sender.
 */
public class MalformedRequestException extends RuntimeException {

    private final List<String> problems;

    public MalformedRequestException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public MalformedRequestException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
