package io.lexhub.pipeline.approval;

import io.lexhub.approval.Vote;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An approve or deny vote on the open level, cleared by {@link DecisionChecks}: its row and its audit event. */
public final class RecordVote {

    private final ApprovalStore approvals;
    private final AuditTrail audit;

    public RecordVote(ApprovalStore approvals, AuditTrail audit) {
        this.approvals = approvals;
        this.audit = audit;
    }

    /** Records the vote; the round's votes with it. */
    List<Vote> record(Connection c, DecisionCommand cmd, StoredRequest s, LevelUnderDecision at, DecisionChecks.Cleared who, OffsetDateTime now)
            throws SQLException {
        int round = at.round();
        String seat = who.principal() != null ? who.principal().id() : who.actor().id();
        Vote vote = new Vote(at.level(), seat, who.actor().id(), who.principal() == null ? null : who.principal().id(), who.kind());
        approvals.insertVote(c, new ApprovalStore.VoteRow(s.reference(), round, vote, cmd.rationale(), Json.write(cmd.conditions()),
                who.termsHash(), s.policyVersion(), cmd.channel(), now));
        audit.recordRow(c, RecordedTables.VOTES, s.reference(), round, vote.level(), vote.seat());
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("round", round);
        recorded.put("level", at.level());
        recorded.put("vote", who.kind());
        recorded.put("approver", who.actor().id());
        if (who.principal() != null) recorded.put("onBehalfOf", who.principal().id());
        recorded.put("rationale", cmd.rationale());
        recorded.put("conditions", cmd.conditions());
        recorded.put("termsHash", who.termsHash());
        recorded.put("policyVersion", s.policyVersion());
        recorded.put("channel", cmd.channel());
        if (s.practice()) recorded.put("practice", true);
        audit.append(c, now, s.reference(), "approval.recorded", cmd.actor(), Json.write(recorded));
        List<Vote> after = new ArrayList<>(who.votes());
        after.add(vote);
        return after;
    }
}
