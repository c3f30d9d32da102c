package io.lexhub.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lexhub bench}: throughput and scaling figures (issue 9). Prints figures; asserts nothing about time. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the benchmark suite on a real hub (in this JVM) and print throughput, latency, memory and sweep figures.",
                "Run it from the project folder: it starts hubs on routes/ and config/ and uses examples/requests/."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--scenario", split = ",", paramLabel = "NAME",
            description = "pipeline, files, sweep, memory or all (default all), and search (the Requests page's queries), workspace"
                    + " (inbox, search, waiver list and dashboard at scale) and simulate (lexhub policy simulate over stored requests),"
                    + " which are not in all;"
                    + " repeat or separate with commas")
    List<String> scenarios = List.of("all");

    @Option(names = "--requests", description = "requests through direct:intake in the pipeline scenario on H2 (default ${DEFAULT-VALUE})")
    int requests = 20_000;

    // the whole suite runs in under 10 minutes on 2 cores: PostgreSQL commits with fsync are slower
    @Option(names = "--requests-postgres", description = "the same on PostgreSQL (default ${DEFAULT-VALUE})")
    int requestsPostgres = 5_000;

    @Option(names = "--files", description = "files dropped at once in the file scenario (default ${DEFAULT-VALUE})")
    int files = 10_000;

    @Option(names = "--db", description = "h2, postgres (embedded) or both (default ${DEFAULT-VALUE})")
    String db = "both";

    @Option(names = "--threads", description = "concurrent submitters (default ${DEFAULT-VALUE})")
    int threads = 4;

    @Option(names = "--open", description = "open requests in the memory scenario (default ${DEFAULT-VALUE})")
    int open = 100_000;

    @Option(names = "--memory-pipeline", description = "of those, how many go through direct:intake (default ${DEFAULT-VALUE})")
    int memoryThroughPipeline = 10_000;

    @Option(names = "--waivers", split = ",", description = "active waivers in the sweep scenario on PostgreSQL, one run each (default 1000000,100000)")
    List<Integer> waivers = List.of(1_000_000, 100_000);

    // a million rows take H2 three minutes to generate: the scaling pair runs on PostgreSQL, the scale-out database
    @Option(names = "--waivers-h2", split = ",", description = "the same on H2 (default 100000)")
    List<Integer> waiversH2 = List.of(100_000);

    @Option(names = "--due", description = "waivers due in the sweep scenario (default ${DEFAULT-VALUE})")
    int due = 1_000;

    @Option(names = "--search-requests", description = "requests in the search scenario (default ${DEFAULT-VALUE})")
    int searchRequests = 1_000_000;

    @Option(names = "--workspace-requests", description = "requests in the workspace scenario (default ${DEFAULT-VALUE})")
    int workspaceRequests = 1_000_000;

    @Option(names = "--workspace-waivers", description = "waivers in the workspace scenario (default ${DEFAULT-VALUE})")
    int workspaceWaivers = 300_000;

    @Option(names = "--workspace-runs", description = "timed runs of each kind of page in the workspace scenario (default ${DEFAULT-VALUE})")
    int workspaceRuns = 30;
    @Option(names = "--simulate-requests", description = "stored requests in the simulate scenario (default ${DEFAULT-VALUE})")
    int simulateRequests = 100_000;

    @Option(names = "--examples", description = "folder of example requests the workload is made from (default ${DEFAULT-VALUE})")
    Path examples = Path.of("examples/requests");

    @Override
    public Integer call() throws Exception {
        Set<String> s = new LinkedHashSet<>();
        boolean search = false;
        boolean workspace = false;
        boolean simulate = false;
        for (String x : scenarios) {
            if (x.equals("all")) s.addAll(List.of("pipeline", "files", "sweep", "memory"));
            else if (List.of("pipeline", "files", "sweep", "memory").contains(x)) s.add(x);
            else if (x.equals("search")) search = true;
            else if (x.equals("workspace")) workspace = true;
            else if (x.equals("simulate")) simulate = true;
            else throw new IllegalArgumentException("unknown scenario " + x + " (pipeline, files, sweep, memory, all, search, workspace, simulate)");
        }
        List<String> dbs = switch (db) {
            case "both" -> List.of("h2", "postgres");
            case "h2", "postgres" -> List.of(db);
            default -> throw new IllegalArgumentException("--db must be h2, postgres or both");
        };
        if (dbs.contains("postgres") && !BenchDb.postgresAvailable()) {
            System.err.println("The PostgreSQL scenarios start an embedded PostgreSQL server, which only target/lexhub-bench.jar carries "
                    + "(the deployed lexhub.jar does not). Run: java -jar target/lexhub-bench.jar bench ..., or --db h2 here.");
            return 2;
        }
        if (!s.isEmpty()) {
            Bench.run(new Bench.Options(s, dbs, requests, requestsPostgres, files, threads, open, memoryThroughPipeline, waivers, waiversH2, due,
                    examples), System.out);
        }
        if (search) Bench.runSearch(dbs, searchRequests, System.out);
        if (workspace) Bench.runWorkspace(dbs, examples, workspaceRequests, workspaceWaivers, workspaceRuns, System.out);
        if (simulate) Bench.runSimulate(dbs, simulateRequests, System.out);
        return 0;
    }
}
