package io.lexhub.store;

import io.lexhub.insight.Figures;
import io.lexhub.insight.Stats;
import io.lexhub.insight.Summary;
import io.lexhub.insight.Summary.CustomerCount;
import io.lexhub.insight.Summary.RequestCount;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The governance figures of a period, aggregated by the database (GROUP BY, COUNT, SUM; the
 * percentiles as the values at their ranks, {@link DecisionFigures}): what leaves the database is
 * a few thousand rows of counts at most, never the period's requests or decisions. What a decision
 * or waiver contributes (seconds, precedent counts, revenue) is on its row since it was recorded
 * ({@link InsightFacts}), so the decision figures read only the period's decisions, from an index
 * that holds what they count (V57). Read-only; definitions in docs/insight.md, rounding and naming in
 * {@link Figures}. Times are compared as instants in [from, to); asOf is "now" (an SLA deadline
 * after it has not been missed yet).
 */
public final class InsightStore {

    private static final String DECIDED_IN = "d.decided_at >= ? AND d.decided_at < ?";
    /**
     * Practice requests (V46) count in no figure: every query of requests, decisions and levels
     * filters them out (a decision carries its request's flag, V53).
     */
    private static final String REAL_DECISION = "d.practice = FALSE";
    private static final String REAL_LEVEL = "NOT EXISTS (SELECT 1 FROM requests p WHERE p.reference = approval_levels.request_ref AND p.practice = TRUE)";

    /** PostgreSQL's memory per sort or hash of the dashboard's statements: a twelve-month period of a million requests hashes in memory. */
    private static final String WORK_MEM = "64MB";
    /** PostgreSQL's price of an index page read out of order, against 1 for the next page of a table: see {@link #read}. */
    private static final String RANDOM_PAGE_COST = "1.1";

    private final Tx tx;
    private final int readers;

    /** Reads the figures one after another, on one connection at a time (the report command's). */
    public InsightStore(Tx tx) {
        this(tx, 1);
    }

    /** Reads up to {@code readers} figures at once, each on a pooled connection of its own (the hub's: {@link #readersFor}). */
    public InsightStore(Tx tx, int readers) {
        this.tx = tx;
        this.readers = readers;
    }

    /**
     * How many figures a summary reads at once out of a pool of {@code poolSize} connections: up to
     * three, and always two left to the rest of the hub, so no reader waits out the pool's
     * connection timeout behind the others while a figure takes seconds.
     */
    public static int readersFor(int poolSize) {
        return Math.max(1, Math.min(MAX_READERS, poolSize - 2));
    }

    /** Connections a summary reads on at once at most (lexhub.db.pool-size is 8 by default). */
    private static final int MAX_READERS = 3;

