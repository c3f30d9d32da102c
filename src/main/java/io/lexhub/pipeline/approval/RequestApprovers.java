package io.lexhub.pipeline.approval;

import io.lexhub.store.ApprovalStore;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import io.lexhub.approval.ApproverDirectory;
import java.util.Set;

/**
 * Whether a person is one of a request's approvers: holds the role of one of its levels (in any
 * round), stands in today, by delegation, for that role, or is above a holder of it in the
 * management chain (a level nobody in the role may decide goes to their managers: LevelAudience).
 * Only they (and the desk and audit) may read the request and its review package.
 */
public final class RequestApprovers {

    private final Tx tx;
    private final ApprovalStore approvals;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public RequestApprovers(Tx tx, ApprovalStore approvals, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.approvals = approvals;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    public boolean includes(String reference, String personId) {
        if (reference == null || personId == null) return false;
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return tx.read(c -> {
            Set<String> roles = approvals.levelRoles(c, reference);
            if (directory.find(personId).map(a -> roles.stream().anyMatch(a::hasRole)).orElse(false)) return true;
            if (approvals.delegatedRoles(c, personId, today).stream().anyMatch(roles::contains)) return true;
            return roles.stream().flatMap(r -> directory.withRole(r).stream()).anyMatch(holder -> above(personId, holder));
        });
    }

    /** Whether the person is the holder's manager, or their manager's, and so on up. */
    private boolean above(String personId, io.lexhub.approval.Approver holder) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String m = holder.manager(); m != null && seen.add(m); m = directory.find(m).map(io.lexhub.approval.Approver::manager).orElse(null)) {
            if (m.equals(personId)) return true;
        }
        return false;
    }
}
