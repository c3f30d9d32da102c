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
import java.util.List;
import java.util.Map;

/**
 * An open task past its reminder point and not yet due, reminded once (behind a conditional update,
 * in the sweep batch's transaction), as an approval level's approvers are: its owners are mailed,
 * audited {@code task.reminded}. A task first seen past due is escalated instead ({@link OverdueTasks}).
 */
public final class TaskReminders {

    private final TaskStore tasks;
    private final RequestStore requests;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;

    public TaskReminders(TaskStore tasks, RequestStore requests, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory, Notices notices) {
        this.tasks = tasks;
        this.requests = requests;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
    }

    public List<Task> due(Connection c, OffsetDateTime now, int limit) throws SQLException {
        return tasks.dueToRemind(c, now, limit);
    }

    /** @return false when the task was reminded already (another run or node), is due by now, or is no longer open */
    public boolean remind(Connection c, Task t, OffsetDateTime now) throws SQLException {
        if (!tasks.markReminded(c, t.id(), now)) return false;
        StoredRequest s = requests.load(c, t.ref()).orElseThrow(() -> new UnknownRequestException(t.ref()));
        List<Approver> owners = TaskOwners.people(directory, t.ownerRole(), t.ownerPerson());
        String owner = t.ownerPerson() != null ? t.ownerPerson() : "role " + t.ownerRole();
        audit.append(c, now, t.ref(), "task.reminded", "system:sla-sweep", Json.write(Map.of(
                "task", t.id(), "key", t.key(), "owner", owner, "dueAt", t.dueAt().toInstant().toString(),
                "remindedOwners", owners.stream().map(Approver::id).toList())));
        TaskNotices.TaskLine line = new TaskNotices.TaskLine(t.id(), t.title(), t.dueAt().toInstant());
        List<Notice> mails = new ArrayList<>();
        for (Approver a : owners) mails.add(notices.tasks().taskReminder(t.ref(), s.request(), a, line));
        outbox.enqueue(c, t.ref(), mails, now);
        return true;
    }
}
