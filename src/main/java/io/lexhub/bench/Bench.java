package io.lexhub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The benchmark suite: runs the chosen scenarios on the chosen databases and prints every figure. */
public final class Bench {

    /** What to run; the defaults are issue 9's. */
    public record Options(Set<String> scenarios, List<String> databases, int requests, int requestsPostgres, int files, int threads, int open,
            int memoryThroughPipeline, List<Integer> waivers, List<Integer> waiversH2, int due, Path examples) {

        public static Options defaults() {
            return new Options(Set.of("pipeline", "files", "sweep", "memory"), List.of("h2", "postgres"), 20_000, 5_000, 10_000, 4, 100_000,
                    10_000, List.of(1_000_000, 100_000), List.of(100_000), 1_000, Path.of("examples/requests"));
        }

        int requests(String db) {
            return db.equals("postgres") ? requestsPostgres : requests;
        }

        List<Integer> waivers(String db) {
            return db.equals("h2") ? waiversH2 : waivers;
        }
    }

    /** Every result, for the smoke test. */
    public record Results(List<PipelineBench.Result> pipeline, List<FileDropBench.Result> files, List<SweepBench.Result> sweeps,
            List<MemoryBench.Result> memory) {}

    private Bench() {}

    public static Results run(Options o, PrintStream out) throws Exception {
        Report report = new Report(out);
        report.line("lexhub bench: " + machine());
        report.line("scenarios " + o.scenarios() + " on " + o.databases() + "; requests " + o.requests() + " (PostgreSQL " + o.requestsPostgres()
                + "), files " + o.files() + ", submitters " + o.threads() + ", open " + o.open() + ", waivers " + o.waivers() + " (H2 "
                + o.waiversH2() + "; " + o.due() + " due)");
        long start = System.nanoTime();
        Results r = new Results(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String name : new LinkedHashSet<>(o.databases())) {
            try (BenchDb db = BenchDb.of(name)) {
                try {
                    if (o.scenarios().contains("pipeline")) r.pipeline().add(PipelineBench.run(db, o.examples(), o.requests(name), o.threads(), report));
                    discardHomes();
                    if (o.scenarios().contains("files")) r.files().add(FileDropBench.run(db, o.examples(), o.files(), report));
                    discardHomes();
                    if (o.scenarios().contains("memory") && name.equals(o.databases().get(0))) {
                        r.memory().add(MemoryBench.run(db, o.examples(), o.open(), Math.min(o.memoryThroughPipeline(), o.open()), o.threads(), report));
                    }
                    discardHomes();
                    if (o.scenarios().contains("sweep")) {
                        for (int total : o.waivers(name)) {
                            r.sweeps().add(SweepBench.run(db, total, Math.min(o.due(), total), new SweepBench.HubExpirySweep(), report));
                            discardHomes();
                        }
                    }
                } finally {
                    discardHomes();
                }
            }
        }
        report.printSummary(String.format("lexhub bench summary (%.0f s in all; %s)", (System.nanoTime() - start) / 1e9, machine()));
        return r;
    }

    /** The search scenario (SearchBench) on each database, {@code total} requests. */
    public static List<SearchBench.Result> runSearch(List<String> databases, int total, PrintStream out) throws Exception {
        Report report = new Report(out);
        report.line("lexhub bench: " + machine());
        long start = System.nanoTime();
        List<SearchBench.Result> results = new ArrayList<>();
        for (String name : new LinkedHashSet<>(databases)) {
            try (BenchDb db = BenchDb.of(name)) {
                results.add(SearchBench.run(db, total, report));
            } finally {
                discardHomes();
            }
        }
        report.printSummary(String.format("lexhub bench search summary (%.0f s in all; %s)", (System.nanoTime() - start) / 1e9, machine()));
        return results;
    }

    /** The simulate scenario (SimulateBench, lexhub policy simulate) on each database, {@code total} stored requests. */
    public static List<SimulateBench.Result> runSimulate(List<String> databases, int total, PrintStream out) throws Exception {
        Report report = new Report(out);
        report.line("lexhub bench: " + machine());
        long start = System.nanoTime();
        List<SimulateBench.Result> results = new ArrayList<>();
        for (String name : new LinkedHashSet<>(databases)) {
            try (BenchDb db = BenchDb.of(name)) {
                results.add(SimulateBench.run(db, total, report));
            } finally {
                discardHomes();
            }
        }
        report.printSummary(String.format("lexhub bench simulate summary (%.0f s in all; %s)", (System.nanoTime() - start) / 1e9, machine()));
        return results;
    }

    /** The workspace scenario (WorkspaceBench) on each database. */
    public static List<WorkspaceBench.Result> runWorkspace(List<String> databases, Path examples, int requests, int waivers, int runs, PrintStream out)
            throws Exception {
        Report report = new Report(out);
        report.line("lexhub bench: " + machine());
        long start = System.nanoTime();
        List<WorkspaceBench.Result> results = new ArrayList<>();
        for (String name : new LinkedHashSet<>(databases)) {
            try (BenchDb db = BenchDb.of(name)) {
                results.add(WorkspaceBench.run(db, examples, requests, waivers, runs, report));
            } finally {
                discardHomes();
            }
        }
        report.printSummary(String.format("lexhub bench workspace summary (%.0f s in all; %s)", (System.nanoTime() - start) / 1e9, machine()));
        return results;
    }

    private static final List<Path> HOMES = new ArrayList<>();

    /** A fresh temporary home for a scenario, deleted once the scenario is over: an H2 run leaves gigabytes. */
    static synchronized Path newHome(String scenario) throws IOException {
        Path home = Files.createTempDirectory("lexhub-bench-" + scenario + "-");
        HOMES.add(home);
        return home;
    }

    private static synchronized void discardHomes() throws IOException {
        for (Path home : HOMES) {
            try (Stream<Path> all = Files.walk(home)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        HOMES.clear();
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        long mem = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) mem = os.getTotalMemorySize();
        return String.format("%d cores, %.1f GiB RAM, max heap %.0f MiB, Java %s (%s), %s %s, %s", rt.availableProcessors(), mem / 1073741824.0,
                rt.maxMemory() / 1048576.0, System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
}
