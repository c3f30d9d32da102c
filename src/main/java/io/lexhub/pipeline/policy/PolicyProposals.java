package io.lexhub.pipeline.policy;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.lexhub.audit.AuditTrail;
import io.lexhub.lifecycle.ProposalState;
import io.lexhub.model.Json;
import io.lexhub.pipeline.simulation.PolicySimulation;
import io.lexhub.pipeline.simulation.SimulationReport;
import io.lexhub.policy.PolicyException;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyText;
import io.lexhub.store.PolicyProposalStore;
import io.lexhub.store.PolicyProposalStore.Proposal;
import io.lexhub.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Four eyes on the policy (docs/policy.md): a candidate text becomes a proposal (checked, simulated
 * against the last twelve months, its diff against the policy in force kept), which a policy owner
 * who did not propose it approves or rejects. An approved proposal is applied by
 * {@link PolicyApplier}. Every step is audited with the diff; a malformed candidate is refused with
 * its problems (file and line) and audited too.
 */
public final class PolicyProposals {

    /** Who proposed a change seen by the hot reload: nobody is known, only that the file changed. */
    public static final String FILE_SYSTEM = "file-system change";
    static final Duration SIMULATED = Duration.ofDays(365);
    private static final int MAX_REASON = 2000;

    private final Tx tx;
    private final AuditTrail audit;
    private final PolicyProposalStore store;
    private final PolicyHolder policy;
    private final PolicySimulation simulation;
    private final Clock clock;
    private volatile PolicyApplier applier = () -> { };

    public PolicyProposals(Tx tx, AuditTrail audit, PolicyProposalStore store, PolicyHolder policy, PolicySimulation simulation, Clock clock) {
        this.tx = tx;
        this.audit = audit;
        this.store = store;
        this.policy = policy;
        this.simulation = simulation;
        this.clock = clock;
    }

    /** Set once wiring is done: the hub's reloader applies what is approved. */
    public void applier(PolicyApplier applier) {
        this.applier = applier;
    }

    /**
     * Proposes {@code text}; {@code proposer} is the person (or {@link #FILE_SYSTEM}), {@code actor}
     * the audit actor. The same text already open is that proposal; newer replaces older open ones.
     */
    public Proposal propose(String text, String proposer, String actor) {
        if (proposer == null || proposer.isBlank()) throw new ProposalException(ProposalException.Kind.INVALID, List.of("a proposal needs its proposer"));
        PolicyText candidate;
        try {
            if (text == null || text.isBlank()) throw new PolicyException(List.of("candidate: the policy text is empty"));
            candidate = PolicyText.parse(text, "candidate");
        } catch (PolicyException e) {
            refused(proposer, actor, text, e.problems());
            throw new ProposalException(ProposalException.Kind.INVALID, e.problems());
        }
        PolicyText inForce = policy.inForce();
        if (candidate.sha256().equals(inForce.sha256())) {
            throw new ProposalException(ProposalException.Kind.INVALID, List.of("the candidate is the policy in force (" + inForce.policy().version() + "): nothing to change"));
        }
        Optional<Proposal> same = tx.read(c -> store.openWithText(c, candidate.sha256()));
        if (same.isPresent()) return same.get();
        // simulated outside the transaction: it reads for seconds and writes nothing
        Instant to = clock.instant();
        SimulationReport report = simulation.run(candidate, inForce, to.minus(SIMULATED), to, (done, total, elapsed) -> { });
        String summary = Json.write(summary(report));
        String diff = diff(inForce, candidate);
        OffsetDateTime at = OffsetDateTime.now(clock);
        long id = tx.inTransaction(c -> {
            List<Long> superseded = store.open(c);
            for (long old : superseded) store.move(c, old, ProposalState.PROPOSED, ProposalState.SUPERSEDED, proposer, "superseded by a newer proposal", at);
            long created = store.insert(c, candidate, inForce.sha256(), diff, proposer, at, summary);
            Map<String, Object> event = event(created, candidate.policy().version(), candidate.sha256(), proposer);
            event.put("inForce", inForce.policy().version());
            event.put("supersedes", superseded);
            event.put("simulation", Json.readTree(summary).path("totals").path("changed"));
            event.put("diff", diff);
            audit.append(c, at, null, "policy.proposed", actor, Json.write(event));
            return created;
        });
        return tx.read(c -> store.find(c, id)).orElseThrow();
    }

