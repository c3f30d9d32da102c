package io.lexhub.pipeline.waiver;

import io.lexhub.pipeline.DecisionRefusedException;
import io.lexhub.pipeline.NotDecidableException;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.lifecycle.ReviewStatus;
import io.lexhub.lifecycle.WaiverState;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.approval.Eligibility;
import io.lexhub.approval.LevelAudience;
import io.lexhub.approval.LevelState;
import io.lexhub.approval.Vote;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.DatabaseUnavailableException;
import io.lexhub.store.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.LifecycleStore.DueLevel;
import io.lexhub.store.LifecycleStore.Waiver;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import io.lexhub.store.Tx;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What time does to requests and waivers: SLA reminders and escalations of open approval levels,
 * expiry reminders, sunset (or hand-over to an approved renewal), revocation and the periodic
 * review queue. Each item is handled in its own transaction behind a conditional update, so a
 * sweep that fires twice, or on two nodes, does everything once.
 */
public final class WaiverLifecycle {

    /** What one sweep run did, for its log line. */
    public record SweepResult(String sweep, Map<String, Integer> counts) {
        public String summaryLine() {
            return sweep + " " + counts;
        }
    }

    private static final int BATCH = 1000;
    /** Due items written per transaction by a sweep. */
    private static final int SWEEP_BATCH = 25;

    private final Tx tx;
    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final LifecycleStore store;
    private final AuditTrail audit;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;
    private final SecureRandom random = new SecureRandom();
    private final int sweepWorkers;

    public WaiverLifecycle(Tx tx, RequestStore requests, ApprovalStore approvals, LifecycleStore store, AuditTrail audit, OutboxStore outbox,
            ApproverDirectory directory, Notices notices, PolicyHolder policy, Clock clock, ZoneId zone, int sweepWorkers) {
        this.tx = tx;
        this.requests = requests;
        this.approvals = approvals;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.policy = policy;
        this.clock = clock;
        this.zone = zone;
        this.sweepWorkers = sweepWorkers;
    }

    // --- SLA

