package io.lexhub.pipeline.task;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.model.Json;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.notify.TaskNotices;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import io.lexhub.store.TaskStore;
import io.lexhub.store.TaskStore.Task;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An open task past due, escalated once (behind a conditional update, in the sweep batch's
 * transaction): its owners are told again, and a person's backup and manager too, as a late
 * approval level is; audited {@code task.overdue}.
 */
public final class OverdueTasks {

    private final TaskStore tasks;
    private final RequestStore requests;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;

    public OverdueTasks(TaskStore tasks, RequestStore requests, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory, Notices notices) {
        this.tasks = tasks;
        this.requests = requests;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
    }

    public List<Task> due(Connection c, OffsetDateTime now, int limit) throws SQLException {
        return tasks.dueToEscalate(c, now, limit);
    }

    /** @return false when the task was escalated already (another run or node) or is no longer open */
    public boolean escalate(Connection c, Task t, OffsetDateTime now) throws SQLException {
        if (!tasks.markEscalated(c, t.id(), now)) return false;
        StoredRequest s = requests.load(c, t.ref()).orElseThrow(() -> new UnknownRequestException(t.ref()));
        List<Approver> owners = TaskOwners.people(directory, t.ownerRole(), t.ownerPerson());
        Set<Approver> told = new LinkedHashSet<>(owners);
        if (t.ownerPerson() != null) {
            for (Approver a : owners) {
                for (String id : new String[] {a.backup(), a.manager()}) {
                    if (id != null) directory.find(id).ifPresent(told::add);
                }
            }
        }
        String owner = t.ownerPerson() != null ? t.ownerPerson() : "role " + t.ownerRole();
        audit.append(c, now, t.ref(), "task.overdue", "system:sla-sweep", Json.write(Map.of(
                "task", t.id(), "key", t.key(), "owner", owner, "dueAt", t.dueAt().toInstant().toString(),
                "escalatedTo", told.stream().map(Approver::id).toList())));
        List<Notice> mails = new ArrayList<>();
        TaskNotices.TaskLine line = new TaskNotices.TaskLine(t.id(), t.title(), t.dueAt().toInstant());
        for (Approver a : told) mails.add(notices.tasks().taskOverdue(t.ref(), s.request(), a, line, owner));
        mails.addAll(notices.events().taskOverdue(t.ref(), t.id(), t.key(), t.title(), t.ownerRole(), t.ownerPerson(), t.dueAt().toInstant()));
        outbox.enqueue(c, t.ref(), mails, now);
        return true;
    }
}
