package io.lexhub.insight;

import java.util.List;

/** A billing document that cannot be read, or that contradicts lines already stored; nothing of it was recorded. */
public class MalformedBillingException extends RuntimeException {

    private final List<String> problems;

    public MalformedBillingException(List<String> problems) {
        super("unreadable billing lines: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** The text of the reason file written beside a failed billing file. */
    public String reasonText() {
        StringBuilder s = new StringBuilder("This file could not be taken as billing lines; nothing of it was recorded:\n");
        for (String p : problems) s.append("  - ").append(p).append('\n');
        return s.append("\nFix the file and drop it again; the format is in docs/billing-review.md (CSV header customer,product,"
                + "periodStart,periodEnd,quantity,unitPrice,discountPercent, optionally month instead of the period, lineId and invoice).\n").toString();
    }
}