    /** Reminds the approvers of levels past their reminder point and escalates levels past their SLA, once each. */
    public SweepResult slaSweep() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int reminded = count(eachDueItem(tx.read(c -> store.levelsToRemind(c, now, BATCH)), (c, l) -> remind(c, l, now)), true);
        int escalated = count(eachDueItem(tx.read(c -> store.levelsToEscalate(c, now, BATCH)), (c, l) -> escalate(c, l, now)), true);
        return new SweepResult("sla-sweep", Map.of("reminded", reminded, "escalated", escalated));
    }

    private boolean remind(Connection c, DueLevel l, OffsetDateTime now) throws SQLException {
        if (!store.markLevel(c, l, "reminded_at", now)) return false;
        StoredRequest s = requests.lock(c, l.ref()).orElseThrow(() -> new UnknownRequestException(l.ref()));
        List<Approver> waiting = waiting(c, l, s).asked();
        audit.append(c, now, l.ref(), "approval.reminder", "system:sla-sweep", Json.write(Map.of(
                "round", l.round(), "level", l.level(), "role", l.role(), "dueAt", l.dueAt().toInstant().toString(),
                "approvers", waiting.stream().map(Approver::id).toList())));
        List<Notice> mails = new ArrayList<>();
        for (Approver a : waiting) mails.add(notices.approvalReminder(l.ref(), l.round(), l.level(), l.role(), a, s.request(), l.dueAt().toInstant()));
        enqueue(c, l.ref(), mails, now);
        return true;
    }

    private boolean escalate(Connection c, DueLevel l, OffsetDateTime now) throws SQLException {
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
        for (Approver t : targets) mails.add(notices.escalation(l.ref(), l.round(), l.level(), l.role(), t, late, s.request()));
        mails.addAll(notices.delayed(l.ref(), l.round(), l.level(), s.request()));
        enqueue(c, l.ref(), mails, now);
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

    // --- expiry

    /** Expiry reminders at the policy's offsets, then sunset of waivers past their last day. */
    public SweepResult expirySweep() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        List<Integer> offsets = new ArrayList<>(policy.current().lifecycle().expiryReminderDays());
        Collections.sort(offsets);
        int furthest = offsets.get(offsets.size() - 1);
        int reminded = count(eachDueItem(tx.read(c -> store.activeEndingBetween(c, today, today.plusDays(furthest), BATCH * 10)),
                (c, w) -> {
                    int daysLeft = (int) ChronoUnit.DAYS.between(today, w.end());
                    List<Integer> due = offsets.stream().filter(k -> k >= daysLeft).toList();
                    return !due.isEmpty() && remindExpiry(c, w, daysLeft, due, now);
                }), true);
        List<String> outcomes = eachDueItem(tx.read(c -> store.activeEndedBefore(c, today, BATCH * 10)), (c, w) -> sunset(c, w, now));
        int expired = count(outcomes, "EXPIRED");
        int renewed = count(outcomes, "RENEWED");
        return new SweepResult("expiry-sweep", Map.of("reminded", reminded, "expired", expired, "handedToRenewal", renewed));
    }

    /** The work of one due item, in the transaction of its batch. */
    @FunctionalInterface
    private interface ItemWork<T, R> {
        R apply(Connection c, T item) throws SQLException;
    }

    /**
     * Handles the due items, {@code sweepWorkers} batches at a time, {@link #SWEEP_BATCH} items
     * per transaction: a sweep's time was its commits, one per item (1,000 due took 1.4-2.4 s).
     * Each item's conditional update, audit event and notices are still written together (rule
     * 3: no state change without its record); a batch only shares the commit. A batch that
     * fails is rolled back and its items are tried again one transaction each, so one bad item
     * fails alone. Batches are contiguous runs of the due list, which every node reads in the
     * same order, so two nodes sweeping at once lock rows in the same order. The first failure
     * is rethrown once every item has been tried; failed items are due again on the next run.
     */
    private <T, R> List<R> eachDueItem(List<T> items, ItemWork<T, R> work) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += SWEEP_BATCH) batches.add(items.subList(i, Math.min(items.size(), i + SWEEP_BATCH)));
        List<R> results = new ArrayList<>(items.size());
        RuntimeException first = null;
        AtomicBoolean databaseGone = new AtomicBoolean();
        if (sweepWorkers <= 1 || batches.size() <= 1) {
            for (List<T> batch : batches) {
                BatchResult<R> r = batch(batch, work, databaseGone);
                results.addAll(r.results());
                first = merge(first, r.failure());
            }
        } else {
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(sweepWorkers, batches.size()), runnable -> {
                Thread t = new Thread(runnable, "lexhub-sweep-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<BatchResult<R>>> futures = new ArrayList<>();
                for (List<T> batch : batches) futures.add(pool.submit(() -> batch(batch, work, databaseGone)));
                for (Future<BatchResult<R>> f : futures) {
                    BatchResult<R> r = f.get();
                    results.addAll(r.results());
                    first = merge(first, r.failure());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sweep interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("sweep worker failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        if (first != null) throw first;
        return results;
    }

    private record BatchResult<R>(List<R> results, RuntimeException failure) {}

    /**
     * One transaction for the batch; on a failure, one transaction per item (a failed item's
     * result is null). While the database is unreachable the rest of the sweep is skipped: each
     * try would wait for a connection in vain.
     */
    private <T, R> BatchResult<R> batch(List<T> batch, ItemWork<T, R> work, AtomicBoolean databaseGone) {
        if (databaseGone.get()) return new BatchResult<>(Collections.nCopies(batch.size(), null), null);
        try {
            return new BatchResult<>(tx.inTransaction(c -> {
                List<R> out = new ArrayList<>(batch.size());
                for (T item : batch) out.add(work.apply(c, item));
                return out;
            }), null);
        } catch (RuntimeException batchFailure) {
            if (batchFailure instanceof DatabaseUnavailableException) databaseGone.set(true);
            if (batch.size() == 1 || databaseGone.get()) return new BatchResult<>(Collections.nCopies(batch.size(), null), batchFailure);
            List<R> out = new ArrayList<>(batch.size());
            RuntimeException first = null;
            for (T item : batch) {
                try {
                    out.add(tx.inTransaction(c -> work.apply(c, item)));
                } catch (RuntimeException e) {
                    out.add(null);
                    first = merge(first, e);
                }
            }
            return new BatchResult<>(out, first);
        }
    }

    private static RuntimeException merge(RuntimeException first, RuntimeException next) {
        if (next == null) return first;
        if (first == null) return next;
        first.addSuppressed(next);
        return first;
    }

    private static <R> int count(List<R> results, R wanted) {
        return (int) results.stream().filter(wanted::equals).count();
    }

    /**
     * Sends the reminder of the nearest offset not sent yet; offsets further out that were missed
     * (the hub was down, or the waiver is short) are marked as passed without a mail of their own.
     */
    private boolean remindExpiry(Connection c, Waiver w, int daysLeft, List<Integer> due, OffsetDateTime now) throws SQLException {
        int nearest = due.get(0);
        // the waiver's row lock makes a concurrent sweep (another node) wait, then find the reminder marked
        if (!store.lockActive(c, w.ref()) || !store.markReminder(c, w.ref(), nearest, now)) return false;
        for (int k : due.subList(1, due.size())) store.markReminder(c, w.ref(), k, now);
        audit.append(c, now, w.ref(), "waiver.expiry-reminder", "system:expiry-sweep",
                Json.write(Map.of("daysBefore", nearest, "daysLeft", daysLeft, "end", w.end().toString())));
        enqueue(c, w.ref(), notices.expiryReminder(w.ref(), w.customerName(), w.replyTo(), w.product(), w.type(), w.end(), daysLeft,
                internalOwners()), now);
        return true;
    }

    private String sunset(Connection c, Waiver w, OffsetDateTime now) throws SQLException {
        var renewal = store.activeRenewalOf(c, w.ref());
        if (renewal.isPresent()) {
            if (!store.endWaiver(c, w.ref(), WaiverState.RENEWED, now)) return "NONE";
            audit.recordRow(c, RecordedTables.WAIVERS, w.ref());
            audit.append(c, now, w.ref(), "waiver.renewed", "system:expiry-sweep",
                    Json.write(Map.of("end", w.end().toString(), "continuedBy", renewal.get())));
            return "RENEWED";
        }
        if (!store.endWaiver(c, w.ref(), WaiverState.EXPIRED, now)) return "NONE";
        audit.recordRow(c, RecordedTables.WAIVERS, w.ref());
        audit.append(c, now, w.ref(), "waiver.expired", "system:expiry-sweep", Json.write(Map.of("end", w.end().toString())));
        enqueue(c, w.ref(), notices.waiverEnded(w.ref(), w.customerName(), w.customerId(), w.replyTo(), w.product(), w.type(), w.end(),
                w.granted(), "sunset", null, internalOwners(), now.toInstant()), now);
        return "EXPIRED";
    }

    // --- revocation and review

    /**
     * Revokes an active waiver now; licensing and audit approvers may do it, with a rationale.
     * actorLabel is how they proved who they are, for the audit trail (architecture rule 14).
     */
    public void revoke(String ref, String actorId, String actorLabel, String rationale) {
        mayEnd(actorId, rationale, "licensing", "audit");
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            revokeIn(c, ref, actorLabel, rationale.strip(), now);
            return null;
        });
    }

    private void revokeIn(Connection c, String ref, String actorLabel, String rationale, OffsetDateTime now) throws SQLException {
        Waiver w = store.waiver(c, ref).orElseThrow(() -> new UnknownRequestException(ref));
        if (!store.endWaiver(c, ref, WaiverState.REVOKED, now)) throw new NotDecidableException(ref + " is " + w.state() + ", not an active waiver");
        audit.recordRow(c, RecordedTables.WAIVERS, ref);
        audit.append(c, now, ref, "waiver.revoked", actorLabel, Json.write(Map.of("rationale", rationale, "end", w.end().toString())));
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        enqueue(c, ref, notices.waiverEnded(ref, w.customerName(), w.customerId(), w.replyTo(), w.product(), w.type(), today, w.granted(),
                "revoked", rationale, internalOwners(), now.toInstant()), now);
    }

    /** Samples the policy's share of active waivers into this month's review queue (topping up to the share). */
    public SweepResult sampleReviews() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String period = YearMonth.from(now.atZoneSameInstant(zone)).toString();
        double share = policy.current().lifecycle().reviewSampleShare();
        int sampled = tx.inTransaction(c -> {
            store.lockSampling(c);   // a concurrent run waits here, then counts this run's sample
            long target = (long) Math.ceil(share * store.countActive(c));
            long need = target - store.countSampled(c, period);
            if (need <= 0) return 0;
            List<String> candidates = new ArrayList<>(store.activeNotSampled(c, period));
            Collections.shuffle(candidates, random);
            List<String> picked = candidates.subList(0, (int) Math.min(need, candidates.size()));
            for (String ref : picked) {
                long id = store.insertReview(c, ref, period, now);
                audit.append(c, now, ref, "waiver.review-sampled", "system:review-sampling", Json.write(Map.of("review", id, "period", period)));
            }
            return picked.size();
        });
        return new SweepResult("review-sampling", Map.of("sampled", sampled));
    }

    public List<LifecycleStore.Review> openReviews(String actorId) {
        mayEnd(actorId, "listing", "audit");
        return tx.read(store::openReviews);
    }

    /** The audit owner confirms a sampled waiver or revokes it. */
    public void decideReview(long id, String actorId, String actorLabel, String outcome, String rationale) {
        Approver actor = mayEnd(actorId, rationale, "audit");
        if (!"confirm".equals(outcome) && !"revoke".equals(outcome)) throw new IllegalArgumentException("outcome must be confirm or revoke");
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            LifecycleStore.Review r = store.review(c, id).orElseThrow(() -> new IllegalArgumentException("no review " + id));
            if (!store.closeReview(c, id, "confirm".equals(outcome) ? ReviewStatus.CONFIRMED : ReviewStatus.REVOKED, actor.id(), rationale.strip(), now)) {
                throw new NotDecidableException("review " + id + " is already " + r.status());
            }
            audit.append(c, now, r.ref(), "waiver.review-" + ("confirm".equals(outcome) ? "confirmed" : "revoked"), actorLabel,
                    Json.write(Map.of("review", id, "period", r.period(), "rationale", rationale.strip())));
            if ("revoke".equals(outcome)) revokeIn(c, r.ref(), actorLabel, rationale.strip(), now);
            return null;
        });
    }

    /** A waiver with its renewal chain, oldest first. */
    public Map<String, Object> waiverHistory(String ref) {
        return tx.read(c -> {
            List<Waiver> chain = store.history(c, ref);
            if (chain.isEmpty()) throw new UnknownRequestException(ref);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reference", ref);
            out.put("waiver", view(chain.stream().filter(w -> w.ref().equals(ref)).findFirst().orElseThrow()));
            out.put("chain", chain.stream().map(WaiverLifecycle::view).toList());
            return out;
        });
    }

    private static Map<String, Object> view(Waiver w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", w.ref());
        m.put("state", w.state());
        m.put("customerId", w.customerId());
        m.put("product", w.product());
        m.put("type", w.type());
        m.put("start", w.start().toString());
        m.put("end", w.end().toString());
        m.put("granted", Json.readTree(w.granted()));
        if (w.renewalOf() != null) m.put("renews", w.renewalOf());
        m.put("renewalCount", w.renewalCount());
        m.put("policyReview", w.policyReview());
        return m;
    }

    private Approver mayEnd(String actorId, String rationale, String... roles) {
        Approver actor = directory.find(actorId).orElseThrow(() -> new DecisionRefusedException(List.of(actorId + " is not an approver")));
        if (java.util.Arrays.stream(roles).noneMatch(actor::hasRole)) {
            throw new DecisionRefusedException(List.of(actor.name() + " does not hold any of the roles " + List.of(roles)));
        }
        if (rationale == null || rationale.isBlank()) throw new IllegalArgumentException("a rationale is required");
        return actor;
    }

    private List<String> internalOwners() {
        ApproverDirectory.InternalRecipients r = directory.internal();
        return r.licensing() == null ? List.of() : List.of(r.licensing());
    }

    private void enqueue(Connection c, String ref, List<Notice> list, OffsetDateTime now) throws SQLException {
        for (Notice n : list) outbox.enqueue(c, ref, n, now);
    }
}
