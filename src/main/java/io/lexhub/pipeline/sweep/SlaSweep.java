package io.lexhub.pipeline.sweep;

import io.lexhub.pipeline.task.OverdueTasks;
import io.lexhub.pipeline.task.TaskReminders;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * direct:sla-sweep: reminds the approvers of levels past their reminder point and escalates levels
 * past their SLA; reminds the owners of implementation tasks past their reminder point and escalates
 * tasks past due; once each. Task reminders run first and skip tasks due by now, so a task first seen
 * late is escalated, not reminded as well.
 */
public final class SlaSweep {

    private final Tx tx;
    private final LifecycleStore store;
    private final SweepBatches batches;
    private final OverdueLevels overdue;
    private final TaskReminders taskReminders;
    private final OverdueTasks tasks;
    private final Clock clock;

    public SlaSweep(Tx tx, LifecycleStore store, SweepBatches batches, OverdueLevels overdue, TaskReminders taskReminders, OverdueTasks tasks,
            Clock clock) {
        this.tx = tx;
        this.store = store;
        this.batches = batches;
        this.overdue = overdue;
        this.taskReminders = taskReminders;
        this.tasks = tasks;
        this.clock = clock;
    }

    public SweepResult run() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int reminded = SweepBatches.count(batches.eachDueItem(tx.read(c -> store.levelsToRemind(c, now, SweepBatches.BATCH)),
                (c, l) -> overdue.remind(c, l, now)), true);
        int escalated = SweepBatches.count(batches.eachDueItem(tx.read(c -> store.levelsToEscalate(c, now, SweepBatches.BATCH)),
                (c, l) -> overdue.escalate(c, l, now)), true);
        int tasksReminded = SweepBatches.count(batches.eachDueItem(tx.read(c -> taskReminders.due(c, now, SweepBatches.BATCH)),
                (c, t) -> taskReminders.remind(c, t, now)), true);
        int tasksOverdue = SweepBatches.count(batches.eachDueItem(tx.read(c -> tasks.due(c, now, SweepBatches.BATCH)),
                (c, t) -> tasks.escalate(c, t, now)), true);
        return new SweepResult("sla-sweep", Map.of("reminded", reminded, "escalated", escalated, "tasksReminded", tasksReminded,
                "tasksOverdue", tasksOverdue));
    }
}
