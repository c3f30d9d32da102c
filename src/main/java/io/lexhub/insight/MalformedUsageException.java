package io.lexhub.insight;

import java.util.List;

/** A usage document that cannot be read; nothing of it was recorded. */
public class MalformedUsageException extends RuntimeException {

    private final List<String> problems;

    public MalformedUsageException(List<String> problems) {
        super("unreadable usage report: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** The text of the reason file written beside a failed usage file. */
    public String reasonText() {
        StringBuilder s = new StringBuilder("This file could not be read as a usage report:\n");
        for (String p : problems) s.append("  - ").append(p).append('\n');
        return s.append("\nFix the file and drop it again; the format is in docs/insight.md"
                + " (CSV header customer,product,metric,period,value or JSON objects with those fields).\n").toString();
    }
}
