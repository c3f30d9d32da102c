package io.lexhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Scenario 2: N request files appear in the inbox at once (written to a staging folder on the
 * same file system, stamped "now" and renamed in, as a copy would leave them); timed from the
 * first rename until every one is stored, and until every one is archived in done/. A smaller
 * drop before it warms the JVM up and is not timed.
 */
final class FileDropBench {

    record Result(String db, int files, long stored, long done, long failed, double firstStoredSeconds, double storedSeconds,
            double archivedSeconds, double cpuMsPerFile) {
        double perSecond() {
            return files / storedSeconds;
        }
    }

    private FileDropBench() {}

    static Result run(BenchDb engine, Path examples, int n, Report report) throws Exception {
        int least = Math.max(Math.min(1_000, n / 10), 1);
        report.line("scenario 2 (file drop) on " + engine.name() + ": at least " + least + " files to warm up, then " + n + " files into the inbox at once");
        Path home = Bench.newHome("files");
        Workload work = new Workload(examples, "f");
        try (BenchHub hub = BenchHub.start(home, engine.fresh("bench_files", home), Map.of())) {
            DataSource ds = hub.dataSource();
            Path staging = Files.createDirectories(home.resolve("staging"));
            Path inbox = home.resolve("inbox");
            int warm = warmUp(work, staging, inbox, home.resolve("done"), ds, least, n, report);

            stage(work, staging, warm, n);
            engine.settle(ds);
            engine.resetExecuted();
            long start = System.nanoTime();
            Cpu.Sample cpu = Cpu.now();
            moveAll(staging, inbox);
            double moved = (System.nanoTime() - start) / 1e9;
            long first = 0;
            long stored;
            long deadline = System.nanoTime() + Math.max(120, n / 20L) * 1_000_000_000L;
            while ((stored = storedFiles(ds) - warm) < n) {
                if (stored > 0 && first == 0) first = System.nanoTime();
                if (System.nanoTime() > deadline) break;
                // the count reads every request row: every 20 ms it was 16 % of the server CPU charged to the hub
                Thread.sleep(first == 0 ? 20 : 250);
            }
            if (first == 0) first = System.nanoTime();
            long storedAt = System.nanoTime();
            Cpu.Sample used = Cpu.now().since(cpu);
            List<BenchDb.Executed> executed = engine.executed("bench_files");
            double cpuMs = used.total() / 1e6 / Math.max(1, stored);
            long done;
            while ((done = countFiles(home.resolve("done")) - warm) < stored && System.nanoTime() < deadline) Thread.sleep(20);
            long archivedAt = System.nanoTime();
            long failed = countFiles(home.resolve("failed"));
            long distinct = PipelineBench.count(ds, "SELECT COUNT(DISTINCT reference) FROM requests WHERE source = 'file'") - warm;
            Result r = new Result(engine.name(), n, Math.min(stored, distinct), done, failed, (first - start) / 1e9, (storedAt - start) / 1e9,
                    (archivedAt - start) / 1e9, cpuMs);
            report.line(String.format("  renamed into the inbox in %.2f s; first stored after %.2f s; all %d stored after %.2f s, archived after %.2f s; done %d, failed %d",
                    moved, r.firstStoredSeconds(), stored, r.storedSeconds(), r.archivedSeconds(), done, failed));
            report.figure(String.format("file drop %-8s %d files stored in %.1f s = %.0f files/s (target >= 500 files/s); CPU per file %.2f ms (JVM + database server)",
                    engine.name(), n, r.storedSeconds(), r.perSecond(), r.cpuMsPerFile()));
            report.line(String.format("  of the CPU per file, the JIT compiler's: %.2f ms; the database server's: %.2f ms",
                    used.jit() / 1e6 / Math.max(1, stored), used.server() / 1e6 / Math.max(1, stored)));
            if (!executed.isEmpty()) {
                report.figure(String.format("file drop %-8s statements per file in the server: %.1f (%.2f ms of server time)", engine.name(),
                        ServerStatements.calls(executed) / Math.max(1, stored), ServerStatements.serverMs(executed) / Math.max(1, stored)));
                ServerStatements.print(report, "per file", (int) Math.max(1, stored), executed);
            }
            return r;
        }
    }

    /** The most files dropped to warm up, as a multiple of the timed drop. */
    private static final int MOST_WARM_TIMES = 2;

    /**
     * Drops {@code least} files untimed, then drops of {@code least} more until the JIT compiler
     * threads used under 5 % of the JVM's CPU in one (at most twice the timed drop; a short run, the
     * smoke test's, gets the first drop only), as the pipeline scenario warms up. With one drop of
     * 1,000 files, C2 took 42 % of the JVM's CPU samples of a file-drop run. Returns how many ran.
     */
    private static int warmUp(Workload work, Path staging, Path inbox, Path archive, DataSource ds, int least, int timed, Report report)
            throws Exception {
        int most = timed < 1_000 ? least : Math.max(least, MOST_WARM_TIMES * timed);
        int done = 0;
        Cpu.Sample round;
        do {
            stage(work, staging, done, least);
            Cpu.Sample start = Cpu.now();
            moveAll(staging, inbox);
            done += least;
            long deadline = System.nanoTime() + Math.max(120, least / 20L) * 1_000_000_000L;
            awaitStored(ds, done, deadline);
            round = Cpu.now().since(start);
            // a file that failed is never archived in done/: the deadline ends the wait, the timed drop reports it
            while (countFiles(archive) < done && System.nanoTime() < deadline) Thread.sleep(20);
        } while (round.compiling() && done + least <= most);
        report.line(String.format("  warm-up: %d files, the JIT compiler at %.0f %% of the JVM's CPU in the last %d", done,
                100 * round.jitShare(), least));
        return done;
    }

    /** Writes documents {@code from .. from+count-1} to the staging folder (same file system as the inbox). */
    private static void stage(Workload work, Path staging, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) Files.write(staging.resolve(work.fileName(i)), work.document(i));
    }

    /** Stamps every staged file "now" and renames it into the inbox, as a copy would leave it. */
    private static void moveAll(Path staging, Path inbox) throws Exception {
        FileTime now = FileTime.fromMillis(System.currentTimeMillis());
        try (Stream<Path> files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, now);
                Files.move(f, inbox.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void awaitStored(DataSource ds, long count, long deadline) throws Exception {
        while (storedFiles(ds) < count && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private static long storedFiles(DataSource ds) throws Exception {
        return PipelineBench.count(ds, "SELECT COUNT(*) FROM requests WHERE source = 'file'");
    }

    static long countFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
