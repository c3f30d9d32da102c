package io.lexhub.notify;

import io.lexhub.approval.Approver;
import io.lexhub.model.ExceptionRequest;
import java.util.List;
import java.util.Map;

/**
 * Mails about implementation tasks (docs/tasks.md): assigned, nearing their due time, overdue.
 * Built on {@link Notices}; pure, like it.
 */
public final class TaskNotices {

    private final Notices base;

    TaskNotices(Notices base) {
        this.base = base;
    }

    /** One implementation task as a mail lists it: what, and when it is due (docs/tasks.md). */
    public record TaskLine(long id, String title, java.time.Instant dueAt) {}

    /** The tasks of an approved request that fall to one person (their own, or their role's), in one mail. */
    public Notice tasksAssigned(String ref, ExceptionRequest r, Approver to, List<TaskLine> tasks) {
        Map<String, Object> s = base.requestScope(ref, r, Messages.ENGLISH);
        s.put("recipientName", to.name());
        s.put("tasks", tasks.stream().map(t -> Map.of("id", t.id(), "title", t.title(), "dueAt", t.dueAt().toString())).toList());
        Templates.Rendered m = base.templates.render("task-assigned", s);
        return new Notice("tasks:" + ref + ":" + to.id(), Notice.MAIL, to.email(), m.subject(), m.body());
    }

    /** A task nearing its due time: to its owners, once. */
    public Notice taskReminder(String ref, ExceptionRequest r, Approver to, TaskLine task) {
        Map<String, Object> s = base.requestScope(ref, r, Messages.ENGLISH);
        s.put("recipientName", to.name());
        s.put("taskId", task.id());
        s.put("title", task.title());
        s.put("dueAt", task.dueAt().toString());
        Templates.Rendered m = base.templates.render("task-reminder", s);
        return new Notice("task-reminder:" + task.id() + ":" + to.id(), Notice.MAIL, to.email(), m.subject(), m.body());
    }

    /** A task past due: to its owners, and to the backups and managers of a person who owns it. */
    public Notice taskOverdue(String ref, ExceptionRequest r, Approver to, TaskLine task, String owner) {
        Map<String, Object> s = base.requestScope(ref, r, Messages.ENGLISH);
        s.put("recipientName", to.name());
        s.put("taskId", task.id());
        s.put("title", task.title());
        s.put("dueAt", task.dueAt().toString());
        s.put("owner", owner);
        Templates.Rendered m = base.templates.render("task-overdue", s);
        return new Notice("task-overdue:" + task.id() + ":" + to.id(), Notice.MAIL, to.email(), m.subject(), m.body());
    }
}
