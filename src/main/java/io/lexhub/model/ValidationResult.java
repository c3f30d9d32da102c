package io.lexhub.model;

import java.util.List;

/** Verdict of validation: REJECTED if anything is invalid, NEEDS_INFO if only data is missing. */
public record ValidationResult(Verdict verdict, List<Issue> issues) {

    public enum Verdict { ACCEPTED, NEEDS_INFO, REJECTED }

    public ValidationResult {
        issues = List.copyOf(issues);
    }

    public static ValidationResult of(List<Issue> issues) {
        if (issues.stream().anyMatch(i -> i.kind() == Issue.Kind.INVALID)) {
            return new ValidationResult(Verdict.REJECTED, issues);
        }
        return new ValidationResult(issues.isEmpty() ? Verdict.ACCEPTED : Verdict.NEEDS_INFO, issues);
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }
}
