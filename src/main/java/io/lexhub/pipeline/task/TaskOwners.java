package io.lexhub.pipeline.task;

import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.store.TaskStore.Task;
import java.util.List;

/** Who a task falls to, and who may close it: its owner, anyone holding its role, or the desk. */
final class TaskOwners {

    private TaskOwners() {}

    /** The people a task of this role or person is mailed to: the person, else everyone holding the role. */
    static List<Approver> people(ApproverDirectory directory, String role, String person) {
        if (person != null) return directory.find(person).stream().toList();
        return directory.withRole(role);
    }

    static boolean mayClose(ApproverDirectory directory, Principal who, Task t) {
        if (who.has(Scope.DESK)) return true;
        if (t.ownerPerson() != null) return t.ownerPerson().equals(who.id());
        return directory.find(who.id()).map(a -> a.hasRole(t.ownerRole())).orElse(false);
    }
}
