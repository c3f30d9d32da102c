package io.lexhub.pipeline.approval;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.store.RequestStore.StoredRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who gets the internal note of a decision: for a real request the notify addresses of
 * approvers.yaml (licensing, sales, billing); for a practice request only the approvers who voted on
 * it (docs/practice-and-patterns.md: nobody outside the people involved hears of it).
 */
final class DecisionNoteRecipients {

    private DecisionNoteRecipients() {}

    /** @param record the votes of the decided round ({@code ApprovalStore.voteRecords}); empty when the policy decided */
    static List<String> of(ApproverDirectory directory, StoredRequest s, List<Map<String, Object>> record) {
        if (!s.practice()) return directory.internal().all();
        Set<String> voters = new LinkedHashSet<>();
        for (Map<String, Object> vote : record) {
            Object id = vote.get("approver");
            if (id != null) directory.find(id.toString()).map(Approver::email).ifPresent(voters::add);
        }
        return List.copyOf(voters);
    }
}
