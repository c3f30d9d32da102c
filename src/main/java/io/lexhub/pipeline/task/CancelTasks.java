package io.lexhub.pipeline.task;

import io.lexhub.audit.AuditTrail;
import io.lexhub.model.Json;
import io.lexhub.store.TaskStore;
import io.lexhub.store.TaskStore.Task;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;

/** A waiver ended before it was in place (revoked, expired, renewed): its open tasks are CANCELLED, each audited {@code task.cancelled}, in the caller's transaction. */
public final class CancelTasks {

    private final TaskStore tasks;
    private final AuditTrail audit;

    public CancelTasks(TaskStore tasks, AuditTrail audit) {
        this.tasks = tasks;
        this.audit = audit;
    }

    public void cancel(Connection c, String ref, String actorLabel, String why, OffsetDateTime now) throws SQLException {
        for (Task t : tasks.cancelOpen(c, ref, actorLabel, now)) {
            audit.append(c, now, ref, "task.cancelled", actorLabel, Json.write(Map.of("task", t.id(), "key", t.key(), "why", why)));
        }
    }
}
