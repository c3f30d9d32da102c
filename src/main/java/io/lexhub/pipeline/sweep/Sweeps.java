package io.lexhub.pipeline.sweep;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.notify.Notices;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.ApprovalStore;
import io.lexhub.pipeline.task.CancelTasks;
import io.lexhub.pipeline.task.OverdueTasks;
import io.lexhub.pipeline.task.TaskReminders;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.TaskStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.ZoneId;

/**
 * The three sweeps over one batch executor, wired the same way by the hub (HubConfiguration), the
 * {@code lexhub sweep} command and the benchmark. Each item is handled behind a conditional update,
 * so a sweep that fires twice, or on two nodes, does everything once.
 */
public record Sweeps(SlaSweep sla, ExpirySweep expiry, ReviewSampling reviews) {

    /** @param workers batches written at once (lexhub.lifecycle.sweep-workers) */
    public static Sweeps of(Tx tx, RequestStore requests, ApprovalStore approvals, LifecycleStore store, AuditTrail audit, OutboxStore outbox,
            ApproverDirectory directory, Notices notices, PolicyHolder policy, Clock clock, ZoneId zone, int workers) {
        SweepBatches batches = new SweepBatches(tx, workers);
        return new Sweeps(
                new SlaSweep(tx, store, batches, new OverdueLevels(requests, approvals, store, audit, outbox, directory, notices),
                        new TaskReminders(new TaskStore(), requests, audit, outbox, directory, notices),
                        new OverdueTasks(new TaskStore(), requests, audit, outbox, directory, notices), clock),
                new ExpirySweep(tx, store, batches, new ExpiringWaivers(store, audit, outbox, directory, notices, new CancelTasks(new TaskStore(), audit)), policy, clock, zone),
                new ReviewSampling(tx, store, audit, policy, clock, zone));
    }
}
