package io.lexhub.pipeline.sweep;

import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.approval.Eligibility;
import io.lexhub.approval.LevelAudience;
import io.lexhub.approval.LevelState;
import io.lexhub.approval.Vote;
import io.lexhub.audit.AuditTrail;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.store.ApprovalStore;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.LifecycleStore.DueLevel;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One open approval level past its reminder point (its approvers are reminded) or past its SLA
 * (their backups and managers who could decide are asked, the requester is told of the delay),
 * each once: behind a conditional update of the level, in the transaction of its sweep batch.
 */
public final class OverdueLevels {

    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final LifecycleStore store;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;

    public OverdueLevels(RequestStore requests, ApprovalStore approvals, LifecycleStore store, AuditTrail audit, OutboxStore outbox,
            ApproverDirectory directory, Notices notices) {
        this.requests = requests;
        this.approvals = approvals;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
    }

    /** @return false when the level was reminded already (another run or node) */
    boolean remind(Connection c, DueLevel l, OffsetDateTime now) throws SQLException {
        if (!store.markLevel(c, l, "reminded_at", now)) return false;
        StoredRequest s = requests.lock(c, l.ref()).orElseThrow(() -> new UnknownRequestException(l.ref()));
        List<Approver> waiting = waiting(c, l, s).asked();
        audit.append(c, now, l.ref(), "approval.reminder", "system:sla-sweep", Json.write(Map.of(
                "round", l.round(), "level", l.level(), "role", l.role(), "dueAt", l.dueAt().toInstant().toString(),
                "approvers", waiting.stream().map(Approver::id).toList())));
        List<Notice> mails = new ArrayList<>();
        for (Approver a : waiting) mails.add(notices.sla().approvalReminder(l.ref(), l.round(), l.level(), l.role(), a, s.request(), l.dueAt().toInstant()));
        for (Notice n : mails) outbox.enqueue(c, l.ref(), n, now);
        return true;
    }

    /** @return false when the level was escalated already (another run or node) */
    boolean escalate(Connection c, DueLevel l, OffsetDateTime now) throws SQLException {
        if (!store.markLevel(c, l, "escalated_at", now)) return false;
        StoredRequest s = requests.lock(c, l.ref()).orElseThrow(() -> new UnknownRequestException(l.ref()));
        Waiting w = waiting(c, l, s);
        Set<Approver> targets = new LinkedHashSet<>();
        for (Approver a : w.asked()) {
            for (String id : new String[] {a.backup(), a.manager()}) {
                // only someone who could then decide: in their own right, or standing in for the late approver by delegation
                if (id != null) directory.find(id).filter(t -> mayDecide(t, a, w)).ifPresent(targets::add);
            }
        }
        audit.append(c, now, l.ref(), "approval.escalated", "system:sla-sweep", Json.write(Map.of(
                "round", l.round(), "level", l.level(), "role", l.role(), "dueAt", l.dueAt().toInstant().toString(),
                "waitingFor", w.ids(), "escalatedTo", targets.stream().map(Approver::id).toList())));
        List<Notice> mails = new ArrayList<>();
        List<String> late = w.asked().stream().map(Approver::name).toList();
        for (Approver t : targets) mails.add(notices.sla().escalation(l.ref(), l.round(), l.level(), l.role(), t, late, s.request()));
        mails.addAll(notices.sla().delayed(l.ref(), l.round(), l.level(), s.request()));
        for (Notice n : mails) outbox.enqueue(c, l.ref(), n, now);
        return true;
    }

    /** Who a due level waits for ({@link LevelAudience}, the decision check's own rule) and what they were judged on. */
    private record Waiting(LevelAudience.Result who, Eligibility.Case on) {
        List<Approver> asked() {
            return who.asked();
        }

        List<String> ids() {
            return who.askedIds();
        }
    }

    private Waiting waiting(Connection c, DueLevel l, StoredRequest s) throws SQLException {
        List<Vote> votes = approvals.votes(c, l.ref(), l.round());
        LevelState level = approvals.levels(c, l.ref(), l.round()).stream().filter(x -> x.level() == l.level()).findFirst().orElseThrow();
        Eligibility.Case on = new Eligibility.Case(level, s.request(), LevelAudience.revenueImpact(s.request()), votes, s.submitter(),
                directory.addresses());
        return new Waiting(LevelAudience.of(directory, on), on);
    }

    private static boolean mayDecide(Approver target, Approver late, Waiting w) {
        Set<String> standIns = w.who().standIns();
        return Eligibility.check(new Eligibility.Attempt(target, null, Vote.Kind.APPROVE, w.on(), standIns)).allowed()
                || Eligibility.check(new Eligibility.Attempt(target, late, Vote.Kind.APPROVE, w.on(), standIns)).allowed();
    }
}
