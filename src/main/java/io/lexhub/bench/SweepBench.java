package io.lexhub.bench;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.notify.Notices;
import io.lexhub.notify.Templates;
import io.lexhub.pipeline.sweep.SweepResult;
import io.lexhub.pipeline.sweep.Sweeps;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.store.ApprovalStore;
import io.lexhub.intake.RequestParser;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Scenario 3: sweep scaling. Generates {@code total} ACTIVE waivers of which {@code due} have
 * ended before today, then times one expiry sweep, a second one (which must change nothing) and
 * prints the query plans. The sweep is a slot ({@link ExpirySweep}): until the lifecycle sweeps
 * are merged it holds {@link PlainSqlExpirySweep}, the SQL such a sweep must run.
 */
final class SweepBench {

    /** The sweep being measured: expires what is due on {@code today}; returns how many it changed. */
    interface ExpirySweep {
        String name();

        int sweep(DataSource ds, LocalDate today) throws Exception;
    }

    /**
     * The plain SQL of an expiry sweep (architecture rule 4): find the due waivers with the indexed
     * {@code state = 'ACTIVE' AND end_date < ?}, then one conditional {@code UPDATE ... WHERE
     * state = 'ACTIVE'} per waiver in its own transaction, so a second run changes nothing. The real
     * sweep adds the audit event and notices to each transaction.
     */
    static final class PlainSqlExpirySweep implements ExpirySweep {
        static final String DUE = "SELECT request_ref, end_date FROM waivers WHERE state = 'ACTIVE' AND end_date < ?";
        static final String EXPIRE = "UPDATE waivers SET state = 'EXPIRED', updated_at = ? WHERE request_ref = ? AND state = 'ACTIVE'";

        @Override
        public String name() {
            return "plain SQL (placeholder until the lifecycle sweep is merged)";
        }

