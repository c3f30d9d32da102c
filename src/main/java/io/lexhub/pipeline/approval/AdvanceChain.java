package io.lexhub.pipeline.approval;

import io.lexhub.approval.ChainProgress;
import io.lexhub.approval.LevelState;
import io.lexhub.approval.LevelStatus;
import io.lexhub.approval.Vote;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A vote's effect on the chain ({@link ChainProgress}): the level stays open; or it is approved and
 * the next one opens ({@link OpenLevels}); or the last level is approved and so is the request
 * ({@link ApproveRequest}); or the level denied it ({@link DenyRequest}).
 */
public final class AdvanceChain {

    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final OpenLevels levels;
    private final ApproveRequest approve;
    private final DenyRequest deny;

    public AdvanceChain(ApprovalStore approvals, AuditTrail audit, OpenLevels levels, ApproveRequest approve, DenyRequest deny) {
        this.approvals = approvals;
        this.audit = audit;
        this.levels = levels;
        this.approve = approve;
        this.deny = deny;
    }

    /** @param after the round's votes including the one just recorded by {@code cmd} */
    DecisionResult.Taken after(Connection c, DecisionCommand cmd, StoredRequest s, LevelUnderDecision at, List<Vote> after,
            DecisionChecks.Cleared who, OffsetDateTime now) throws SQLException {
        int round = at.round();
        LevelState open = at.open();
        return switch (ChainProgress.after(open, after, at.levels().size())) {
            case LEVEL_STILL_OPEN -> new DecisionResult.LevelStillOpen(s.reference(), s.state(), open.level(),
                    after.stream().filter(v -> v.level() == open.level()).count(), open.required());
            case LEVEL_APPROVED -> {
                approvals.moveLevel(c, s.reference(), round, open.level(), LevelStatus.OPEN, LevelStatus.APPROVED, now);
                approvals.moveLevel(c, s.reference(), round, open.level() + 1, LevelStatus.WAITING, LevelStatus.OPEN, now);
                audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round);
                levels.announceLevel(c, s, round, open.level() + 1, null, List.of(), now);
                yield new DecisionResult.LevelApproved(s.reference(), s.state(), open.level());
            }
            case CHAIN_APPROVED -> {
                approvals.moveLevel(c, s.reference(), round, open.level(), LevelStatus.OPEN, LevelStatus.APPROVED, now);
                audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round, open.level());
                List<Map<String, Object>> record = approvals.voteRecords(c, s.reference(), round);
                yield new DecisionResult.Approved(s.reference(), approve.approve(c, s, round, combinedRationale(record), conditionsOf(record), record,
                        who.termsHash(), who.actor().id(), cmd.actor(), now));
            }
            case DENIED -> {
                approvals.moveLevel(c, s.reference(), round, open.level(), LevelStatus.OPEN, LevelStatus.DENIED, now);
                audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round, open.level());
                List<Map<String, Object>> record = approvals.voteRecords(c, s.reference(), round);
                deny.deny(c, s, round, cmd.rationale(), record, who.termsHash(), who.actor().id(), cmd.actor(), now);
                yield new DecisionResult.Denied(s.reference(), open.level());
            }
        };
    }

    private static String combinedRationale(List<Map<String, Object>> record) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> v : record) parts.add("level " + v.get("level") + " (" + v.get("approver") + "): " + v.get("rationale"));
        return String.join("\n", parts);
    }

    @SuppressWarnings("unchecked")
    private static List<String> conditionsOf(List<Map<String, Object>> record) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        for (Map<String, Object> v : record) ((List<Object>) v.get("conditions")).forEach(x -> all.add(String.valueOf(x)));
        return List.copyOf(all);
    }
}