    /**
     * The figures are independent reads, each on a connection of its own, up to three at a time
     * (read one after another, the summary at a million requests took twice as long;
     * BENCHMARKS.md). Each reads in its own snapshot (read committed; the decision figures in
     * one of their own, {@link DecisionFigures}), as each statement always did.
     */
    public Summary summary(Instant from, Instant to, Instant asOf) {
        OffsetDateTime f = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime t = to.atOffset(ZoneOffset.UTC);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(readers, r -> {
            Thread thread = new Thread(r, "lexhub-insight-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            // the longest first
            Future<DecisionFigures.Result> decisions = read(pool, c -> DecisionFigures.read(c, f, t));
            Future<List<CustomerCount>> top = read(pool, c -> topCustomers(c, f, t));
            Future<Disputed> disputed = read(pool, c -> disputed(c, f, t));
            Future<Summary.Sla> sla = read(pool, c -> sla(c, f, t, asOf.atOffset(ZoneOffset.UTC)));
            Future<List<RequestCount>> requests = read(pool, c -> requestGroups(c, f, t));
            Future<Waivers> waivers = read(pool, c -> waivers(c, f, t));
            Future<Summary.Utilisation> utilisation = read(pool, c -> utilisation(c, from, to));
            Future<Summary.BillingReview> billing = read(pool, c -> billing(c, from, to));
            Waivers w = get(waivers);
            DecisionFigures.Result ofDecisions = get(decisions);
            Summary.Approvals decided = ofDecisions.approvals();
            Disputed d = get(disputed);
            return new Summary(from.toString(), to.toString(),
                    Figures.requests(get(requests)),
                    new Summary.DecisionTime(ofDecisions.overall(), ofDecisions.byTrackTier()),
                    ofDecisions.trend(),
                    get(sla),
                    decided,
                    new Summary.Renewals(w.renewed + w.expired, w.renewed, w.expired, Stats.ratio(w.renewed, w.renewed + w.expired), w.granted,
                            w.repeat),
                    new Summary.Disputes(decided.decided(), d.amended, d.resubmitted, d.amended + d.resubmitted,
                            Stats.ratio(d.amended + d.resubmitted, decided.decided()), d.references),
                    w.revoked,
                    new Summary.ActiveWaivers(w.active, w.value),
                    get(top),
                    ofDecisions.precedents(),
                    get(utilisation),
                    get(billing));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One figure read on a connection of its own, on PostgreSQL with settings for this read only:
     * <ul>
     * <li>the memory to hash a period of a million requests;
     * <li>index pages priced as what they are here, cached and read in key order (random_page_cost
     * 1.1, the usual value for SSDs, instead of 4 for a spinning disk): the figures read the period
     * from indexes that hold what they count (V57), and once such an index had grown past its
     * first size (rows rewritten in bulk) the default made PostgreSQL read the whole table instead,
     * at twice the time;
     * <li>when figures are read at once, no parallel workers: the readers already share the cores,
     * and each statement's workers only added processes to schedule (on two cores the summary at a
     * million requests took 1.2 s with them, 0.85 s without).
     * </ul>
     * BENCHMARKS.md has the figures.
     */
    private <T> Future<T> read(ExecutorService pool, Tx.Work<T> figure) {
        String settings = "SET work_mem = '" + WORK_MEM + "'; SET random_page_cost = " + RANDOM_PAGE_COST
                + (readers > 1 ? "; SET max_parallel_workers_per_gather = 0" : "");
        return pool.submit(() -> tx.read(c -> {
            boolean postgres = Database.isPostgres(c);
            if (postgres) execute(c, settings);
            try {
                return figure.run(c);
            } finally {
                if (postgres) execute(c, "RESET work_mem; RESET random_page_cost; RESET max_parallel_workers_per_gather");
            }
        }));
    }

    /** The figure, or the figure's failure as it was thrown (a StoreException: the database is unavailable, a statement failed). */
    private static <T> T get(Future<T> figure) {
        try {
            return figure.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the figures were read", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<RequestCount> requestGroups(Connection c, OffsetDateTime f, OffsetDateTime t) throws SQLException {
        List<RequestCount> out = new ArrayList<>();
        try (PreparedStatement ps = period(c, """
                SELECT source, exception_type, state, COUNT(*) AS n FROM requests
                WHERE received_at >= ? AND received_at < ? AND practice = FALSE GROUP BY source, exception_type, state""", f, t); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new RequestCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
        }
        return out;
    }

    /**
     * A level is judged in the period its deadline (due_at) falls in: met when it was decided at
     * or before the deadline and never escalated; missed when it was decided later, escalated, or
     * is still open past the deadline. A level voided (amendment) before its deadline, or still
     * open with the deadline ahead, is not judged. The escalations are counted by when they
     * happened. Each is a range of its own index that holds what is read (V59).
     */
    private static Summary.Sla sla(Connection c, OffsetDateTime f, OffsetDateTime t, OffsetDateTime asOf) throws SQLException {
        String metRule = "escalated_at IS NULL AND status IN ('APPROVED', 'DENIED') AND closed_at <= due_at";
        long met;
        long missed;
        try (PreparedStatement ps = c.prepareStatement("SELECT SUM(CASE WHEN " + metRule + " THEN 1 ELSE 0 END) AS met,"
                + " SUM(CASE WHEN " + metRule + " THEN 0 WHEN status = 'VOID' AND closed_at <= due_at THEN 0"
                + " WHEN escalated_at IS NOT NULL OR due_at < ? THEN 1 ELSE 0 END) AS missed"
                + " FROM approval_levels WHERE due_at >= ? AND due_at < ? AND " + REAL_LEVEL)) {
            ps.setObject(1, asOf);
            ps.setObject(2, f);
            ps.setObject(3, t);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                met = rs.getLong("met");
                missed = rs.getLong("missed");
            }
        }
        long escalations;
        try (PreparedStatement ps = period(c, "SELECT COUNT(*) FROM approval_levels WHERE escalated_at >= ? AND escalated_at < ? AND " + REAL_LEVEL, f, t);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            escalations = rs.getLong(1);
        }
        return new Summary.Sla(met + missed, met, missed, Stats.ratio(met, met + missed), escalations);
    }

    private record Waivers(long renewed, long expired, long revoked, long granted, long repeat, long active, Map<String, BigDecimal> value) {}

    /**
     * One pass over the waivers, per currency: those that ended in the period (RENEWED, EXPIRED,
     * REVOKED by ended_at), the renewals created in it (repeat: the second or later of their
     * chain), the ACTIVE ones now, and the revenue impact of these, which each waiver carries from
     * its request document (V53, {@link InsightFacts}). The counts are summed over the currencies here.
     */
    private static Waivers waivers(Connection c, OffsetDateTime f, OffsetDateTime t) throws SQLException {
        String ended = "ended_at >= ? AND ended_at < ?";
        String created = "created_at >= ? AND created_at < ? AND renewal_of IS NOT NULL";
        long[] n = new long[6];
        Map<String, BigDecimal> value = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(currency, 'none') AS cur,"
                + " SUM(CASE WHEN state = 'RENEWED' AND " + ended + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'EXPIRED' AND " + ended + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'REVOKED' AND " + ended + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN " + created + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN " + created + " AND renewal_count >= 2 THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'ACTIVE' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'ACTIVE' THEN revenue_impact END) FROM waivers GROUP BY COALESCE(currency, 'none')")) {
            for (int i = 0; i < 5; i++) {
                ps.setObject(2 * i + 1, f);
                ps.setObject(2 * i + 2, t);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int i = 0; i < n.length; i++) n[i] += rs.getLong(i + 2);
                    BigDecimal v = rs.getBigDecimal(8);
                    if (v == null) continue;
                    v = v.stripTrailingZeros();
                    value.put(rs.getString(1), v.scale() < 0 ? v.setScale(0) : v);
                }
            }
        }
        return new Waivers(n[0], n[1], n[2], n[3], n[4], n[5], value);
    }

    /** The decisions disputed after an approval (amended) and after a denial (resubmitted), and their requests. */
    private record Disputed(long amended, long resubmitted, List<String> references) {}

    /**
     * A decision of the period is disputed when an approval was followed by an amendment of the
     * same request (request.amended after the decision) or by a later round's decision, or when a
     * denial was followed by a new request of the same customer for the same type and product
     * (a decided request always has all three: validation requires them). Only the disputed
     * decisions leave the database.
     */
    private static Disputed disputed(Connection c, OffsetDateTime f, OffsetDateTime t) throws SQLException {
        long amended = 0;
        long resubmitted = 0;
        List<String> refs = new ArrayList<>();
        // three semi-joins (not one OR of EXISTS, which the planner runs as sub-plans for every decision of the period)
        String of = "SELECT d.id, d.decided_at, d.request_ref, d.outcome FROM decisions d WHERE " + DECIDED_IN + " AND " + REAL_DECISION + " AND ";
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, outcome FROM ("
                + of + "d.outcome = 'APPROVED' AND EXISTS (SELECT 1 FROM audit_events a WHERE a.request_ref = d.request_ref"
                + " AND a.event_type = 'request.amended' AND a.at > d.decided_at)"
                + " UNION " + of + "d.outcome = 'APPROVED' AND EXISTS (SELECT 1 FROM decisions o WHERE o.request_ref = d.request_ref AND o.round > d.round"
                // rounds count from 1: only later rounds' decisions go into the hash
                + " AND o.round > 1)"
                // a denied request is not reassessed: its decision's customer, product and type are the request's
                + " UNION " + of + "d.outcome <> 'APPROVED' AND EXISTS (SELECT 1 FROM requests o WHERE o.customer_id = d.customer_id"
                + " AND o.product = d.product AND o.exception_type = d.exception_type AND o.received_at > d.decided_at"
                + " AND o.reference <> d.request_ref AND o.practice = FALSE)"
                + ") x ORDER BY decided_at, id")) {
            for (int i = 0; i < 3; i++) {
                ps.setObject(2 * i + 1, f);
                ps.setObject(2 * i + 2, t);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    refs.add(rs.getString(1));
                    if ("APPROVED".equals(rs.getString(2))) amended++;
                    else resubmitted++;
                }
            }
        }
        return new Disputed(amended, resubmitted, refs);
    }

    /** The customers with the most requests received in the period; the name is that of their first request in it. */
    private static List<CustomerCount> topCustomers(Connection c, OffsetDateTime f, OffsetDateTime t) throws SQLException {
        Map<Long, Object[]> top = new LinkedHashMap<>();
        try (PreparedStatement ps = period(c, """
                SELECT COALESCE(customer_id, 'none') AS customer, COUNT(*) AS n, SUM(CASE WHEN state = 'APPROVED' THEN 1 ELSE 0 END) AS approved,
                  MIN(id) AS first_id
                FROM requests WHERE received_at >= ? AND received_at < ? AND practice = FALSE GROUP BY COALESCE(customer_id, 'none')
                ORDER BY n DESC, customer FETCH FIRST %d ROWS ONLY""".formatted(Figures.TOP_CUSTOMERS), f, t); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) top.put(rs.getLong("first_id"), new Object[] {rs.getString("customer"), rs.getLong("n"), rs.getLong("approved")});
        }
        Map<Long, String> names = new TreeMap<>();
        if (!top.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, customer_name FROM requests WHERE id IN ("
                    + String.join(", ", top.keySet().stream().map(x -> "?").toList()) + ")")) {
                int i = 1;
                for (long id : top.keySet()) ps.setLong(i++, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) names.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        List<CustomerCount> out = new ArrayList<>();
        top.forEach((id, v) -> out.add(new CustomerCount((String) v[0], names.get(id), (Long) v[1], (Long) v[2])));
        // ties by customer id in Java's order (the databases' collations differ)
        out.sort(java.util.Comparator.comparingLong(CustomerCount::requests).reversed().thenComparing(CustomerCount::customerId));
        return out;
    }

    private static Summary.Utilisation utilisation(Connection c, Instant from, Instant to) throws SQLException {
        List<io.lexhub.insight.UsageFlag> flags = UsageStore.flagsDetected(c, from, to);
        return new Summary.Utilisation(flags.stream().filter(x -> "OVERAGE".equals(x.kind())).count(),
                flags.stream().filter(x -> "UNDERUSE".equals(x.kind())).count(), flags);
    }

    private static Summary.BillingReview billing(Connection c, Instant from, Instant to) throws SQLException {
        List<io.lexhub.insight.BillingFinding> findings = BillingStore.findingsRaised(c, from, to);
        Map<String, Long> byKind = new TreeMap<>();
        findings.forEach(x -> byKind.merge(x.kind(), 1L, Long::sum));
        return new Summary.BillingReview(findings.size(), byKind, findings);
    }

    /** The statement with the period [f, t) as its first two parameters (also DecisionFigures'). */
    static PreparedStatement period(Connection c, String sql, OffsetDateTime f, OffsetDateTime t) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setObject(1, f);
        ps.setObject(2, t);
        return ps;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        BigDecimal d = rs.getBigDecimal(column);
        return d == null ? null : d.stripTrailingZeros();
    }
}
