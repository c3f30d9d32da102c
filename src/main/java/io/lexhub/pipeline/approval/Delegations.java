package io.lexhub.pipeline.approval;

import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An approver hands one of their roles to a peer in that role, or to their manager, for a
 * period. Decisions made under it record both people; it never lets anyone skip a level.
 */
public final class Delegations {

    private final Tx tx;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final ZoneId zone;

    public Delegations(Tx tx, ApprovalStore approvals, AuditTrail audit, ApproverDirectory directory, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.approvals = approvals;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
    }

    /** actorLabel: how the delegator proved who they are, for the audit trail (architecture rule 14). */
    public long create(String delegatorId, String actorLabel, String delegateId, String role, String from, String until, String reason) {
        Approver delegator = directory.find(delegatorId).orElseThrow(() -> new IllegalArgumentException(delegatorId + " is not an approver"));
        if (delegateId == null || role == null || from == null || until == null || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("delegate, role, from, until and reason are required");
        }
        Approver delegate = directory.find(delegateId).orElseThrow(() -> new IllegalArgumentException(delegateId + " is not an approver"));
        if (delegate.id().equals(delegator.id())) throw new IllegalArgumentException("you cannot delegate to yourself");
        if (!delegator.hasRole(role)) throw new IllegalArgumentException(delegator.name() + " does not hold the role '" + role + "'");
        if (!delegate.hasRole(role) && !delegate.id().equals(delegator.manager())) {
            throw new IllegalArgumentException(delegate.name() + " can only stand in for '" + role + "' if they hold that role or are your manager");
        }
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(from);
            end = LocalDate.parse(until);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("from and until are dates like 2027-01-31");
        }
        if (end.isBefore(start)) throw new IllegalArgumentException("until is before from");
        // a delegation cannot reach back: decisions already taken stay as they were made
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (start.isBefore(today)) throw new IllegalArgumentException("from " + start + " is in the past; a delegation starts today (" + today + ") or later");
        if (end.isAfter(start.plusDays(366))) throw new IllegalArgumentException("a delegation lasts at most a year");
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            long id = approvals.insertDelegation(c, delegator.id(), delegate.id(), role, start, end, reason.strip(), now);
            audit.recordRow(c, RecordedTables.DELEGATIONS, id);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", id);
            event.put("delegator", delegator.id());
            event.put("delegate", delegate.id());
            event.put("role", role);
            event.put("from", start.toString());
            event.put("until", end.toString());
            event.put("reason", reason.strip());
            audit.append(c, now, null, "delegation.created", actorLabel, Json.write(event));
            return id;
        });
    }

    /**
     * Ends a delegation at once: decisions already made under it stand. Only its delegator may,
     * or the desk ({@code desk}); a second revocation is refused.
     */
    public void revoke(long id, String actorId, String actorLabel, boolean desk, String reason) {
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a reason is required");
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            ApprovalStore.Delegation d = approvals.delegation(c, id)
                    .orElseThrow(() -> new IllegalArgumentException("there is no delegation " + id));
            if (!desk && !d.delegator().equals(actorId)) {
                throw new io.lexhub.pipeline.DecisionRefusedException(List.of("only " + d.delegator() + " or the licensing desk may revoke delegation " + id));
            }
            if (!approvals.revokeDelegation(c, id, now)) throw new NotDecidableException("delegation " + id + " was revoked already");
            audit.append(c, now, null, "delegation.revoked", actorLabel, Json.write(Map.of("id", id, "delegator", d.delegator(),
                    "delegate", d.delegate(), "role", d.role(), "reason", reason.strip())));
            return null;
        });
    }
}
