package io.lexhub.pipeline.approval;

import io.lexhub.approval.Approver;
import io.lexhub.audit.AuditTrail;
import io.lexhub.notify.Notices;
import io.lexhub.model.Json;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;

/** An approver asks the requester for information: audited and mailed; the level stays open and no vote is cast. */
public final class RequestInfo {

    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final Notices notices;

    public RequestInfo(AuditTrail audit, OutboxStore outbox, Notices notices) {
        this.audit = audit;
        this.outbox = outbox;
        this.notices = notices;
    }

    DecisionResult.InfoRequested ask(Connection c, DecisionCommand cmd, StoredRequest s, LevelUnderDecision at, Approver actor, OffsetDateTime now)
            throws SQLException {
        audit.append(c, now, s.reference(), "approval.info-requested", cmd.actor(),
                Json.write(Map.of("round", at.round(), "level", at.level(), "question", cmd.rationale())));
        outbox.enqueue(c, s.reference(), notices.infoRequested(s.reference(), s.request(), actor, cmd.rationale(), now.toInstant()), now);
        return new DecisionResult.InfoRequested(s.reference(), s.state(), at.level());
    }
}
