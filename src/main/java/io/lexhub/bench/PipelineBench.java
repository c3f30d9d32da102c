package io.lexhub.bench;

import io.lexhub.audit.AuditTrail;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Scenario 1: N request documents through direct:intake of a started hub (several submitters, in
 * process, as the REST route hands them over), timed until each call returns, i.e. the request is
 * routed and committed. Then the JDBC baseline writes the same rows on a fresh database of the same
 * engine with the same number of submitters. The ratio is hub / baseline.
 */
final class PipelineBench {

    record Result(String db, int requests, int threads, Load.Result hub, Load.Result jdbc, long stored, long distinct,
            int duplicates, Map<String, Long> states, boolean auditOk, long jdbcStored, boolean jdbcAuditOk, double rowsPerRequest) {
        double ratio() {
            return hub.perSecond() / jdbc.perSecond();
        }

        /** The same comparison per CPU time spent (JVM and database server), which other load on the machine hardly moves. */
        double cpuRatio() {
            return jdbc.cpuMsPerTask() / hub.cpuMsPerTask();
        }
    }

    private PipelineBench() {}

    static Result run(BenchDb engine, Path examples, int n, int threads, Report report) throws Exception {
        int least = Math.max(Math.min(5_000, n / 4), 7 * 4);
        report.line("scenario 1 (pipeline) on " + engine.name() + ": at least " + least + " warm-up + " + n + " requests through direct:intake, "
                + threads + " submitters");
        Path home = Bench.newHome("pipeline");
        Workload work = new Workload(examples, "p");
        Load.Result hubRun;
        int warm;
        List<BenchDb.Executed> hubExecuted;
        List<RowTemplates.RequestRows> templates;
        long stored;
        long distinct;
        boolean auditOk;
        Map<String, Long> states;
        AtomicInteger duplicates = new AtomicInteger();
        Map<String, Boolean> refs = new ConcurrentHashMap<>();
        try (BenchHub hub = BenchHub.start(home, engine.fresh("bench_pipeline", home), Map.of())) {
            warm = warmUp(least, n, threads, i -> hub.template.requestBody("direct:intake", work.apiSubmission(i), IntakeOutcome.class), report, "hub");
            // the documents are written before the clock starts: writing them (YAML for some) is the
            // client's work, and it was 5 % of the CPU charged to the hub in a JFR profile
            List<io.lexhub.intake.RawSubmission> submissions = new java.util.ArrayList<>(n);
            for (int i = warm; i < warm + n; i++) submissions.add(work.apiSubmission(i));
            engine.settle(hub.dataSource());
            engine.resetExecuted();
            hubRun = Load.run(warm, n, threads, i -> {
                IntakeOutcome o = hub.template.requestBody("direct:intake", submissions.get(i - warm), IntakeOutcome.class);
                if (o.duplicate()) duplicates.incrementAndGet();
                refs.put(o.reference(), Boolean.TRUE);
            });
            hubExecuted = engine.executed("bench_pipeline");
            DataSource ds = hub.dataSource();
            stored = count(ds, "SELECT COUNT(*) FROM requests WHERE source = 'api'");
            distinct = refs.size();
            states = states(ds);
            auditOk = verify(ds);
            // the baseline replays the rows of a full cycle of examples many times over
            templates = RowTemplates.capture(ds, "api", Math.min(warm + n, work.kinds() * 100));
        }
        double rows = templates.stream().mapToInt(RowTemplates.RequestRows::rowCount).average().orElse(0);
        report.line(String.format("  hub:      %d requests in %.1f s = %.0f req/s, p50 %s ms, p99 %s ms; stored %d (of %d), distinct %d, duplicates %d, audit chain %s, states %s",
                n, hubRun.wallNanos() / 1e9, hubRun.perSecond(), Stats.f1(hubRun.p50()), Stats.f1(hubRun.p99()), stored, warm + n, distinct,
                duplicates.get(), auditOk ? "intact" : "BROKEN", states));

        engine.drop("bench_pipeline");
        Path baseHome = Bench.newHome("baseline");
        BenchDb.Target t = engine.fresh("bench_baseline", baseHome);
        Load.Result jdbcRun;
        int jdbcWarm;
        List<BenchDb.Executed> jdbcExecuted;
        long jdbcStored;
        boolean jdbcAuditOk;
        int pool = Integer.parseInt(readDefault("lexhub.db.pool-size", "8"));
        try (Database db = Database.open(t.url(), t.user(), t.password(), pool).migrate()) {
            JdbcWriter writer = new JdbcWriter(db.dataSource(), templates, BenchHub.AUDIT_KEY);
            // as many rows as the hub's database held before its timed run: an index's cost grows with it
            jdbcWarm = warmUp(warm, n, threads, i -> writer.write(i, "w" + i), report, "baseline");
            engine.settle(db.dataSource());
            engine.resetExecuted();
            jdbcRun = Load.run(jdbcWarm, n, threads, i -> writer.write(i, "b" + i));
            jdbcExecuted = engine.executed("bench_baseline");
            jdbcStored = count(db.dataSource(), "SELECT COUNT(*) FROM requests");
            jdbcAuditOk = verify(db.dataSource());
        }
        report.line(String.format("  baseline: %d requests in %.1f s = %.0f req/s, p50 %s ms, p99 %s ms; %.1f rows per transaction, stored %d, audit chain %s",
                n, jdbcRun.wallNanos() / 1e9, jdbcRun.perSecond(), Stats.f1(jdbcRun.p50()), Stats.f1(jdbcRun.p99()), rows, jdbcStored,
                jdbcAuditOk ? "intact" : "BROKEN"));
        Result r = new Result(engine.name(), n, threads, hubRun, jdbcRun, stored - warm, distinct, duplicates.get(), states, auditOk,
                jdbcStored - jdbcWarm, jdbcAuditOk, rows);
        report.figure(String.format("pipeline %-8s %6.0f req/s (p50 %s ms, p99 %s ms) | JDBC baseline %6.0f req/s (p50 %s ms, p99 %s ms) | ratio %.0f %% (target >= 70 %%)",
                engine.name(), hubRun.perSecond(), Stats.f1(hubRun.p50()), Stats.f1(hubRun.p99()), jdbcRun.perSecond(), Stats.f1(jdbcRun.p50()),
                Stats.f1(jdbcRun.p99()), 100 * r.ratio()));
        report.figure(String.format("pipeline %-8s CPU per request (JVM + database server): hub %.2f ms | JDBC baseline %.2f ms | ratio %.0f %% (target >= 50 %%: at most twice)",
                engine.name(), hubRun.cpuMsPerTask(), jdbcRun.cpuMsPerTask(), 100 * r.cpuRatio()));
        report.figure(String.format("pipeline %-8s of which the database server: hub %.2f ms | JDBC baseline %.2f ms; the JIT compiler: hub %.2f ms | JDBC baseline %.2f ms",
                engine.name(), hubRun.serverCpuMsPerTask(), jdbcRun.serverCpuMsPerTask(), hubRun.jitCpuMsPerTask(), jdbcRun.jitCpuMsPerTask()));
        if (!hubExecuted.isEmpty()) executed(report, engine.name(), n, hubExecuted, jdbcExecuted);
        return r;
    }

