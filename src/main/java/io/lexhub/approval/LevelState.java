package io.lexhub.approval;

import io.lexhub.model.ApprovalLevel;
import java.util.List;

/**
 * One level of a request's chain as stored: how many approvals it needs and, for ALL levels,
 * whose. Status: WAITING (earlier level open), OPEN, APPROVED, DENIED, VOID (terms amended).
 */
public record LevelState(int level, String role, ApprovalLevel.Mode mode, int required, List<String> members, String status, String termsHash) {

    public LevelState {
        members = members == null ? List.of() : List.copyOf(members);
    }

    public boolean open() {
        return "OPEN".equals(status);
    }
}
