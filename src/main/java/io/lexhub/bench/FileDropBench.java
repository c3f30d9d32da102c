package io.lexhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Scenario 2: N request files appear in the inbox at once (written to a staging folder on the
 * same file system, stamped "now" and renamed in, as a copy would leave them); timed from the
 * first rename until every one is stored, and until every one is archived in done/.
 */
final class FileDropBench {

    record Result(String db, int files, long stored, long done, long failed, double firstStoredSeconds, double storedSeconds,
            double archivedSeconds) {
        double perSecond() {
            return files / storedSeconds;
        }
    }

    private FileDropBench() {}

    static Result run(BenchDb engine, Path examples, int n, Report report) throws Exception {
        report.line("scenario 2 (file drop) on " + engine.name() + ": " + n + " files into the inbox at once");
        Path home = Bench.newHome("files");
        Workload work = new Workload(examples, "f");
        try (BenchHub hub = BenchHub.start(home, engine.fresh("bench_files", home), Map.of())) {
            Path staging = Files.createDirectories(home.resolve("staging"));
            Path inbox = home.resolve("inbox");
            for (int i = 0; i < n; i++) Files.write(staging.resolve(work.fileName(i)), work.document(i));
            DataSource ds = hub.dataSource();
            long start = System.nanoTime();
            FileTime now = FileTime.fromMillis(System.currentTimeMillis());
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : files.toList()) {
                    Files.setLastModifiedTime(f, now);
                    Files.move(f, inbox.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            double moved = (System.nanoTime() - start) / 1e9;
            long first = 0;
            long stored;
            long deadline = System.nanoTime() + Math.max(120, n / 20L) * 1_000_000_000L;
            while ((stored = PipelineBench.count(ds, "SELECT COUNT(*) FROM requests WHERE source = 'file'")) < n) {
                if (stored > 0 && first == 0) first = System.nanoTime();
                if (System.nanoTime() > deadline) break;
                Thread.sleep(20);
            }
            if (first == 0) first = System.nanoTime();
            long storedAt = System.nanoTime();
            long done;
            while ((done = countFiles(home.resolve("done"))) < stored && System.nanoTime() < deadline) Thread.sleep(20);
            long archivedAt = System.nanoTime();
            long failed = countFiles(home.resolve("failed"));
            long distinct = PipelineBench.count(ds, "SELECT COUNT(DISTINCT reference) FROM requests WHERE source = 'file'");
            Result r = new Result(engine.name(), n, Math.min(stored, distinct), done, failed, (first - start) / 1e9, (storedAt - start) / 1e9,
                    (archivedAt - start) / 1e9);
            report.line(String.format("  renamed into the inbox in %.2f s; first stored after %.2f s; all %d stored after %.2f s, archived after %.2f s; done %d, failed %d",
                    moved, r.firstStoredSeconds(), stored, r.storedSeconds(), r.archivedSeconds(), done, failed));
            report.figure(String.format("file drop %-8s %d files stored in %.1f s = %.0f files/s (target >= 500 files/s)",
                    engine.name(), n, r.storedSeconds(), r.perSecond()));
            return r;
        }
    }

    static long countFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
