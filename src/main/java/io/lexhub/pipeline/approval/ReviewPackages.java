package io.lexhub.pipeline.approval;

import io.lexhub.approval.LevelState;
import io.lexhub.insight.Figures;
import io.lexhub.insight.UsageFlag;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.pipeline.UnknownRequestException;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.RequestStore.StoredRequest;
import io.lexhub.store.Tx;
import io.lexhub.store.UsageStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The review package: everything an approver needs to decide a request, with the nearest
 * precedents (decisions on requests of the same type and product). Shown by the API and put into
 * every approval mail when a level opens ({@link OpenLevels}).
 */
public final class ReviewPackages {

    private final Tx tx;
    private final RequestStore requests;
    private final ApprovalStore approvals;
    private final CaseRecord record;

    public ReviewPackages(Tx tx, RequestStore requests, ApprovalStore approvals, CaseRecord record) {
        this.tx = tx;
        this.requests = requests;
        this.approvals = approvals;
        this.record = record;
    }

    /** The review package of a request as it stands: the package, the current round's chain and its votes. */
    public Map<String, Object> reviewPackage(String reference) {
        return tx.read(c -> {
            // read, not locked: a page view must not hold up a decision
            StoredRequest s = requests.load(c, reference).orElseThrow(() -> new UnknownRequestException(reference));
            Map<String, Object> p = build(c, s, null);
            int round = approvals.currentRound(c, reference);
            List<Map<String, Object>> chain = new ArrayList<>();
            for (LevelState l : approvals.levels(c, reference, round)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("level", l.level());
                m.put("role", l.role());
                m.put("mode", l.mode());
                m.put("required", l.required());
                m.put("status", l.status());
                chain.add(m);
            }
            p.put("round", round);
            p.put("chain", chain);
            p.put("votes", approvals.voteRecords(c, reference, round));
            record.add(c, reference, p);
            return p;
        });
    }

    /**
     * The past decisions of the same type and product, read in a transaction of their own (before
     * the intake transaction, which they would only lengthen): the request needs no reference yet.
     */
    public List<ApprovalStore.PastDecision> precedents(ExceptionRequest r) {
        return tx.read(c -> pastDecisions(c, r, ""));
    }

    /** The package, in the caller's transaction; {@code precedents} null: read them here. */
    Map<String, Object> build(Connection c, StoredRequest s, List<ApprovalStore.PastDecision> precedents) throws SQLException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("reference", s.reference());
        p.put("state", s.state());
        p.put("policyVersion", s.policyVersion());
        p.put("request", s.request());
        p.put("triage", s.triage());
        p.put("risk", s.risk());
        p.put("route", s.route());
        List<ApprovalStore.PastDecision> past = precedents != null ? precedents : pastDecisions(c, s.request(), s.reference());
        p.put("precedents", Precedents.nearest(s.request(), past, 3));
        // how consistently similar cases (same type and product) were decided so far
        p.put("precedentShare", Figures.precedentShare(past.stream().map(ApprovalStore.PastDecision::outcome).toList()));
        // a renewal shows what the usage reports said about the waiver it renews
        if (s.request().renews() != null) {
            List<UsageFlag> flags = UsageStore.flags(c, s.request().renews());
            if (!flags.isEmpty()) p.put("renewedWaiverUtilisation", flags);
        }
        return p;
    }

    /** Decisions on requests of the same type and product (index ix_decisions_precedents), newest first. */
    private List<ApprovalStore.PastDecision> pastDecisions(Connection c, ExceptionRequest r, String excludeRef) throws SQLException {
        return approvals.pastDecisions(c, r.type().name(), r.product(), excludeRef, 200);
    }
}
