package io.lexhub.bench;

import io.lexhub.store.Database;
import io.lexhub.store.RequestSearchStore;
import io.lexhub.store.Tx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Scenario "search" (docs/workspace.md, "Requests"; not part of "all"): the Requests page's
 * queries over {@code total} requests. Generates the requests and their search rows in the
 * database (set-based, as the sweep scenario does), then times each query of a page (the page's
 * rows and the capped count, {@link RequestSearchStore#page}) and one CSV export, as the hub runs
 * them, and prints PostgreSQL's plans. The requests rows are generated narrow: the search never
 * reads them (the export joins five of their columns).
 */
final class SearchBench {

    /** One timed search. */
    record Timing(String name, double seconds, int rows, int count, boolean capped) {}

    record Result(String db, int total, double generateSeconds, List<Timing> timings, double exportSeconds, int exported) {}

    private static final int CHUNK = 100_000;
    private static final int PAGE = 50;

    private SearchBench() {}

    static Result run(BenchDb engine, int total, Report report) throws Exception {
        report.line("scenario search on " + engine.name() + ": " + String.format("%,d", total) + " requests");
        Path home = Bench.newHome("search");
        BenchDb.Target t = engine.fresh("bench_search_" + total, home);
        Instant first = LocalDate.of(2025, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        try (Database db = Database.open(t.url(), t.user(), t.password(), 4).migrate()) {
            DataSource ds = db.dataSource();
            long g0 = System.nanoTime();
            generate(ds, total, first);
            double gen = (System.nanoTime() - g0) / 1e9;
            report.line(String.format("  generated in %.1f s", gen));
            RequestSearchStore store = new RequestSearchStore(new Tx(ds), 60, 600);
            Instant last = first.plusSeconds(60L * total);
            List<Object[]> cases = new ArrayList<>();
            cases.add(new Object[] {"everything, newest first, page 1", criteria(null, null, null, null, null, null, null, null), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"everything, newest first, page 200", criteria(null, null, null, null, null, null, null, null), RequestSearchStore.Sort.RECEIVED, true, 199 * PAGE});
            cases.add(new Object[] {"state PENDING_APPROVAL (3 %)", criteria("PENDING_APPROVAL", null, null, null, null, null, null, null), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"state NEEDS_INFO (0.1 %)", criteria("NEEDS_INFO", null, null, null, null, null, null, null), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"type DISCOUNT (14 %)", criteria(null, "DISCOUNT", null, null, null, null, null, null), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"channel jira (0.5 %)", criteria(null, null, null, null, "jira", null, null, null), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"tier T4 + product (5 %)", criteria(null, null, null, "Meridian Edge", null, "T4", null, null), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"received in one week", criteria(null, null, null, null, null, null, last.minusSeconds(86400L * 200),
                    last.minusSeconds(86400L * 193)), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"state + type + one month", criteria("APPROVED", "EXTRA_SEATS", null, null, null, null, last.minusSeconds(86400L * 60),
                    last.minusSeconds(86400L * 30)), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"customer contains \"cust-04711\" (20 rows)", new RequestSearchStore.Criteria(null, null, "cust-04711", null, null, null, null, null, null),
                    RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"customer \"cust-04711\" + one month", new RequestSearchStore.Criteria(null, null, "cust-04711", null, null, null,
                    last.minusSeconds(86400L * 60), last.minusSeconds(86400L * 30), null), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"text \"renewal of the emea\" (every 7th)", new RequestSearchStore.Criteria(null, null, null, null, null, null, null, null,
                    "renewal of the emea"), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"text \"2025-0471\" (a reference's part)", new RequestSearchStore.Criteria(null, null, null, null, null, null, null, null,
                    "2025-0471"), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"text nothing matches", new RequestSearchStore.Criteria(null, null, null, null, null, null, null, null,
                    "no such words anywhere"), RequestSearchStore.Sort.RECEIVED, true, 0});
            cases.add(new Object[] {"sort by customer, page 1", criteria(null, null, null, null, null, null, null, null), RequestSearchStore.Sort.CUSTOMER, false, 0});
            cases.add(new Object[] {"sort by state, page 1", criteria(null, null, null, null, null, null, null, null), RequestSearchStore.Sort.STATE, false, 0});
            cases.add(new Object[] {"sort by reference, last first", criteria(null, null, null, null, null, null, null, null), RequestSearchStore.Sort.REFERENCE, true, 0});
            cases.add(new Object[] {"state PENDING_APPROVAL by customer", criteria("PENDING_APPROVAL", null, null, null, null, null, null, null), RequestSearchStore.Sort.CUSTOMER, false, 0});
            List<Timing> timings = new ArrayList<>();
            for (Object[] c : cases) {
                RequestSearchStore.Criteria criteria = (RequestSearchStore.Criteria) c[1];
                RequestSearchStore.Sort sort = (RequestSearchStore.Sort) c[2];
                // once to warm the caches, then timed
                store.page(criteria, sort, (Boolean) c[3], (Integer) c[4], PAGE, 10_000);
                long q0 = System.nanoTime();
                RequestSearchStore.Page p = store.page(criteria, sort, (Boolean) c[3], (Integer) c[4], PAGE, 10_000);
                double s = (System.nanoTime() - q0) / 1e9;
                timings.add(new Timing((String) c[0], s, p.rows().size(), p.count(), p.countCapped()));
                report.line(String.format("  %-45s %7.3f s  %2d rows, %s%,d match", c[0], s, p.rows().size(), p.countCapped() ? "more than " : "", p.count()));
            }
            long e0 = System.nanoTime();
            int[] n = {0};
            store.export(criteria("PENDING_APPROVAL", null, null, null, null, null, null, null), RequestSearchStore.Sort.RECEIVED, true, 100_000, r -> n[0]++);
            double export = (System.nanoTime() - e0) / 1e9;
            report.line(String.format("  export of state PENDING_APPROVAL: %,d rows in %.3f s", n[0], export));
            if (engine.name().equals("postgres")) {
                for (String sql : List.of(
                        "SELECT reference FROM request_search ORDER BY received_at DESC, reference DESC LIMIT 50",
                        "SELECT COUNT(*) FROM (SELECT 1 AS one FROM request_search WHERE state = 'PENDING_APPROVAL' LIMIT 10001) found",
                        "SELECT reference FROM request_search WHERE exception_type = 'DISCOUNT' ORDER BY received_at DESC, reference DESC LIMIT 50",
                        "SELECT COUNT(*) FROM (SELECT 1 AS one FROM request_search WHERE " + driver("c", "04711") + " AND " + probe("c", "cust") + " LIMIT 10001) found",
                        "SELECT request_search.reference FROM request_words d JOIN request_search ON request_search.reference = d.reference WHERE "
                                + probe("t", "of") + " AND " + probe("t", "the") + " AND " + probe("t", "emea")
                                + " AND d.field = 't' AND d.word = 'renewal' ORDER BY d.received DESC, d.reference DESC LIMIT 50",
                        "SELECT COUNT(*) FROM (SELECT 1 AS one FROM request_words d WHERE " + probe("t", "of").replace("request_search.", "d.") + " AND "
                                + probe("t", "the").replace("request_search.", "d.") + " AND " + probe("t", "emea").replace("request_search.", "d.")
                                + " AND d.field = 't' AND d.word = 'renewal' LIMIT 10001) found",
                        "SELECT COUNT(*) FROM (SELECT 1 AS one FROM request_search WHERE " + driver("t", "0471") + " AND " + probe("t", "2025") + " LIMIT 10001) found")) {
                    report.line("  plan: " + sql + "\n    " + SweepBench.plan(ds, engine, sql, true).replace("\n", "\n    "));
                }
            }
            double worst = timings.stream().mapToDouble(Timing::seconds).max().orElse(0);
            report.figure(String.format("search   %-8s %,d requests: worst page %.3f s (%s); export of %,d rows %.3f s", engine.name(), total, worst,
                    timings.stream().filter(x -> x.seconds() == worst).findFirst().map(Timing::name).orElse(""), n[0], export));
            return new Result(engine.name(), total, gen, timings, export, n[0]);
        }
    }

    /** A word's clauses as {@link RequestSearchStore} writes them (store/RequestWords), with the values in place (for the plans). */
    private static String driver(String field, String word) {
        return "reference IN (SELECT w.reference FROM request_words w WHERE w.field = '" + field + "' AND " + range(word) + ")";
    }

    private static String probe(String field, String word) {
        return "EXISTS (SELECT 1 FROM request_words w WHERE w.reference = request_search.reference AND w.field = '" + field + "' AND " + range(word)
                + " OFFSET 0 ROWS)";
    }

    /** The words that begin with {@code word} (letters and digits only: the bench's own), as the store asks for them. */
    private static String range(String word) {
        return "w.word >= '" + word + "' AND w.word < '" + word.substring(0, word.length() - 1) + (char) (word.charAt(word.length() - 1) + 1) + "'";
    }

    private static RequestSearchStore.Criteria criteria(String state, String type, String customer, String product, String source, String tier,
            Instant from, Instant before) {
        return new RequestSearchStore.Criteria(state, type, customer, product, tier, source, from, before, null);
    }

    /**
     * {@code total} requests, one a minute from 2025-01-01: 80 % approved, 10 % rejected, 5 % denied,
     * 3 % pending approval, 0.1 % waiting for information; seven types; five products; four tiers;
     * channels api 50 %, file 25 %, mail 24.5 %, jira 0.5 %; 50,000 customers; a justification of
     * about 150 characters, every 7th with "renewal of the EMEA".
     */
    static void generate(DataSource ds, int total, Instant first) throws Exception {
        OffsetDateTime start = first.atOffset(ZoneOffset.UTC);
        try (Connection c = ds.getConnection()) {
            boolean h2 = c.getMetaData().getDatabaseProductName().contains("H2");
            String ref = "'EXC-2025-' || LPAD(CAST(x AS VARCHAR), 7, '0')";
            String at = h2 ? "DATEADD(MINUTE, x, CAST(? AS TIMESTAMP WITH TIME ZONE))" : "(CAST(? AS TIMESTAMP WITH TIME ZONE) + x * INTERVAL '1 minute')";
            String state = "CASE WHEN MOD(x, 1000) = 7 THEN 'NEEDS_INFO' WHEN MOD(x, 33) = 0 THEN 'PENDING_APPROVAL' WHEN MOD(x, 10) = 1 THEN 'REJECTED'"
                    + " WHEN MOD(x, 20) = 2 THEN 'DENIED' ELSE 'APPROVED' END";
            String type = "CASE MOD(x, 7) WHEN 0 THEN 'EXTRA_SEATS' WHEN 1 THEN 'TERM_EXTENSION' WHEN 2 THEN 'DISCOUNT' WHEN 3 THEN 'FEATURE_UNLOCK'"
                    + " WHEN 4 THEN 'DEPLOYMENT_RIGHTS' WHEN 5 THEN 'TERRITORY_RIGHTS' ELSE 'TEMPORARY_ACCESS' END";
            String product = "CASE MOD(x, 5) WHEN 0 THEN 'Meridian Data Platform' WHEN 1 THEN 'Meridian Analytics' WHEN 2 THEN 'Meridian Edge'"
                    + " WHEN 3 THEN 'Meridian Vault' ELSE 'Meridian Flow' END";
            String tier = "CASE WHEN MOD(x, 10) = 1 THEN '' ELSE 'T' || CAST(1 + MOD(x, 4) AS VARCHAR) END";
            String source = "CASE WHEN MOD(x, 200) = 3 THEN 'jira' WHEN MOD(x, 4) = 0 THEN 'file' WHEN MOD(x, 4) = 1 THEN 'mail' ELSE 'api' END";
            String n = "LPAD(CAST(MOD(CAST(x AS BIGINT) * 7919, 50000) AS VARCHAR), 5, '0')";
            String customerId = "'CUST-' || " + n;
            String customerName = "'Customer ' || " + n + " || ' GmbH'";
            String justification = "CASE WHEN MOD(x, 7) = 0 THEN 'renewal of the emea rollout for ' ELSE 'migration of the data centre for ' END"
                    + " || 'customer ' || " + n + " || ', see opportunity ' || CAST(x AS VARCHAR) || '; the account team needs this before the quarter ends.'";
            c.setAutoCommit(false);
            for (int from = 1; from <= total; from += CHUNK) {
                String series = h2 ? "SYSTEM_RANGE(" + from + ", " + Math.min(total, from + CHUNK - 1) + ")"
                        : "generate_series(" + from + ", " + Math.min(total, from + CHUNK - 1) + ") AS x";
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name,"
                        + " product, exception_type, start_date, end_date, risk_level, risk_score, tier, policy_version, content_sha256, request_json,"
                        + " assessment_json, raw_content, received_at, updated_at) SELECT " + ref + ", " + source + ", 'search-bench-' || CAST(x AS VARCHAR), "
                        + state + ", " + customerId + ", " + customerName + ", " + product + ", " + type + ", DATE '2027-01-01', DATE '2027-12-31',"
                        + " 'MEDIUM', 30.0, " + tier + ", 'bench', '" + "0".repeat(64) + "', '{}', '{}', '', " + at + ", " + at + " FROM " + series)) {
                    ps.setObject(1, start);
                    ps.setObject(2, start);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_search (reference, received_at, state, exception_type, product, tier,"
                        + " source, customer_id, customer_name, customer_text, search_text) SELECT " + ref + ", " + at + ", " + state + ", " + type + ", "
                        + product + ", " + tier + ", " + source + ", " + customerId + ", " + customerName + ", LOWER(" + customerName + ") || CHR(10) || LOWER("
                        + customerId + "), LOWER(" + ref + ") || CHR(10) || LOWER(" + customerName + ") || CHR(10) || LOWER(" + customerId + ") || CHR(10) || "
                        + justification + " FROM " + series)) {
                    ps.setObject(1, start);
                    ps.executeUpdate();
                }
                c.commit();
            }
            // the word index (V55) from the search rows, as the migration fills and indexes it
            io.lexhub.store.RequestWords.dropIndexes(c);
            // only the generated rows (EXC-2025-...): the workspace scenario's hub has stored real requests, with their words, before
            io.lexhub.store.RequestWords.backfill(c, "EXC-2025-", c::commit);
            io.lexhub.store.RequestWords.index(c);
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute(h2 ? "ANALYZE TABLE request_search" : "ANALYZE request_search");
                s.execute(h2 ? "ANALYZE TABLE requests" : "ANALYZE requests");
            }
        }
    }
}
