package io.lexhub.workspace;

import io.lexhub.access.Principal;
import io.lexhub.lifecycle.BusinessCalendar;
import io.lexhub.lifecycle.TaskState;
import io.lexhub.pipeline.task.MyTasks;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.TaskStore.Task;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** What the workspace's "My tasks" page reads (docs/tasks.md): the viewer's open tasks, with the business hours left to each. */
public final class TaskList {

    /** One open task as the page shows it. */
    public record Item(long id, String reference, String title, String owner, String due, String left, boolean overdue) {}

    private final MyTasks tasks;
    private final PolicyHolder policy;
    private final Clock clock;

    public TaskList(MyTasks tasks, PolicyHolder policy, Clock clock) {
        this.tasks = tasks;
        this.policy = policy;
        this.clock = clock;
    }

    public List<Item> open(Principal who, ZoneId zone) {
        BusinessCalendar calendar = new BusinessCalendar(policy.current().lifecycle().calendar());
        Instant now = clock.instant();
        return tasks.of(who, TaskState.OPEN).stream().map(t -> item(t, calendar, now, zone)).toList();
    }

    private static Item item(Task t, BusinessCalendar calendar, Instant now, ZoneId zone) {
        Instant due = t.dueAt().toInstant();
        double left = due.isBefore(now) ? -calendar.businessHoursBetween(due, now) : calendar.businessHoursBetween(now, due);
        String owner = t.ownerPerson() != null ? t.ownerPerson() : "anyone in " + t.ownerRole();
        return new Item(t.id(), t.ref(), t.title(), owner, Times.dateTime(due, zone), Times.businessHours(left), due.isBefore(now));
    }
}
