package io.lexhub.pipeline.approval;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.approval.LevelAudience;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.model.Json;
import io.lexhub.model.RequestState;
import io.lexhub.notify.Notices;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The customer withdraws their request while it waits for information or for approvers (docs/portal.md):
 * in one transaction, under the request's row lock (the one a decision takes, so a withdrawal and a
 * decision at the same moment are one after the other): the request WITHDRAWN (conditional on its
 * state), its open approval levels voided so nobody is asked to decide it any more, the audit event
 * request.withdrawn with the actor and reason, a confirmation to the requester and a note to the
 * approvers of the level that was open.
 */
public final class WithdrawRequest {

    /** What became of a withdrawal. */
    public sealed interface Result {
        /** Not this organisation's request, or none. */
        record NotFound() implements Result {}

        /** Decided, withdrawn or rejected already (a decision may just have won the race). */
        record NotWithdrawable(RequestState state) implements Result {}

        record Withdrawn() implements Result {}
    }

    private final Tx tx;
    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final Clock clock;

    public WithdrawRequest(Tx tx, RequestStore requests, ApprovalStore approvals, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory,
            Notices notices, Clock clock) {
        this.tx = tx;
        this.requests = requests;
        this.approvals = approvals;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.clock = clock;
    }

    /** True for the states a customer may still withdraw from (the request lifecycle's moves to WITHDRAWN). */
    public static boolean withdrawable(RequestState state) {
        return io.lexhub.lifecycle.RequestLifecycle.allowed(state, RequestState.WITHDRAWN);
    }

    /** @param reason the customer's words, may be blank */
    public Result withdraw(String customerId, String reference, String reason, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            Optional<StoredRequest> found = requests.lock(c, reference);
            if (found.isEmpty() || found.get().request().customer() == null || customerId == null
                    || !customerId.equals(found.get().request().customer().id())) {
                return new Result.NotFound();
            }
            StoredRequest s = found.get();
            if (!withdrawable(s.state())) return new Result.NotWithdrawable(s.state());
            int round = approvals.currentRound(c, reference);
            List<String> deciding = List.of();
            if (round > 0) {
                // the people the open level asked (its audience, as when it opened), so they stop deciding
                List<io.lexhub.approval.Vote> votes = approvals.votes(c, reference, round);
                deciding = approvals.levels(c, reference, round).stream().filter(l -> "OPEN".equals(l.status()))
                        .flatMap(l -> LevelAudience.of(directory, l, s.request(), s.submitter(), votes).asked().stream())
                        .map(Approver::email).filter(java.util.Objects::nonNull).distinct().toList();
                if (approvals.voidRound(c, reference, round, now) > 0) audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, reference, round);
            }
            requests.moveState(c, reference, s.state(), RequestState.WITHDRAWN, now);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("from", s.state().name());
            payload.put("reason", reason == null ? "" : reason);
            payload.put("round", round);
            audit.append(c, now, reference, "request.withdrawn", actor, Json.write(payload));
            outbox.enqueue(c, reference, notices.withdrawn(reference, s.request(), reason, deciding), now);
            return new Result.Withdrawn();
        });
    }
}
