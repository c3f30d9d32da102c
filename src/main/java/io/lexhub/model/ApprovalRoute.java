package io.lexhub.model;

import java.util.List;

/** The approval chain a request needs, with the tier rule that selected it. */
public record ApprovalRoute(String tier, String ruleId, String explanation, List<ApprovalLevel> levels) {
    public ApprovalRoute {
        levels = List.copyOf(levels);
    }
}
