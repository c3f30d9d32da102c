package io.lexhub.intake;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Issue;
import java.util.List;

/** A request as far as it could be read, and the schema problems found on the way. */
public record ParsedRequest(ExceptionRequest request, List<Issue> issues) {
    public ParsedRequest {
        issues = List.copyOf(issues);
    }
}
