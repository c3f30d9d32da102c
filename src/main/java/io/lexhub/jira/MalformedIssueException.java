package io.lexhub.jira;

import java.util.List;

/** A ticket (or a part of a Jira answer) that cannot be read: it is quarantined, the poll goes on. */
public class MalformedIssueException extends RuntimeException {

    private final List<String> problems;

    public MalformedIssueException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