    /** The statements the server ran per request, and the hub's costliest (pg_stat_statements: one row per kind). */
    private static void executed(Report report, String engine, int n, List<BenchDb.Executed> hub, List<BenchDb.Executed> jdbc) {
        report.figure(String.format("pipeline %-8s statements per request in the server: hub %.1f (%.2f ms of server time) | JDBC baseline %.1f (%.2f ms)",
                engine, ServerStatements.calls(hub) / n, ServerStatements.serverMs(hub) / n, ServerStatements.calls(jdbc) / n,
                ServerStatements.serverMs(jdbc) / n));
        ServerStatements.print(report, "the hub per request", n, hub);
    }

    /** Requests of one warm-up round, and the most warm-up requests in all (fewer for a short run: four times its length). */
    private static final int ROUND = 500;
    private static final int MOST_WARM = 30_000;

    /**
     * Runs tasks {@code 0 ..} untimed until the JIT compiler is done with them: at least {@code least},
     * then rounds of {@link #ROUND} until the compiler threads used under 5 % of the JVM's CPU in one
     * (at most {@link #MOST_WARM}, or four times the {@code timed} run). A fixed warm-up left C2 compiling the hub's code (Camel, Jackson,
     * the driver, templates) through the timed run: on PostgreSQL, after 1,250 requests, the compiler
     * was a third of the CPU charged to the hub. Returns how many ran.
     */
    static int warmUp(int least, int timed, int threads, Load.Task task, Report report, String who) throws Exception {
        // a short run (the smoke test's) gives no figure worth the wait
        int most = timed < 1_000 ? least : Math.max(least, Math.min(MOST_WARM, 4 * timed));
        Load.Result round = Load.run(0, least, threads, task);
        int done = least;
        while (round.cpu().compiling() && done < most) {
            round = Load.run(done, ROUND, threads, task);
            done += ROUND;
        }
        report.line(String.format("  %s warm-up: %d requests, the JIT compiler at %.0f %% of the JVM's CPU in the last %d", who, done,
                100 * round.cpu().jitShare(), round.count()));
        return done;
    }

    /** A setting's value as the hub would see it without -D: config/application.properties or the default. */
    static String readDefault(String key, String fallback) {
        try {
            java.util.Properties p = new java.util.Properties();
            p.load(Files.newBufferedReader(Path.of("config/application.properties"), StandardCharsets.UTF_8));
            return System.getProperty(key, p.getProperty(key, fallback)).trim();
        } catch (java.io.IOException e) {
            return fallback;
        }
    }

    static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, Long> states(DataSource ds) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM requests GROUP BY state")) {
            while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
        }
        return m;
    }

    static boolean verify(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return new AuditTrail(BenchHub.AUDIT_KEY.getBytes(StandardCharsets.UTF_8), new AuditRowStore()).verify(c).ok();
        }
    }
}
