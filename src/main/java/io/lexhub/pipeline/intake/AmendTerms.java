package io.lexhub.pipeline.intake;

import io.lexhub.approval.TermsHash;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.intake.IntakeCase;
import io.lexhub.model.RequestState;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The desk amends the terms of a request that is waiting for approval: the new terms were assessed
 * like a new request ({@link IntakeSteps#reassess}); the open round is voided (its approvals were
 * for other terms) and a new chain starts ({@link StartApproval}), all in one transaction.
 */
public final class AmendTerms {

    private final Tx tx;
    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final Notices notices;
    private final StartApproval start;
    private final Clock clock;

    public AmendTerms(Tx tx, RequestStore requests, ApprovalStore approvals, AuditTrail audit, Notices notices, StartApproval start, Clock clock) {
        this.tx = tx;
        this.requests = requests;
        this.approvals = approvals;
        this.audit = audit;
        this.notices = notices;
        this.start = start;
        this.clock = clock;
    }

    /** @return the request's state afterwards (PENDING_APPROVAL, or APPROVED when the policy approves the new terms itself) */
    public RequestState amend(String ref, IntakeCase amended, String rationale, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            StoredRequest s = requests.lock(c, ref).orElseThrow(() -> new UnknownRequestException(ref));
            if (s.state() != RequestState.PENDING_APPROVAL) {
                throw new NotDecidableException(ref + " is " + s.state() + "; only a request waiting for approval can be amended here");
            }
            int round = approvals.currentRound(c, ref);
            String before = TermsHash.of(s.request().terms(), s.risk(), s.policyVersion());
            String after = TermsHash.of(amended.request().terms(), amended.risk(), amended.policy().version());
            approvals.voidRound(c, ref, round, now);
            audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, ref, round);
            requests.replaceAssessment(c, ref, amended, now);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("rationale", rationale);
            event.put("voidedRound", round);
            event.put("previousTermsHash", before);
            event.put("termsHash", after);
            event.put("terms", amended.request().terms());
            audit.append(c, now, ref, "request.amended", actor, Json.write(event));
            audit.append(c, now, ref, "request.assessed", "system:policy", Json.write(Map.of(
                    "state", RequestState.PENDING_APPROVAL, "policyVersion", amended.policy().version(), "validation", amended.validation(),
                    "triage", amended.triage(), "risk", amended.risk(), "route", amended.route())));
            return start.afterAssessment(c, ref, RequestState.PENDING_APPROVAL, amended,
                    notices.forAssessment("amendment:" + ref + ":r" + (round + 1), ref, RequestState.PENDING_APPROVAL, amended), now);
        });
    }
}
