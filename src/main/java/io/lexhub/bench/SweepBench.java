package io.lexhub.bench;

import io.lexhub.store.Database;
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
     * The plain SQL of an expiry sweep (DESIGN rule 4): find the due waivers with the indexed
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

    record Result(String db, int total, int due, double generateSeconds, double querySeconds, double sweepSeconds, int expired,
            double secondSweepSeconds, int expiredAgain, String selectPlan, String updatePlan) {}

    private SweepBench() {}

    static Result run(BenchDb engine, int total, int due, ExpirySweep sweep, Report report) throws Exception {
        report.line("scenario 3 (sweep) on " + engine.name() + ": " + total + " ACTIVE waivers, " + due + " due; sweep: " + sweep.name());
        Path home = Files.createTempDirectory("lexhub-bench-sweep-");
        BenchDb.Target t = engine.fresh("bench_sweep_" + total, home);
        String url = t.url().startsWith("jdbc:postgresql:") ? t.url() + (t.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" : t.url();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Database db = Database.open(url, t.user(), t.password(), 4).migrate()) {
            DataSource ds = db.dataSource();
            long g0 = System.nanoTime();
            generate(ds, total, due, today);
            double gen = (System.nanoTime() - g0) / 1e9;
            String selectPlan = plan(ds, engine, PlainSqlExpirySweep.DUE.replace("?", "DATE '" + today + "'"), true);
            String updatePlan = plan(ds, engine, PlainSqlExpirySweep.EXPIRE.replaceFirst("\\?", "CURRENT_TIMESTAMP").replace("?", "'W-00000001'"), false);
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
            report.line("  plan of the due query:\n    " + selectPlan.replace("\n", "\n    "));
            report.line("  plan of the conditional update:\n    " + updatePlan.replace("\n", "\n    "));
            report.figure(String.format("sweep    %-8s %,d active, %d due: due query %.3f s, expiry sweep %.3f s (SQL only, real sweep not plugged in yet; target < 1 s)",
                    engine.name(), total, due, query, first));
            return new Result(engine.name(), total, due, gen, query, first, expired, second, again, selectPlan, updatePlan);
        }
    }

    /** {@code total} ACTIVE waivers; every (total/due)-th ended before {@code today}, the others end within two years. */
    static void generate(DataSource ds, int total, int due, LocalDate today) throws SQLException {
        int every = Math.max(1, total / Math.max(1, due));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String[] types = {"EXTRA_SEATS", "DISCOUNT", "TEMPORARY_ACCESS", "FEATURE_UNLOCK", "TERRITORY_RIGHTS"};
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at)
                VALUES (?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            c.setAutoCommit(false);
            int made = 0;
            for (int i = 0; i < total; i++) {
                boolean isDue = i % every == 0 && made < due;
                if (isDue) made++;
                LocalDate end = isDue ? today.minusDays(1 + i % 30) : today.plusDays(1 + i % 730);
                ps.setString(1, String.format("W-%08d", i));
                ps.setString(2, "CUST-" + (i % 50_000));
                ps.setString(3, "Meridian Data Platform");
                ps.setString(4, types[i % types.length]);
                ps.setDate(5, Date.valueOf(end.minusDays(365)));
                ps.setDate(6, Date.valueOf(end));
                ps.setString(7, "{\"seats\":" + (10 + i % 500) + ",\"start\":\"" + end.minusDays(365) + "\",\"end\":\"" + end
                        + "\",\"regions\":[],\"features\":[],\"conditions\":[\"reviewed at renewal\"]}");
                ps.setObject(8, now);
                ps.setObject(9, now);
                ps.addBatch();
                if (i % 1000 == 999) ps.executeBatch();
                if (i % 20_000 == 19_999) c.commit();
            }
            ps.executeBatch();
            c.commit();
            c.setAutoCommit(true);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(c.getMetaData().getDatabaseProductName().contains("H2") ? "ANALYZE TABLE waivers" : "ANALYZE waivers");
        }
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
