package io.lexhub.pipeline.intake;

import io.lexhub.approval.AutoApproval;
import io.lexhub.approval.TermsHash;
import io.lexhub.intake.IntakeCase;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RequestState;
import io.lexhub.model.Submitter;
import io.lexhub.notify.EventNotices;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.approval.ApproveRequest;
import io.lexhub.pipeline.approval.OpenLevels;
import io.lexhub.pipeline.approval.ReviewPackages;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What follows an assessment (intake, a supplement to a NEEDS_INFO request, an amendment), in the
 * transaction that stored it: the reply to the requester, and for an accepted request either the
 * policy's own approval (the auto-approval path: {@link AutoApproval}, {@link ApproveRequest}) or
 * a new round of the approval chain with its first level open ({@link OpenLevels}).
 */
public final class StartApproval {

    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final OutboxStore outbox;
    private final Notices notices;
    private final ReviewPackages reviews;
    private final OpenLevels levels;
    private final ApproveRequest approve;

    public StartApproval(RequestStore requests, ApprovalStore approvals, OutboxStore outbox, Notices notices, ReviewPackages reviews,
            OpenLevels levels, ApproveRequest approve) {
        this.requests = requests;
        this.approvals = approvals;
        this.outbox = outbox;
        this.notices = notices;
        this.reviews = reviews;
        this.levels = levels;
        this.approve = approve;
    }

    /**
     * Read before the intake transaction, as it does not depend on the new reference: the past
     * decisions of the same type and product for the first level's review package; null when
     * the request will not open an approval chain.
     */
    public List<ApprovalStore.PastDecision> precedentsBeforeIntake(IntakeCase ic) {
        if (ic.resultingState() != RequestState.PENDING_APPROVAL
                || AutoApproval.rationale(ic.request(), ic.triage(), ic.risk(), ic.policy()).isPresent()) {
            return null;
        }
        return reviews.precedents(ic.request());
    }

    /**
     * Runs in the intake transaction: as {@link #afterAssessment} with the intake reply and the
     * precedents read before it ({@link #precedentsBeforeIntake}).
     */
    public RequestState afterIntake(Connection c, String ref, RequestState state, IntakeCase ic, List<ApprovalStore.PastDecision> precedents,
            OffsetDateTime now) throws SQLException {
        // a request stored in this very transaction has no chain yet: its first round is 1
        return afterAssessment(c, ref, state, ic, notices.forIntake(ref, state, ic), precedents, true, now);
    }

    /**
     * Runs in the transaction that stored the request's assessment (intake, or a supplement to a
     * NEEDS_INFO request): the reply to the requester, and for an accepted request either the
     * policy's own approval (whose notice replaces the reply) or the first open level.
     */
    public RequestState afterAssessment(Connection c, String ref, RequestState state, IntakeCase ic, List<Notice> reply, OffsetDateTime now)
            throws SQLException {
        return afterAssessment(c, ref, state, ic, reply, null, false, now);
    }

    /** @param newRequest the request was stored in this transaction (intake), so it has no approval round yet */
    private RequestState afterAssessment(Connection c, String ref, RequestState state, IntakeCase ic, List<Notice> reply,
            List<ApprovalStore.PastDecision> precedents, boolean newRequest, OffsetDateTime now) throws SQLException {
        if (state != RequestState.PENDING_APPROVAL) {
            // the notices in this order, one batched insert
            outbox.enqueue(c, ref, reply, now);
            return state;
        }
        ExceptionRequest r = ic.request();
        String termsHash = TermsHash.of(r.terms(), ic.risk(), ic.policy().version());
        Optional<String> auto = AutoApproval.rationale(r, ic.triage(), ic.risk(), ic.policy());
        // a supplement or an amendment comes from someone else: the request's submitter is the one stored at intake
        Submitter submitter = newRequest ? ic.raw().submitter() : requests.submitter(c, ref).orElse(null);
        StoredRequest stored = new StoredRequest(ref, state, ic.raw().source(), ic.externalId(), r, ic.triage(), ic.risk(), ic.route(),
                ic.policy().version(), submitter);
        if (auto.isPresent()) {
            // the approval's notice replaces the reply to the requester, not the events (request.received) for subscribers
            outbox.enqueue(c, ref, reply.stream().filter(n -> EventNotices.CHANNEL.equals(n.channel())).toList(), now);
            return approve.approve(c, stored, 1, auto.get(), List.of(), List.of(), termsHash, "policy", "policy:auto-approval", now);
        }
        int round = newRequest ? 1 : approvals.currentRound(c, ref) + 1;
        levels.openChain(c, stored, round, termsHash, precedents, reply, now);
        return state;
    }
}
