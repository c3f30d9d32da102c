package io.lexhub.bench;

import io.lexhub.app.Settings;
import io.lexhub.approval.ApproverDirectory;
import io.lexhub.insight.Period;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.RequestState;
import io.lexhub.pipeline.insight.Insight;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.InsightStore;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.RequestSearchStore;
import io.lexhub.store.RequestStore;
import io.lexhub.store.Tx;
import io.lexhub.store.WaiverListStore;
import io.lexhub.workspace.Inbox;
import io.lexhub.workspace.RequestSearch;
import io.lexhub.workspace.WaiverList;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * Scenario "workspace" (issue 20, the speed requirement; not part of "all"): the pages people use
 * most, over {@code requests} requests and {@code waivers} waivers in a running hub's database.
 * Real requests go through direct:intake first; their rows are then written again by the JDBC
 * writer as open requests waiting for approval (3 % of the total: the inbox's candidates), and
 * the bulk of the history - requests and search rows as the search scenario makes them, their
 * decisions, approval levels and waivers - is generated set-based. Each read model is then timed
 * as the pages call it (inbox, request search, waiver list, the dashboard's twelve months), many
 * times with varied parameters, and each of their queries is run once more as EXPLAIN ANALYZE.
 * Last, the cost of the request_search row (V32) and its words (V55) in an intake transaction.
 */
final class WorkspaceBench {

    /** p50 / p95 / max of one kind of page, in milliseconds. */
    record Timing(String name, int runs, double p50, double p95, double max, String rows) {}

    record Result(String db, int requests, int waivers, double generateSeconds, List<Timing> timings, List<PlanRecorder.Plan> plans,
            double intakeWithSearchMs, double intakeWithoutSearchMs) {}

    private static final List<String> APPROVERS = List.of("alice.moreau", "bruno.silva", "carla.jensen", "kate.murphy", "henrik.vogel", "ruth.okoye");

    private WorkspaceBench() {}

    static Result run(BenchDb engine, Path examples, int requests, int waivers, int runs, Report report) throws Exception {
        report.line(String.format("scenario workspace on %s: %,d requests, %,d waivers, %d timed runs per page kind", engine.name(), requests, waivers, runs));
        Path home = Bench.newHome("workspace");
        Workload work = new Workload(examples, "w");
        boolean postgres = engine.name().equals("postgres");
        try (BenchHub hub = BenchHub.start(home, engine.fresh("bench_workspace", home), Map.of())) {
            DataSource ds = hub.dataSource();
            Load.run(0, work.kinds() * 10, 2, i -> hub.template.requestBody("direct:intake", work.apiSubmission(i), IntakeOutcome.class));
            List<RowTemplates.RequestRows> pending = RowTemplates.capture(ds, "api", work.kinds() * 10).stream()
                    .filter(t -> "PENDING_APPROVAL".equals(t.request().get("state"))).toList();
            long g0 = System.nanoTime();
            // one request a minute up to today: the dashboard's twelve months hold the latest ones
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Instant first = today.atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(60L * requests);
            SearchBench.generate(ds, requests, first);
            int made = WorkspaceHistory.write(ds, postgres, waivers, today);
            JdbcWriter writer = new JdbcWriter(ds, pending, BenchHub.AUDIT_KEY);
            int open = Math.max(1, requests * 3 / 100);
            for (int from = 0; from < open; from += 500) writer.writeBatch(from, Math.min(500, open - from), "w");
            // the maintenance a running hub's database has had (autovacuum): the figures read the period from
            // index-only scans, which PostgreSQL plans only where the visibility map says the pages are all visible
            if (postgres) engine.settle(ds);
            else analyze(ds);
            double gen = (System.nanoTime() - g0) / 1e9;
            report.line(String.format("  generated %,d requests, their decisions and levels, %,d waivers and %,d open requests (JDBC writer) in %.1f s",
                    requests, made, open, gen));

            PlanRecorder recorder = new PlanRecorder(ds, postgres);
            // timed as the hub reads (the dashboard's figures three at a time); planned one statement at a time, so each plan's time is its own
            Pages timed = new Pages(hub, new Tx(ds), InsightStore.readersFor(Pages.bean(hub, "settings", Settings.class).dbPoolSize()));
            Pages planned = new Pages(hub, new Tx(recorder.dataSource()), 1);
            Instant last = first.plusSeconds(60L * requests);
            List<Timing> timings = new ArrayList<>();
            List<PlanRecorder.Plan> plans = new ArrayList<>();
            for (Kind kind : kinds(last, today)) {
                List<Callable<String>> variants = kind.variants(timed);
                List<String> found = new ArrayList<>();
                // warm-up: each variant once; the dashboard's (seconds each at a million) only its first
                for (Callable<String> v : kind.dashboard ? variants.subList(0, 1) : variants) found.add(v.call());
                int n = kind.dashboard ? Math.max(3, runs / 5) : runs;
                long[] nanos = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    variants.get(i % variants.size()).call();
                    nanos[i] = System.nanoTime() - t0;
                }
                String rows = String.join(" / ", found);
                Timing t = new Timing(kind.name, n, Stats.percentileMs(nanos, 50), Stats.percentileMs(nanos, 95), Stats.percentileMs(nanos, 100), rows);
                timings.add(t);
                report.line(String.format("  %-48s p50 %8.1f ms  p95 %8.1f ms  max %8.1f ms  (%d runs; found: %s)", kind.name, t.p50(), t.p95(), t.max(), n, rows));
                kind.variants(planned).get(0).call();
                for (PlanRecorder.Plan p : recorder.take()) {
                    plans.add(p);
                    report.line(String.format("    plan (query %.1f ms) of: %s%n      %s", p.ms(), p.sql(), p.plan().replace("\n", "\n      ")));
                }
            }
            double[] intake = intakeCost(writer, 5, 100);
            report.line(String.format("  intake transaction (JDBC writer, the hub's rows, one commit each): %.2f ms with the request_search row and its words,"
                    + " %.2f ms without: they add %.2f ms (%.0f %%)", intake[0], intake[1], intake[0] - intake[1], 100 * (intake[0] - intake[1]) / intake[1]));
            for (Timing t : timings) {
                report.figure(String.format("workspace %-8s %,d req / %,d waivers: %-44s p50 %.1f ms, p95 %.1f ms, max %.1f ms", engine.name(), requests,
                        made, t.name(), t.p50(), t.p95(), t.max()));
            }
            report.figure(String.format("workspace %-8s request_search row and words in an intake transaction: +%.2f ms (%.2f vs %.2f ms)", engine.name(),
                    intake[0] - intake[1], intake[0], intake[1]));
            return new Result(engine.name(), requests, made, gen, timings, plans, intake[0], intake[1]);
        }
    }

    /** The read models as the pages call them, on the hub's parts, reading through {@code tx}. */
    private record Pages(Inbox inbox, RequestSearch search, WaiverList waivers, Insight insight) {
        Pages(BenchHub hub, Tx tx, int insightReaders) {
            this(new Inbox(tx, bean(hub, "requestStore", RequestStore.class), new ApprovalStore(), bean(hub, "approverDirectory", ApproverDirectory.class),
                            bean(hub, "policy", PolicyHolder.class), Clock.systemUTC(), bean(hub, "settings", Settings.class).zone()),
                    new RequestSearch(new RequestSearchStore(tx, 60, 600), ZoneOffset.UTC, 50, "https://lexhub.example"),
                    new WaiverList(tx, new WaiverListStore(), new LifecycleStore(), Clock.systemUTC(), ZoneOffset.UTC),
                    new Insight(new InsightStore(tx, insightReaders), Clock.systemUTC()));
        }

        private static <T> T bean(BenchHub hub, String name, Class<T> type) {
            return hub.context.getRegistry().lookupByNameAndType(name, type);
        }
    }

    /** A kind of page and the parameter sets its runs cycle through; each variant answers with what it found. */
    private record Kind(String name, boolean dashboard, java.util.function.Function<Pages, List<Callable<String>>> make) {
        List<Callable<String>> variants(Pages p) {
            return make.apply(p);
        }
    }

    private static List<Kind> kinds(Instant last, LocalDate today) {
        LocalDate end = LocalDate.ofInstant(last, ZoneOffset.UTC);
        List<Kind> out = new ArrayList<>();
        out.add(new Kind("inbox (six approvers, 200 items at most)", false, p -> APPROVERS.stream()
                .map(a -> (Callable<String>) () -> p.inbox().waitingFor(a).size() + " items").toList()));
        out.add(new Kind("search: everything, newest first, pages 1-5", false, p -> List.of(1, 2, 3, 4, 5).stream()
                .map(n -> search(p, "", null, null, "", null, null, n)).toList()));
        out.add(new Kind("search: one state", false, p -> List.of(RequestState.PENDING_APPROVAL, RequestState.DENIED, RequestState.REJECTED,
                RequestState.NEEDS_INFO).stream().map(s -> search(p, "", s, null, "", null, null, 1)).toList()));
        out.add(new Kind("search: one type", false, p -> List.of(ExceptionType.DISCOUNT, ExceptionType.EXTRA_SEATS, ExceptionType.TERM_EXTENSION).stream()
                .map(t -> search(p, "", null, t, "", null, null, 1)).toList()));
        out.add(new Kind("search: state + type + one month", false, p -> List.of(1, 2, 3, 4).stream()
                .map(m -> search(p, "", RequestState.APPROVED, ExceptionType.EXTRA_SEATS, "", end.minusMonths(m), end.minusMonths(m - 1), 1)).toList()));
        out.add(new Kind("search: received in one week", false, p -> List.of(1, 5, 9, 13).stream()
                .map(w -> search(p, "", null, null, "", end.minusWeeks(w), end.minusWeeks(w).plusDays(6), 1)).toList()));
        out.add(new Kind("search: a customer within one month", false, p -> List.of("cust-04711", "cust-12345", "cust-33333").stream()
                .map(c -> search(p, "", null, null, c, end.minusMonths(1), end, 1)).toList()));
        out.add(new Kind("search: words (the word index)", false, p -> List.of("renewal of the emea", "no such words anywhere").stream()
                .map(q -> search(p, q, null, null, "", null, null, 1)).toList()));
        out.add(new Kind("waivers: active, ending in 30 days, expired (pages 1-2)", false, p -> {
            List<Callable<String>> v = new ArrayList<>();
            for (String view : List.of("active", "expiring-30", "expired")) {
                v.add(() -> waivers(p, view, null, null));
                v.add(() -> {
                    WaiverList.Page firstPage = p.waivers().page(WaiverList.Query.of(view, null, null), true);
                    String next = firstPage.nextHref();
                    return waivers(p, view, null, next == null ? null : next.substring(next.indexOf("after=") + 6));
                });
            }
            return v;
        }));
        out.add(new Kind("waivers: calendar month (next 12 months)", false, p -> java.util.stream.IntStream.rangeClosed(1, 12)
                .mapToObj(m -> (Callable<String>) () -> waivers(p, null, YearMonth.from(today).plusMonths(m).toString(), null)).toList()));
        out.add(new Kind("dashboard: twelve months (ending 0-3 weeks ago)", true, p -> List.of(0, 1, 2, 3).stream()
                .map(w -> (Callable<String>) () -> {
                    var s = p.insight().summary(Period.parse(null, today.minusWeeks(w).toString(), Instant.now()));
                    return String.format("%,d requests, %,d decisions", s.requests().total(), s.approvals().decided());
                }).toList()));
        return out;
    }

    private static Callable<String> search(Pages p, String text, RequestState state, ExceptionType type, String customer, LocalDate from,
            LocalDate to, int page) {
        RequestSearch.Query q = new RequestSearch.Query(text, state, type, customer, "", "", "", from, to, RequestSearch.SortKey.RECEIVED, true, page);
        return () -> {
            RequestSearch.Result r = p.search().search(q);
            return r.rows().size() + " rows of " + (r.more() ? "more than " : "") + r.count();
        };
    }

    private static String waivers(Pages p, String view, String month, String after) {
        WaiverList.Page page = p.waivers().page(WaiverList.Query.of(view, month, after), true);
        return page.items().size() + " waivers";
    }

    private static void analyze(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("requests", "request_search", "decisions", "approval_levels", "waivers", "audit_events")) {
                s.execute("ANALYZE TABLE " + table);
            }
        }
    }

    /**
     * The mean time of one intake transaction in the hub's shape (JDBC writer, one commit per
     * request) with and without the request_search row and its words, in alternating blocks so that a change in
     * the machine's load touches both alike; milliseconds.
     */
    private static double[] intakeCost(JdbcWriter writer, int blocks, int perBlock) throws Exception {
        long with = 0;
        long without = 0;
        int i = 0;
        for (int b = 0; b < blocks; b++) {
            for (boolean search : new boolean[] {true, false}) {
                writer.searchRow(search);
                long t0 = System.nanoTime();
                for (int k = 0; k < perBlock; k++) writer.write(i, "i" + i++);
                long t = System.nanoTime() - t0;
                if (search) with += t;
                else without += t;
            }
        }
        writer.searchRow(true);
        return new double[] {with / 1e6 / (blocks * perBlock), without / 1e6 / (blocks * perBlock)};
    }
}
