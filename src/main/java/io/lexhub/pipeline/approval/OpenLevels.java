package io.lexhub.pipeline.approval;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.approval.LevelAudience;
import io.lexhub.approval.LevelState;
import io.lexhub.approval.Vote;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.model.ApprovalLevel;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opening the approval chain: a round's levels are inserted (level 1 open with its SLA deadlines,
 * the others waiting), and each level that opens is audited and mailed to the approvers who may
 * decide it, with the review package.
 */
public final class OpenLevels {

    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final LevelDeadlines deadlines;
    private final ReviewPackages reviews;

    public OpenLevels(ApprovalStore approvals, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory, Notices notices,
            LevelDeadlines deadlines, ReviewPackages reviews) {
        this.approvals = approvals;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.deadlines = deadlines;
        this.reviews = reviews;
    }

    /**
     * Inserts the chain of a round: level 1 open with its SLA deadlines, the others waiting; mails
     * level 1's approvers. {@code reply} (to the requester) is written to the outbox first, with
     * the approvers' mails in one batch.
     */
    public void openChain(Connection c, StoredRequest s, int round, String termsHash, List<ApprovalStore.PastDecision> precedents, List<Notice> reply,
            OffsetDateTime now) throws SQLException {
        LevelDeadlines.Deadlines first = deadlines.of(s, now);
        List<ApprovalStore.NewLevel> chain = new ArrayList<>();
        for (ApprovalLevel l : s.route().levels()) {
            List<String> members = l.mode() == ApprovalLevel.Mode.ALL ? eligibleMembers(l, s) : List.of();
            int required = switch (l.mode()) {
                case ONE -> 1;
                case QUORUM -> l.quorum();
                case ALL -> Math.max(1, members.size());
            };
            boolean open = l.level() == 1;
            chain.add(new ApprovalStore.NewLevel(l, required, members, open ? "OPEN" : "WAITING", open ? now : null, open ? first.remindAt() : null,
                    open ? first.dueAt() : null));
        }
        approvals.insertLevels(c, s.reference(), round, termsHash, chain);
        audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round);
        // level 1 as just inserted, and a new round has no votes: nothing to read back
        announce(c, s, round, chain.get(0).state(termsHash), List.of(), precedents, reply, now);
    }

    /**
     * Records the level's opening and mails each approver who may decide it. A level opened
     * later than its chain (after a decision) gets its SLA deadlines here; the first level got
     * them with its row ({@link #openChain}). The precedents for the review package are read
     * here unless the caller read them already (null). {@code first} notices (the reply to the
     * requester) go into the outbox before the approvers' mails, in the same batch.
     */
    void announceLevel(Connection c, StoredRequest s, int round, int level, List<ApprovalStore.PastDecision> precedents,
            List<Notice> first, OffsetDateTime now) throws SQLException {
        if (level > 1) deadlines.set(c, s, round, level, now);
        LevelState state = approvals.levels(c, s.reference(), round).stream().filter(x -> x.level() == level).findFirst().orElseThrow();
        announce(c, s, round, state, approvals.votes(c, s.reference(), round), precedents, first, now);
    }

    private void announce(Connection c, StoredRequest s, int round, LevelState state, List<Vote> votes, List<ApprovalStore.PastDecision> precedents,
            List<Notice> first, OffsetDateTime now) throws SQLException {
        ApprovalLevel l = s.route().levels().get(state.level() - 1);
        LevelAudience.Result who = LevelAudience.of(directory, state, s.request(), s.submitter(), votes);
        List<Approver> approvers = who.asked();
        Map<String, Object> opened = new LinkedHashMap<>();
        opened.put("round", round);
        opened.put("level", state.level());
        opened.put("role", l.role());
        opened.put("mode", l.mode());
        opened.put("approvers", who.askedIds());
        opened.put("skipped", who.skipped());
        if (s.practice()) opened.put("practice", true);
        audit.append(c, now, s.reference(), "approval.level-opened", "system:workflow", Json.write(opened));
        if (who.rerouted() || who.unstaffed()) {
            audit.append(c, now, s.reference(), who.unstaffed() ? "approval.level-unstaffed" : "approval.level-rerouted", "system:workflow",
                    Json.write(LevelAudience.rerouting(round, state, who)));
        }
        Map<String, Object> review = reviews.build(c, s, precedents);
        List<Notice> mails = new ArrayList<>(first.size() + approvers.size());
        mails.addAll(first);
        for (Approver a : approvers) mails.add(notices.approvalRequest(s.reference(), round, l, a, review));
        // the notices in this order, one batched insert
        outbox.enqueue(c, s.reference(), mails, now);
    }

    /** Who an ALL level waits for: everyone it would ask when it opens with no votes yet. */
    private List<String> eligibleMembers(ApprovalLevel l, StoredRequest s) {
        LevelState asked = new LevelState(l.level(), l.role(), ApprovalLevel.Mode.ONE, 1, List.of(), "OPEN", null);
        return LevelAudience.of(directory, asked, s.request(), s.submitter(), List.of()).askedIds();
    }
}
