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
        // JFR showed C2 still compiling the hub's code (Camel, Jackson, H2, templates) through the
        // timed run after 1,000 warm-up requests; the baseline has far less code to compile
        int warm = Math.max(Math.min(5_000, n / 4), 7 * 4);
        report.line("scenario 1 (pipeline) on " + engine.name() + ": " + warm + " warm-up + " + n + " requests through direct:intake, "
                + threads + " submitters");
        Path home = Bench.newHome("pipeline");
        Workload work = new Workload(examples, "p");
        Load.Result hubRun;
        List<RowTemplates.RequestRows> templates;
        long stored;
        long distinct;
        boolean auditOk;
        Map<String, Long> states;
        AtomicInteger duplicates = new AtomicInteger();
        Map<String, Boolean> refs = new ConcurrentHashMap<>();
        try (BenchHub hub = BenchHub.start(home, engine.fresh("bench_pipeline", home), Map.of())) {
            Load.run(0, warm, threads, i -> hub.template.requestBody("direct:intake", work.apiSubmission(i), IntakeOutcome.class));
            // the documents are written before the clock starts: writing them (YAML for some) is the
            // client's work, and it was 5 % of the CPU charged to the hub in a JFR profile
            List<io.lexhub.intake.RawSubmission> submissions = new java.util.ArrayList<>(n);
            for (int i = warm; i < warm + n; i++) submissions.add(work.apiSubmission(i));
            hubRun = Load.run(warm, n, threads, i -> {
                IntakeOutcome o = hub.template.requestBody("direct:intake", submissions.get(i - warm), IntakeOutcome.class);
                if (o.duplicate()) duplicates.incrementAndGet();
                refs.put(o.reference(), Boolean.TRUE);
            });
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

        Path baseHome = Bench.newHome("baseline");
        BenchDb.Target t = engine.fresh("bench_baseline", baseHome);
        Load.Result jdbcRun;
        long jdbcStored;
        boolean jdbcAuditOk;
        int pool = Integer.parseInt(readDefault("lexhub.db.pool-size", "8"));
        try (Database db = Database.open(t.url(), t.user(), t.password(), pool).migrate()) {
            JdbcWriter writer = new JdbcWriter(db.dataSource(), templates, BenchHub.AUDIT_KEY);
            Load.run(0, warm, threads, i -> writer.write(i, "w" + i));
            jdbcRun = Load.run(warm, n, threads, i -> writer.write(i, "b" + i));
            jdbcStored = count(db.dataSource(), "SELECT COUNT(*) FROM requests");
            jdbcAuditOk = verify(db.dataSource());
        }
        report.line(String.format("  baseline: %d requests in %.1f s = %.0f req/s, p50 %s ms, p99 %s ms; %.1f rows per transaction, stored %d, audit chain %s",
                n, jdbcRun.wallNanos() / 1e9, jdbcRun.perSecond(), Stats.f1(jdbcRun.p50()), Stats.f1(jdbcRun.p99()), rows, jdbcStored,
                jdbcAuditOk ? "intact" : "BROKEN"));
        Result r = new Result(engine.name(), n, threads, hubRun, jdbcRun, stored - warm, distinct, duplicates.get(), states, auditOk,
                jdbcStored - warm, jdbcAuditOk, rows);
        report.figure(String.format("pipeline %-8s %6.0f req/s (p50 %s ms, p99 %s ms) | JDBC baseline %6.0f req/s (p50 %s ms, p99 %s ms) | ratio %.0f %% (target >= 70 %%)",
                engine.name(), hubRun.perSecond(), Stats.f1(hubRun.p50()), Stats.f1(hubRun.p99()), jdbcRun.perSecond(), Stats.f1(jdbcRun.p50()),
                Stats.f1(jdbcRun.p99()), 100 * r.ratio()));
        report.figure(String.format("pipeline %-8s CPU per request (JVM + database server): hub %.2f ms | JDBC baseline %.2f ms | ratio %.0f %% (target >= 50 %%: at most twice)",
                engine.name(), hubRun.cpuMsPerTask(), jdbcRun.cpuMsPerTask(), 100 * r.cpuRatio()));
        if (hubRun.serverCpuMsPerTask() > 0) {
            report.figure(String.format("pipeline %-8s of which the database server: hub %.2f ms | JDBC baseline %.2f ms", engine.name(),
                    hubRun.serverCpuMsPerTask(), jdbcRun.serverCpuMsPerTask()));
        }
        return r;
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
