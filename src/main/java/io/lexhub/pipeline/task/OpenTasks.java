package io.lexhub.pipeline.task;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.lifecycle.BusinessCalendar;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Json;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.notify.TaskNotices;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.TaskStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After an approval, in its transaction: the policy's implementation tasks of the request's type,
 * each due its business hours after now (its owners are reminded after the policy's share of those
 * hours, lifecycle.implementationTaskReminderPercent), audited {@code task.opened}, and one mail per owner
 * listing what falls to them. A type without tasks makes the waiver in effect at once.
 */
public final class OpenTasks {

    private final TaskStore tasks;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final PolicyHolder policy;
    private final WaiverInEffect inEffect;

    public OpenTasks(TaskStore tasks, AuditTrail audit, OutboxStore outbox, ApproverDirectory directory, Notices notices, PolicyHolder policy,
            WaiverInEffect inEffect) {
        this.tasks = tasks;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.policy = policy;
        this.inEffect = inEffect;
    }

    /** @return how many tasks were opened (0: the waiver is in effect now) */
    public int open(Connection c, String ref, ExceptionRequest r, String actorLabel, OffsetDateTime now) throws SQLException {
        Policy p = policy.current();
        List<Policy.TaskSpec> specs = p.tasksFor(r.type());
        if (specs.isEmpty()) {
            // the approval mail already told the customer: nothing more to wait for, nothing more to say
            inEffect.record(c, ref, r, actorLabel, false, now);
            return 0;
        }
        BusinessCalendar calendar = new BusinessCalendar(p.lifecycle().calendar());
        double remindShare = p.lifecycle().taskReminderPercentOrDefault() / 100;
        Map<String, Approver> owners = new LinkedHashMap<>();
        Map<String, List<TaskNotices.TaskLine>> lines = new LinkedHashMap<>();
        for (Policy.TaskSpec spec : specs) {
            OffsetDateTime due = calendar.plusBusinessHours(now.toInstant(), spec.dueHours()).atOffset(ZoneOffset.UTC);
            OffsetDateTime remind = calendar.plusBusinessHours(now.toInstant(), spec.dueHours() * remindShare).atOffset(ZoneOffset.UTC);
            long id = tasks.open(c, new TaskStore.NewTask(ref, spec.id(), spec.title(), spec.role(), spec.person(), remind, due), now);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("task", id);
            event.put("key", spec.id());
            event.put("title", spec.title());
            event.put(spec.role() != null ? "role" : "person", spec.role() != null ? spec.role() : spec.person());
            event.put("dueAt", due.toInstant().toString());
            event.put("policyVersion", p.version());
            audit.append(c, now, ref, "task.opened", actorLabel, Json.write(event));
            // the connected systems subscribed to task.opened learn of it in this transaction (docs/events.md)
            outbox.enqueue(c, ref, notices.events().taskOpened(ref, id, spec.id(), spec.title(), spec.role(), spec.person(), due.toInstant()), now);
            for (Approver a : TaskOwners.people(directory, spec.role(), spec.person())) {
                owners.putIfAbsent(a.id(), a);
                lines.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(new TaskNotices.TaskLine(id, spec.title(), due.toInstant()));
            }
        }
        List<Notice> mails = new ArrayList<>();
        owners.forEach((id, a) -> mails.add(notices.tasks().tasksAssigned(ref, r, a, lines.get(id))));
        outbox.enqueue(c, ref, mails, now);
        return specs.size();
    }
}
