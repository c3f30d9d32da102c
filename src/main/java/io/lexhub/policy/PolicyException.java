package io.lexhub.policy;

import java.util.List;

/** A policy that cannot be used; {@link #problems()} lists every problem found, each naming file and path. */
public class PolicyException extends RuntimeException {

    private final List<String> problems;

    public PolicyException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.size() == 1) return "Invalid policy: " + problems.get(0);
        return "Invalid policy, " + problems.size() + " problems:\n  " + String.join("\n  ", problems);
    }
}
