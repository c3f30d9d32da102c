package io.lexhub.pipeline.task;

import io.lexhub.audit.AuditTrail;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Json;
import io.lexhub.notify.Notices;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.TaskStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A waiver is in effect: recorded once (a conditional update), audited {@code waiver.in-effect},
 * and the customer told when the approval mail could not say so yet (it waited for tasks).
 */
public final class WaiverInEffect {

    private final TaskStore tasks;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final Notices notices;

    public WaiverInEffect(TaskStore tasks, AuditTrail audit, OutboxStore outbox, Notices notices) {
        this.tasks = tasks;
        this.audit = audit;
        this.outbox = outbox;
        this.notices = notices;
    }

    /** @return false when the waiver was in effect already, or is no longer active */
    boolean record(Connection c, String ref, ExceptionRequest r, String actorLabel, boolean tellCustomer, OffsetDateTime now) throws SQLException {
        if (!tasks.markInEffect(c, ref, now)) return false;
        audit.append(c, now, ref, "waiver.in-effect", actorLabel, Json.write(Map.of("afterTasks", tellCustomer)));
        if (tellCustomer) outbox.enqueue(c, ref, notices.waivers().waiverInEffect(ref, r), now);
        return true;
    }
}
