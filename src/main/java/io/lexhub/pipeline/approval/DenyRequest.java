package io.lexhub.pipeline.approval;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.intake.RawSubmission;
import io.lexhub.model.RequestState;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A level denied the request: the decision record, the round voided, the request DENIED and the notices, in the caller's transaction. */
public final class DenyRequest {

    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;

    public DenyRequest(RequestStore requests, ApprovalStore approvals, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory,
            Notices notices) {
        this.requests = requests;
        this.approvals = approvals;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
    }

    void deny(Connection c, StoredRequest s, int round, String rationale, List<Map<String, Object>> record, String termsHash,
            String decidedBy, String actorLabel, OffsetDateTime now) throws SQLException {
        approvals.insertDecision(c, new ApprovalStore.DecisionRow(s.reference(), s.request().type().name(), s.request().product(), round, "DENIED", rationale, "[]", Json.write(record),
                termsHash, s.policyVersion(), decidedBy, now));
        approvals.voidRound(c, s.reference(), round, now);
        requests.moveState(c, s.reference(), RequestState.PENDING_APPROVAL, RequestState.DENIED, now);
        audit.recordRow(c, RecordedTables.DECISIONS, s.reference(), round);
        audit.recordRow(c, RecordedTables.APPROVAL_LEVELS, s.reference(), round);
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of(
                "round", round, "outcome", "DENIED", "rationale", rationale, "termsHash", termsHash, "policyVersion", s.policyVersion()));
        if (s.practice()) event.put("practice", true);
        audit.append(c, now, s.reference(), "decision.denied", actorLabel, Json.write(event));
        List<Notice> mails = new ArrayList<>(notices.denied(s.reference(), round, s.request(), rationale,
                DecisionNoteRecipients.of(directory, s, record)));
        if (RawSubmission.JIRA.equals(s.source())) {
            mails.addAll(notices.jira().jiraDecision(s.reference(), round, s.externalId(), s.request(), false, rationale, List.of()));
        }
        outbox.enqueue(c, s.reference(), mails, now);
    }
}
