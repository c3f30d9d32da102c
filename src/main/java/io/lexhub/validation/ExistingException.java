package io.lexhub.validation;

import io.lexhub.model.Issue;
import java.time.LocalDate;

/** An exception already on file that a new request may collide with. */
public record ExistingException(String reference, String state, String type, LocalDate start, LocalDate end) {

    /** What the requester is told when their period overlaps this one: by validation, and by the intake transaction's re-check. */
    public Issue overlapIssue() {
        return Issue.invalid("terms", "conflict", "This request overlaps exception " + reference + " (" + state + ", " + type + ", "
                + (start == null ? "open start" : start) + " to " + (end == null ? "open end" : end) + ") for the same customer and "
                + "product. Please amend or renew " + reference + " instead, or choose a period that does not overlap it.");
    }
}
