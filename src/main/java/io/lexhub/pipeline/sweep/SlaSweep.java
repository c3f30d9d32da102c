package io.lexhub.pipeline.sweep;

import io.lexhub.pipeline.task.OverdueTasks;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;

/** direct:sla-sweep: reminds the approvers of levels past their reminder point and escalates levels past their SLA and implementation tasks past due, once each. */
public final class SlaSweep {

    private final Tx tx;
    private final LifecycleStore store;
    private final SweepBatches batches;
    private final OverdueLevels overdue;
    private final OverdueTasks tasks;
    private final Clock clock;

    public SlaSweep(Tx tx, LifecycleStore store, SweepBatches batches, OverdueLevels overdue, OverdueTasks tasks, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.batches = batches;
        this.overdue = overdue;
        this.tasks = tasks;
        this.clock = clock;
    }

    public SweepResult run() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int reminded = SweepBatches.count(batches.eachDueItem(tx.read(c -> store.levelsToRemind(c, now, SweepBatches.BATCH)),
                (c, l) -> overdue.remind(c, l, now)), true);
        int escalated = SweepBatches.count(batches.eachDueItem(tx.read(c -> store.levelsToEscalate(c, now, SweepBatches.BATCH)),
                (c, l) -> overdue.escalate(c, l, now)), true);
        int tasksOverdue = SweepBatches.count(batches.eachDueItem(tx.read(c -> tasks.due(c, now, SweepBatches.BATCH)),
                (c, t) -> tasks.escalate(c, t, now)), true);
        return new SweepResult("sla-sweep", Map.of("reminded", reminded, "escalated", escalated, "tasksOverdue", tasksOverdue));
    }
}
