package io.lexhub.pipeline.task;

import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.lifecycle.TaskState;
import io.lexhub.store.TaskStore;
import io.lexhub.store.TaskStore.Task;
import io.lexhub.store.Tx;
import java.util.List;

/**
 * The tasks someone may see and close: their own and their roles' (approvers.yaml); the desk sees
 * every task. The API's {@code GET /api/tasks} and the workspace's "My tasks" read them here.
 */
public final class MyTasks {

    /** The most tasks one list shows. */
    public static final int LIMIT = 500;

    private final Tx tx;
    private final TaskStore tasks;
    private final ApproverDirectory directory;

    public MyTasks(Tx tx, TaskStore tasks, ApproverDirectory directory) {
        this.tx = tx;
        this.tasks = tasks;
        this.directory = directory;
    }

    /** @param state only tasks in this state; null: any */
    public List<Task> of(Principal who, TaskState state) {
        List<String> roles = directory.find(who.id()).map(Approver::roles).orElse(List.of());
        return tx.read(c -> tasks.owned(c, who.id(), roles, state, who.has(Scope.DESK), LIMIT));
    }

    /** The tasks of one request (the waiver pages show them). */
    public List<Task> ofRequest(String ref) {
        return tx.read(c -> tasks.ofRequest(c, ref));
    }

    public boolean mayClose(Principal who, Task t) {
        return TaskOwners.mayClose(directory, who, t);
    }
}
