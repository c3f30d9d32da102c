package io.lexhub.pipeline.approval;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.intake.RawSubmission;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RequestState;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.task.OpenTasks;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request is approved, by its last level or by the policy at intake: the decision record, the
 * waiver (exactly the approved terms and conditions), the renewal link, the request's state and
 * the notices and the implementation tasks, in the caller's transaction.
 */
public final class ApproveRequest {

    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final LinkRenewal renewals;
    private final OpenTasks tasks;

    public ApproveRequest(RequestStore requests, ApprovalStore approvals, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory,
            Notices notices, LinkRenewal renewals, OpenTasks tasks) {
        this.requests = requests;
        this.approvals = approvals;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.renewals = renewals;
        this.tasks = tasks;
    }

    /**
     * @param record the votes of the round (empty for the policy's own approval)
     * @param decidedBy who cast the last vote, or {@code policy}
     * @param actorLabel the audit actor: how they proved who they are, or {@code policy:auto-approval}
     * @return {@link RequestState#APPROVED}
     */
    public RequestState approve(Connection c, StoredRequest s, int round, String rationale, List<String> conditions,
            List<Map<String, Object>> record, String termsHash, String decidedBy, String actorLabel, OffsetDateTime now) throws SQLException {
        ExceptionRequest r = s.request();
        approvals.insertDecision(c, new ApprovalStore.DecisionRow(s.reference(), r.type().name(), r.product(), round, "APPROVED", rationale, Json.write(conditions),
                Json.write(record), termsHash, s.policyVersion(), decidedBy, now));
        Map<String, Object> granted = granted(r, conditions);
        // a practice request's approval is recorded and stops here: no waiver, no renewal link, and so
        // no entitlement or outbound event (an events-out sender skips s.practice() too)
        if (!s.practice()) {
            approvals.insertWaiver(c, new ApprovalStore.WaiverRow(s.reference(), r.customer().id(), r.product(), r.type().name(),
                    r.terms().start(), r.terms().effectiveEnd(), Json.write(granted)), now);
            if (r.renews() != null) renewals.link(c, s.reference(), r.renews(), now);
        }
        requests.moveState(c, s.reference(), RequestState.PENDING_APPROVAL, RequestState.APPROVED, now);
        audit.recordRow(c, RecordedTables.DECISIONS, s.reference(), round);
        if (!s.practice()) audit.recordRow(c, RecordedTables.WAIVERS, s.reference());
        Map<String, Object> event = new LinkedHashMap<>();
        if (s.practice()) event.put("practice", true);
        event.put("round", round);
        event.put("outcome", "APPROVED");
        event.put("decidedBy", decidedBy);
        event.put("rationale", rationale);
        event.put("conditions", conditions);
        event.put("termsHash", termsHash);
        event.put("policyVersion", s.policyVersion());
        // what a waiver would have granted; for practice no waiver exists
        event.put(s.practice() ? "wouldGrant" : "waiver", granted);
        audit.append(c, now, s.reference(), "decision.approved", actorLabel,
                Json.write(event));
        List<Notice> mails = new ArrayList<>(notices.approved(s.reference(), round, r, s.risk(), rationale, conditions, record,
                DecisionNoteRecipients.of(directory, s, record)));
        if (RawSubmission.JIRA.equals(s.source())) {
            mails.addAll(notices.jira().jiraDecision(s.reference(), round, s.externalId(), r, true, rationale, conditions));
        }
        outbox.enqueue(c, s.reference(), mails, now);
        // what puts the waiver in place (docs/tasks.md), in this same transaction; practice has no waiver to put in place
        if (!s.practice()) tasks.open(c, s.reference(), r, actorLabel, now);
        return RequestState.APPROVED;
    }

    /** Exactly what the waiver allows: the approved terms and conditions, nothing implied. */
    private static Map<String, Object> granted(ExceptionRequest r, List<String> conditions) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("type", r.type());
        g.put("product", r.product());
        if (r.edition() != null) g.put("edition", r.edition());
        g.put("terms", r.terms());
        g.put("start", r.terms().start());
        g.put("end", r.terms().effectiveEnd());
        g.put("conditions", conditions);
        return g;
    }
}