    /** A policy owner approves; not the proposer. The approved text is put in force at once on this node. */
    public Proposal approve(long id, String approver, String actor, String reason) {
        OffsetDateTime at = OffsetDateTime.now(clock);
        String why = reason == null || reason.isBlank() ? null : checkedReason(reason);
        String refusal = tx.inTransaction(c -> {
            Proposal p = open(c, id);
            if (p.proposer().equals(approver)) {
                Map<String, Object> event = event(id, p.version(), p.sha256(), p.proposer());
                event.put("approver", approver);
                event.put("refused", "self-approval");
                audit.append(c, at, null, "policy.approval-refused", actor, Json.write(event));
                return approver + " proposed proposal " + id + " and may not approve it: a second policy owner must";
            }
            if (!store.move(c, id, ProposalState.PROPOSED, ProposalState.APPROVED, approver, why, at)) throw notOpen(id);
            Map<String, Object> event = event(id, p.version(), p.sha256(), p.proposer());
            event.put("approver", approver);
            if (why != null) event.put("reason", why);
            event.put("diff", p.diff());
            audit.append(c, at, null, "policy.proposal-approved", actor, Json.write(event));
            return null;
        });
        if (refusal != null) throw new ProposalException(ProposalException.Kind.SELF_APPROVAL, List.of(refusal));
        applier.applyApproved();
        return tx.read(c -> store.find(c, id)).orElseThrow();
    }

    /** A policy owner rejects, with a reason; the policy in force stays. */
    public Proposal reject(long id, String by, String actor, String reason) {
        if (reason == null || reason.isBlank()) throw new ProposalException(ProposalException.Kind.INVALID, List.of("a rejection needs its reason"));
        String why = checkedReason(reason);
        OffsetDateTime at = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            Proposal p = open(c, id);
            if (!store.move(c, id, ProposalState.PROPOSED, ProposalState.REJECTED, by, why, at)) throw notOpen(id);
            Map<String, Object> event = event(id, p.version(), p.sha256(), p.proposer());
            event.put("rejectedBy", by);
            event.put("reason", why);
            event.put("diff", p.diff());
            audit.append(c, at, null, "policy.proposal-rejected", actor, Json.write(event));
            return null;
        });
        return tx.read(c -> store.find(c, id)).orElseThrow();
    }

    /** The proposal approved last (APPROVED or APPLIED), with its text: the policy every node must have in force. */
    public Optional<Proposal> latestApproved() {
        return tx.read(store::latestApproved);
    }

    public List<Proposal> list(int limit) {
        return tx.read(c -> store.list(c, limit));
    }

    public Proposal find(long id) {
        return tx.read(c -> store.find(c, id)).orElseThrow(() -> notFound(id));
    }

    /** The unified diff from one text to another, three lines of context. */
    public static String diff(PolicyText from, PolicyText to) {
        return diff("in force " + from.policy().version(), from.text(), "proposed " + to.policy().version(), to.text());
    }

    /** The unified diff of two texts under their labels. */
    public static String diff(String fromLabel, String fromText, String toLabel, String toText) {
        List<String> left = fromText == null ? List.of() : fromText.lines().toList();
        List<String> right = toText.lines().toList();
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(fromLabel, toLabel, left, DiffUtils.diff(left, right), 3));
    }

    private Proposal open(java.sql.Connection c, long id) throws java.sql.SQLException {
        Proposal p = store.find(c, id).orElseThrow(() -> notFound(id));
        if (p.state() != ProposalState.PROPOSED) throw notOpen(id);
        return p;
    }

    private void refused(String proposer, String actor, String text, List<String> problems) {
        OffsetDateTime at = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("proposer", proposer);
            event.put("sha256", text == null ? null : PolicyText.sha256(text));
            event.put("problems", problems);
            audit.append(c, at, null, "policy.proposal-refused", actor, Json.write(event));
            return null;
        });
    }

    private static Map<String, Object> summary(SimulationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", r.from().toString());
        m.put("to", r.to().toString());
        m.put("inForce", r.inForceVersion());
        m.put("totals", r.totals());
        return m;
    }

    private static Map<String, Object> event(long id, String version, String sha256, String proposer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("proposal", id);
        m.put("version", version);
        m.put("sha256", sha256);
        m.put("proposer", proposer);
        return m;
    }

    private static String checkedReason(String reason) {
        String r = reason.strip();
        if (r.length() > MAX_REASON) throw new ProposalException(ProposalException.Kind.INVALID, List.of("the reason is longer than " + MAX_REASON + " characters"));
        return r;
    }

    private static ProposalException notFound(long id) {
        return new ProposalException(ProposalException.Kind.NOT_FOUND, List.of("no policy proposal " + id));
    }

    private static ProposalException notOpen(long id) {
        return new ProposalException(ProposalException.Kind.NOT_OPEN, List.of("proposal " + id + " is no longer open: it was decided or superseded"));
    }
}
