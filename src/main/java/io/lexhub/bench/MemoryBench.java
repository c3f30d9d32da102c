package io.lexhub.bench;

import io.lexhub.intake.IntakeOutcome;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Scenario 4: the heap of a running hub holding {@code open} open requests. Requests go through
 * direct:intake first (so whatever the routes, caches and pools keep per request is in the heap),
 * the rest up to {@code open} are written by the JDBC writer into the hub's own database with the
 * rows the hub wrote (same audit chain, same key), and then more requests go through the pipeline
 * against the full tables. Heap is measured after GC (MemoryMXBean) at each step, in this JVM,
 * which also holds the benchmark's own data (row templates, latencies).
 */
final class MemoryBench {

    static final Set<String> OPEN = Set.of("RECEIVED", "NEEDS_INFO", "PENDING_APPROVAL");

    record Result(String db, long open, long heapStarted, long heapAfterPipeline, long heapAtOpen, long heapMax, int throughPipeline) {}

    private MemoryBench() {}

    static Result run(BenchDb engine, Path examples, int open, int throughPipeline, int threads, Report report) throws Exception {
        report.line("scenario 4 (memory) on " + engine.name() + ": heap after GC with " + open + " open requests ("
                + throughPipeline + " through direct:intake, the rest written by JDBC, then 1000 more through direct:intake)");
        Path home = Bench.newHome("memory");
        Workload work = new Workload(examples, "m");
        try (BenchHub hub = BenchHub.start(home, engine.fresh("bench_memory", home), Map.of())) {
            long h0 = heapAfterGc();
            Load.run(0, throughPipeline, threads, i -> hub.template.requestBody("direct:intake", work.apiSubmission(i), IntakeOutcome.class));
            long h1 = heapAfterGc();
            DataSource ds = hub.dataSource();
            long openNow = openCount(ds);
            List<RowTemplates.RequestRows> templates = RowTemplates.capture(ds, "api", work.kinds() * 50).stream()
                    .filter(t -> OPEN.contains((String) t.request().get("state"))).toList();
            JdbcWriter writer = new JdbcWriter(ds, templates, BenchHub.AUDIT_KEY);
            int missing = (int) Math.max(0, open - openNow);
            long t0 = System.nanoTime();
            // seeding, not measured against the hub: 500 requests per transaction in JDBC batches
            for (int from = 0; from < missing; from += 500) writer.writeBatch(from, Math.min(500, missing - from), "m");
            report.line(String.format("  wrote %d more open requests with JDBC batches in %.1f s", missing, (System.nanoTime() - t0) / 1e9));
            Load.run(throughPipeline, 1000, threads, i -> hub.template.requestBody("direct:intake", work.apiSubmission(i), IntakeOutcome.class));
            long openAtEnd = openCount(ds);
            boolean audit = PipelineBench.verify(ds);
            long h2 = heapAfterGc();
            long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
            report.line(String.format("  heap after GC: hub started %s; after %d through the pipeline %s; with %d open requests %s (max heap %s); audit chain %s",
                    Stats.mib(h0), throughPipeline, Stats.mib(h1), openAtEnd, Stats.mib(h2), Stats.mib(max), audit ? "intact" : "BROKEN"));
            report.figure(String.format("memory   %-8s %d open requests: heap after GC %s (hub alone at start %s; target < 512 MiB)",
                    engine.name(), openAtEnd, Stats.mib(h2), Stats.mib(h0)));
            return new Result(engine.name(), openAtEnd, h0, h1, h2, max, throughPipeline);
        }
    }

    static long openCount(DataSource ds) throws Exception {
        return PipelineBench.count(ds, "SELECT COUNT(*) FROM requests WHERE state IN ('RECEIVED', 'NEEDS_INFO', 'PENDING_APPROVAL')");
    }

    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mx.getHeapMemoryUsage().getUsed();
    }
}
