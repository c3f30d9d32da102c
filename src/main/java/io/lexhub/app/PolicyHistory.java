package io.lexhub.app;

import io.lexhub.audit.AuditTrail;
import io.lexhub.model.Json;
import io.lexhub.policy.PolicyText;
import io.lexhub.lifecycle.ProposalState;
import io.lexhub.store.PolicyProposalStore;
import io.lexhub.store.PolicyVersionStore;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps policy_versions (V40) up to date: the text in force at start and each text a hot reload
 * applies, each with its audit event in the same transaction. Nodes starting or reloading the same
 * text at once record it once (unique digest; the loser runs its transaction again and finds it).
 */
public final class PolicyHistory {

    /** How a text takes effect without four eyes: an operator puts the file in place (with four eyes: "proposal N approved"). */
    static final String AT_START = "file at start by operator";
    static final String BY_RELOAD = "file reload by operator";

    private final Tx tx;
    private final AuditTrail audit;
    private final PolicyVersionStore store;
    private final Clock clock;
    private final PolicyProposalStore proposals = new PolicyProposalStore();

    public PolicyHistory(Tx tx, AuditTrail audit, PolicyVersionStore store, Clock clock) {
        this.tx = tx;
        this.audit = audit;
        this.store = store;
        this.clock = clock;
    }

    /** At start: records the text unless it is on file, with a policy.recorded event when it was not. */
    public void recordAtStart(PolicyText p) {
        OffsetDateTime at = OffsetDateTime.now(clock);
        retryOnce(() -> tx.inTransaction(c -> {
            if (store.recordIfNew(c, p, at, AT_START)) {
                audit.append(c, at, null, "policy.recorded", "system:start", Json.write(payload(p, null, AT_START)));
            }
            return null;
        }));
    }

    /**
     * On a hot reload that applies: the policy.loaded event and, if the text is new, its history row, together.
     * @param change the node and the file with its old and new digest (app/ConfigChanges.files)
     */
    public void recordReload(PolicyText next, String previousVersion, Map<String, Object> change) {
        OffsetDateTime at = OffsetDateTime.now(clock);
        retryOnce(() -> tx.inTransaction(c -> {
            boolean recorded = store.recordIfNew(c, next, at, BY_RELOAD);
            Map<String, Object> event = payload(next, previousVersion, BY_RELOAD);
            event.putAll(change);
            event.put("recorded", recorded);
            audit.append(c, at, null, "policy.loaded", "system:reload", Json.write(event));
            return null;
        }));
    }

    /**
     * Four eyes: an approved proposal takes effect on this node. Its history row names the approver;
     * the proposal becomes APPLIED (once, whichever node is first); policy.loaded says who approved.
     */
    public void recordApproved(PolicyText next, String previousVersion, PolicyProposalStore.Proposal proposal) {
        OffsetDateTime at = OffsetDateTime.now(clock);
        String how = "proposal " + proposal.id() + " approved";
        retryOnce(() -> tx.inTransaction(c -> {
            boolean recorded = store.recordIfNew(c, next, at, how, proposal.decidedBy());
            if (proposal.state() == ProposalState.APPROVED) proposals.move(c, proposal.id(), ProposalState.APPROVED, ProposalState.APPLIED, null, null, at);
            Map<String, Object> event = payload(next, previousVersion, how);
            event.put("proposal", proposal.id());
            event.put("approvedBy", proposal.decidedBy());
            event.put("recorded", recorded);
            audit.append(c, at, null, "policy.loaded", "system:four-eyes", Json.write(event));
            return null;
        }));
    }

    private static Map<String, Object> payload(PolicyText p, String previousVersion, String how) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", p.policy().version());
        if (previousVersion != null) m.put("previousVersion", previousVersion);
        m.put("sha256", p.sha256());
        m.put("how", how);
        return m;
    }

    private static void retryOnce(Runnable work) {
        try {
            work.run();
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException s && Tx.isUniqueViolation(s))) throw e;
            work.run(); // another node recorded the same text meanwhile: now it is on file
        }
    }
}
