package io.lexhub.app;

import io.lexhub.api.HealthApi;
import io.lexhub.approval.Approver;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.audit.Reconciliation;
import io.lexhub.intake.ContentHash;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running hub's own check of its audit trail: the whole chain and the state tables at start
 * and every lexhub.audit.reconcile-ms, only the events appended since the last check every
 * lexhub.audit.verify-ms (the last verified event is remembered in memory). A break shows on
 * /api/health (DEGRADED), is logged once as an ERROR, and is mailed once to the audit owners
 * (the audit role in approvers.yaml) through the outbox, keyed by the break, so each broken state
 * is reported once, also across restarts and nodes.
 */
public final class AuditWatch implements HealthApi.AuditState {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.audit");
    private static final int ROWS_SHOWN = 3;

    private final Tx tx;
    private final AuditTrail trail;
    private final OutboxStore outbox;
    private final ApproverDirectory directory;
    private final Notices notices;
    private final Clock clock;
    private final String node;

    private long verifiedSeq;
    private String verifiedHash = AuditTrail.GENESIS;
    private volatile String chainProblem;
    private volatile String rowsProblem;
    private volatile Instant chainCheckedAt;
    private volatile Instant rowsCheckedAt;
    /** The broken states logged by this process. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** @param tx transactions without an audit trail of their own: the watch only reads (alerts go through the outbox) */
    public AuditWatch(Tx tx, AuditTrail trail, OutboxStore outbox, ApproverDirectory directory, Notices notices, Clock clock, String node) {
        this.tx = tx;
        this.trail = trail;
        this.outbox = outbox;
        this.directory = directory;
        this.notices = notices;
        this.clock = clock;
        this.node = node;
    }

    /** The schedule: the events appended since the last check; the whole chain again while it is broken (a repair shows). */
    public synchronized void verifyNew() {
        // the first check is the whole one (verifyAll): a break is then reported with its rows, in one report
        if (rowsCheckedAt == null) return;
        AuditTrail.VerifyResult r = tx.inTransaction(c -> trail.verifyFrom(c, verifiedSeq, verifiedHash));
        // a break found among the new events is named as a whole verify names it: one state, one report
        if (!r.ok() && verifiedSeq > 0) r = tx.inTransaction(trail::verify);
        chainCheckedAt = clock.instant();
        if (r.ok()) {
            verifiedSeq = r.verified();
            verifiedHash = r.lastHash();
            chainProblem = null;
        } else {
            verifiedSeq = 0;
            verifiedHash = AuditTrail.GENESIS;
            chainProblem = r.message();
        }
        reportIfBroken();
    }

    /** At start and then daily: the whole chain and every recorded table against it. */
    public synchronized void verifyAll() {
        verifiedSeq = 0;
        verifiedHash = AuditTrail.GENESIS;
        List<String> shown = new ArrayList<>();
        Reconciliation.Summary rows = tx.inTransaction(c -> new Reconciliation(trail).check(c, RecordedTables.ALL, p -> {
            if (shown.size() < ROWS_SHOWN) shown.add(p.toString());
        }));
        Instant checked = clock.instant();
        rowsProblem = rows.problems() == 0 ? null
                : rows.problems() + " of " + rows.total() + " rows are not what the audit trail recorded: " + String.join("; ", shown)
                        + (rows.problems() > shown.size() ? "; ..." : "");
        rowsCheckedAt = checked;
        verifyNew();
    }

    public boolean intact() {
        return chainProblem == null && rowsProblem == null;
    }

    /** What /api/health shows under "audit". */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("chain", chainCheckedAt == null ? "NOT CHECKED YET" : chainProblem == null ? "INTACT" : "BROKEN");
        if (chainProblem != null) s.put("firstBrokenLink", chainProblem);
        else if (chainCheckedAt != null) s.put("verifiedThrough", verifiedSeq);
        if (chainCheckedAt != null) s.put("chainCheckedAt", chainCheckedAt.toString());
        s.put("rows", rowsCheckedAt == null ? "NOT CHECKED YET" : rowsProblem == null ? "MATCH" : "BROKEN");
        if (rowsProblem != null) s.put("rowProblems", rowsProblem);
        if (rowsCheckedAt != null) s.put("rowsCheckedAt", rowsCheckedAt.toString());
        return s;
    }

    private void reportIfBroken() {
        if (intact()) return;
        String state = "chain: " + (chainProblem == null ? "intact" : chainProblem) + " | rows: " + (rowsProblem == null ? "match" : rowsProblem);
        if (logged.add(state)) LOG.error("the audit trail is BROKEN: {}", state);
        String key = "audit-alert:" + ContentHash.sha256(state.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("node", node);
        if (chainProblem != null) values.put("chain", chainProblem);
        if (rowsProblem != null) values.put("rows", rowsProblem);
        values.put("at", clock.instant().toString());
        List<Notice> mails = new ArrayList<>();
        for (Approver owner : directory.withRole("audit")) mails.add(notices.mail("audit-alert", key + ":" + owner.id(), owner.email(), values));
        // the same break mailed before (by this node, another node, or before a restart) is not mailed again
        outbox.enqueueOnce(mails, OffsetDateTime.now(clock));
    }
}