        @Override
        public int sweep(DataSource ds, LocalDate today) throws SQLException {
            List<String> due = new ArrayList<>();
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(DUE)) {
                ps.setDate(1, Date.valueOf(today));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) due.add(rs.getString(1));
                }
            }
            int changed = 0;
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(EXPIRE)) {
                for (String ref : due) {
                    c.setAutoCommit(false);
                    ps.setObject(1, now);
                    ps.setString(2, ref);
                    changed += ps.executeUpdate();
                    c.commit();
                }
                c.setAutoCommit(true);
            }
            return changed;
        }
    }

    /**
     * The hub's own expiry sweep, {@link io.lexhub.pipeline.sweep.ExpirySweep#run()}, built on the bench's
     * DataSource as HubConfiguration builds it (config/ policy, approvers and templates), with
     * the clock fixed at noon UTC of the sweep date: per due waiver one transaction with the
     * conditional state change, its audit event and the outbox notices.
     */
    static final class HubExpirySweep implements ExpirySweep {
        @Override
        public String name() {
            return "the hub's ExpirySweep";
        }

        @Override
        public int sweep(DataSource ds, LocalDate today) throws Exception {
            SweepResult r = sweeps(ds, today).expiry().run();
            return r.counts().get("expired") + r.counts().get("handedToRenewal");
        }

        static Sweeps sweeps(DataSource ds, LocalDate today) throws Exception {
            Clock clock = Clock.fixed(today.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
            Path config = Path.of("config");
            AuditTrail audit = new AuditTrail(BenchHub.AUDIT_KEY.getBytes(StandardCharsets.UTF_8), new AuditRowStore());
            Tx tx = new Tx(ds, audit);
            OutboxStore outbox = new OutboxStore(tx, clock, Duration.ofMinutes(5), Duration.ofSeconds(10));
            PolicyHolder policy = new PolicyHolder(PolicyLoader.load(config.resolve("policy.yaml")));
            ApproverDirectory directory = ApproverDirectory.load(config.resolve("approvers.yaml"), policy.current());
            Path templates = config.resolve("templates");
            Notices notices = new Notices(new Templates(templates), io.lexhub.notify.Languages.of(io.lexhub.notify.Messages.load(config.resolve("messages")), null),
                    Files.readString(templates.resolve("mail-request-form.txt")).strip(),
                    Notices.JiraTransitions.NONE);
            return Sweeps.of(tx, new RequestStore(tx, audit, outbox), new ApprovalStore(), new LifecycleStore(), audit, outbox,
                    directory, notices, policy, clock, ZoneOffset.UTC,
                    Integer.parseInt(PipelineBench.readDefault("lexhub.lifecycle.sweep-workers", "4")));
        }
    }

    record Result(String db, int total, int due, double generateSeconds, double querySeconds, double sweepSeconds, int expired,
            double secondSweepSeconds, int expiredAgain, String selectPlan, String updatePlan,
            double slaSeconds, int reminded, int remindedAgain, String slaPlan) {}

    /** The hub's due queries (LifecycleStore.activeEndedBefore and dueLevels), for their plans. */
    static final String HUB_EXPIRY_DUE = "SELECT w.request_ref, w.state, w.customer_id, w.product, w.exception_type, w.start_date, w.end_date,"
            + " w.granted, w.renewal_of, w.renewal_count, w.policy_review, r.customer_name, r.reply_to"
            + " FROM waivers w JOIN requests r ON r.reference = w.request_ref WHERE w.state = 'ACTIVE' AND w.end_date < ? ORDER BY w.end_date, w.request_ref";
    static final String HUB_END = "UPDATE waivers SET state = 'EXPIRED', ended_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP"
            + " WHERE request_ref = ? AND state = 'ACTIVE'";
    static final String HUB_SLA_DUE = "SELECT request_ref, round, level_no, role, due_at FROM approval_levels WHERE status = 'OPEN'"
            + " AND remind_at <= ? AND reminded_at IS NULL ORDER BY remind_at";

    private static final int GENERATE_CHUNK = 100_000;

    private SweepBench() {}

    static Result run(BenchDb engine, int total, int due, ExpirySweep sweep, Report report) throws Exception {
        report.line("scenario 3 (sweep) on " + engine.name() + ": " + total + " ACTIVE waivers, " + due + " due; sweep: " + sweep.name());
        Path home = Bench.newHome("sweep");
        BenchDb.Target t = engine.fresh("bench_sweep_" + total, home);
        String url = t.url().startsWith("jdbc:postgresql:") ? t.url() + (t.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : t.url();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Database db = Database.open(url, t.user(), t.password(), 4).migrate()) {
            DataSource ds = db.dataSource();
            long g0 = System.nanoTime();
            generate(ds, total, due, today, dueRequestJson());
            double gen = (System.nanoTime() - g0) / 1e9;
            String selectPlan = plan(ds, engine, HUB_EXPIRY_DUE.replace("?", "DATE '" + today + "'"), true);
            String updatePlan = plan(ds, engine, HUB_END.replace("?", "'W-00000001'"), false);
            String slaPlan = plan(ds, engine, HUB_SLA_DUE.replace("?", "TIMESTAMP WITH TIME ZONE '" + today + " 12:00:00+00'"), true);
            long q0 = System.nanoTime();
            int found = countDue(ds, today);
            double query = (System.nanoTime() - q0) / 1e9;
            long s0 = System.nanoTime();
            int expired = sweep.sweep(ds, today);
            double first = (System.nanoTime() - s0) / 1e9;
            long s1 = System.nanoTime();
            int again = sweep.sweep(ds, today);
            double second = (System.nanoTime() - s1) / 1e9;
            report.line(String.format("  generated in %.1f s; due query %d rows in %.3f s; sweep expired %d in %.3f s; second sweep expired %d in %.3f s",
                    gen, found, query, expired, first, again, second));
            Sweeps hub = HubExpirySweep.sweeps(ds, today);
            long l0 = System.nanoTime();
            int reminded = hub.sla().run().counts().get("reminded");
            double sla = (System.nanoTime() - l0) / 1e9;
            int remindedAgain = hub.sla().run().counts().get("reminded");
            report.line(String.format("  SLA sweep over %,d open approval levels: reminded %d in %.3f s; second sweep reminded %d",
                    total, reminded, sla, remindedAgain));
            report.line("  plan of the expiry due query:\n    " + selectPlan.replace("\n", "\n    "));
            report.line("  plan of the conditional update:\n    " + updatePlan.replace("\n", "\n    "));
            report.line("  plan of the SLA due query:\n    " + slaPlan.replace("\n", "\n    "));
            report.figure(String.format("sweep    %-8s %,d active, %d due: due query %.3f s, expiry sweep %.3f s (%s); SLA sweep %.3f s for %d due levels (target < 1 s)",
                    engine.name(), total, due, query, first, sweep.name(), sla, reminded));
            return new Result(engine.name(), total, due, gen, query, first, expired, second, again, selectPlan, updatePlan,
                    sla, reminded, remindedAgain, slaPlan);
        }
    }

    /**
     * {@code total} ACTIVE waivers, each with its request row (the sweep reads the customer's name
     * and reply address from it); every (total/due)-th ended before {@code today}, the others end
     * after the furthest expiry reminder (31 days to two years), so only the due ones are swept.
     */
    static void generate(DataSource ds, int total, int due, LocalDate today, String dueRequestJson) throws SQLException {
        // set-based, in the database: a number series joined into each table (a million rows
        // through JDBC batches took minutes on PostgreSQL; INSERT ... SELECT takes seconds)
        OffsetDateTime noon = today.atTime(12, 0).atOffset(ZoneOffset.UTC);
        int every = Math.max(1, total / Math.max(1, due));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = ds.getConnection()) {
            boolean h2 = c.getMetaData().getDatabaseProductName().contains("H2");
            Dialect d = h2 ? Dialect.H2 : Dialect.POSTGRES;
            String isDue = "(MOD(x, " + every + ") = 0 AND x / " + every + " < " + due + ")";
            String ref = "'W-' || LPAD(CAST(x AS VARCHAR), 8, '0')";
            String customer = "CAST(MOD(x, 50000) AS VARCHAR)";
            String type = "CASE MOD(x, 5) WHEN 0 THEN 'EXTRA_SEATS' WHEN 1 THEN 'DISCOUNT' WHEN 2 THEN 'TEMPORARY_ACCESS' WHEN 3 THEN 'FEATURE_UNLOCK'"
                    + " ELSE 'TERRITORY_RIGHTS' END";
            // due ones ended 1-30 days ago; the others end after the furthest reminder (31 days to two years)
            String end = "CASE WHEN " + isDue + " THEN " + d.plusDays("DATE '" + today + "'", "-(1 + MOD(x, 30))")
                    + " ELSE " + d.plusDays("DATE '" + today + "'", "31 + MOD(x, 700)") + " END";
            String start = d.plusDays(end, "-365");
            c.setAutoCommit(false);
            // in chunks: one transaction of a million rows per table took H2 minutes longer than ten of 100,000
            for (int from = 0; from < total; from += GENERATE_CHUNK) {
                String series = d.series(from, Math.min(total, from + GENERATE_CHUNK) - 1);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO waivers (request_ref, state, customer_id, product, exception_type,"
                        + " start_date, end_date, granted, created_at, updated_at) SELECT " + ref + ", 'ACTIVE', 'CUST-' || " + customer
                        + ", 'Meridian Data Platform', " + type + ", " + start + ", " + end + ", '{\"seats\":' || CAST(10 + MOD(x, 500) AS VARCHAR)"
                        + " || ',\"start\":\"' || CAST(" + start + " AS VARCHAR) || '\",\"end\":\"' || CAST(" + end + " AS VARCHAR)"
                        + " || '\",\"regions\":[],\"features\":[],\"conditions\":[\"reviewed at renewal\"]}', ?, ? FROM " + series)) {
                    ps.setObject(1, now);
                    ps.setObject(2, now);
                    ps.executeUpdate();
                }
                // only the due levels' requests are read by the SLA sweep: they carry a real request document
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (reference, source, external_id, state, customer_id,"
                        + " customer_name, reply_to, product, exception_type, start_date, end_date, policy_version, content_sha256, request_json,"
                        + " assessment_json, raw_content, received_at, updated_at) SELECT " + ref + ", 'api', 'sweep-bench-' || CAST(x AS VARCHAR),"
                        + " 'APPROVED', 'CUST-' || " + customer + ", 'Customer ' || " + customer + ", 'requests@example.com',"
                        + " 'Meridian Data Platform', " + type + ", " + start + ", " + end + ", 'bench', '" + "0".repeat(64) + "',"
                        + " CASE WHEN " + isDue + " THEN ? ELSE '{}' END, '{}', '{}', ?, ? FROM " + series)) {
                    ps.setString(1, dueRequestJson);
                    ps.setObject(2, now);
                    ps.setObject(3, now);
                    ps.executeUpdate();
                }
                // one open level per request; the due ones passed their reminder point two hours ago
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO approval_levels (request_ref, round, level_no, role, mode, required,"
                        + " status, terms_hash, opened_at, remind_at, due_at) SELECT " + ref + ", 1, 1, 'licensing', 'ONE', 1, 'OPEN', '"
                        + "0".repeat(64) + "', ?, CASE WHEN " + isDue + " THEN ? ELSE " + d.plusDays("?", "1 + MOD(x, 30)") + " END,"
                        + " CASE WHEN " + isDue + " THEN ? ELSE " + d.plusDays("?", "2 + MOD(x, 30)") + " END FROM " + series)) {
                    ps.setObject(1, noon.minusDays(1));
                    ps.setObject(2, noon.minusHours(2));
                    ps.setObject(3, noon);
                    ps.setObject(4, noon.plusDays(1));
                    ps.setObject(5, noon);
                    ps.executeUpdate();
                }
                c.commit();
            }
            c.setAutoCommit(true);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            boolean h2 = c.getMetaData().getDatabaseProductName().contains("H2");
            s.execute(h2 ? "ANALYZE TABLE waivers" : "ANALYZE waivers");
            s.execute(h2 ? "ANALYZE TABLE requests" : "ANALYZE requests");
            s.execute(h2 ? "ANALYZE TABLE approval_levels" : "ANALYZE approval_levels");
        }
    }

    /** The SQL that differs between the two engines the bench runs on. */
    private enum Dialect {
        H2 {
            String series(int from, int to) {
                return "SYSTEM_RANGE(" + from + ", " + to + ")";   // its column is X
            }

            String plusDays(String dateOrTimestamp, String days) {
                return "DATEADD(DAY, " + days + ", " + cast(dateOrTimestamp) + ")";
            }
        },
        POSTGRES {
            String series(int from, int to) {
                return "generate_series(" + from + ", " + to + ") AS x";
            }

            String plusDays(String dateOrTimestamp, String days) {
                // date + integer stays a date; a timestamp moves by days of 24 hours (UTC)
                return dateOrTimestamp.equals("?") ? "(" + cast(dateOrTimestamp) + " + (" + days + ") * INTERVAL '1 day')"
                        : "(" + dateOrTimestamp + " + (" + days + "))";
            }
        };

        /** The numbers from .. to (inclusive) as a table with one column, x. */
        abstract String series(int from, int to);

        abstract String plusDays(String dateOrTimestamp, String days);

        /** A parameter needs its type; literals and expressions have one. */
        static String cast(String expr) {
            return expr.equals("?") ? "CAST(? AS TIMESTAMP WITH TIME ZONE)" : expr;
        }
    }

    /** A real request document (an example parsed by the hub's parser), for the requests the SLA sweep reads. */
    static String dueRequestJson() throws Exception {
        byte[] example = Files.readAllBytes(Path.of("examples/requests/migration-extra-seats.json"));
        return Json.write(new RequestParser(Path.of("config/schema/request.schema.json")).parse(example, "json").request());
    }

    static int countDue(DataSource ds, LocalDate today) throws SQLException {
        int n = 0;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(PlainSqlExpirySweep.DUE)) {
            ps.setDate(1, Date.valueOf(today));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) n++;
            }
        }
        return n;
    }

    static String plan(DataSource ds, BenchDb engine, String sql, boolean analyze) throws SQLException {
        String explain = engine.name().equals("postgres") ? (analyze ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN ") : (analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ");
        StringBuilder b = new StringBuilder();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(explain + sql)) {
            while (rs.next()) {
                if (b.length() > 0) b.append('\n');
                b.append(rs.getString(1));
            }
        }
        return b.toString();
    }
}
