package io.lexhub.cluster;

import io.lexhub.support.ChildHub;
import io.lexhub.support.TestHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hub of a test cluster in its own JVM ({@link ClusterNode}, on the test class path), on the
 * PostgreSQL profile with clustered Quartz, its output in a log file. Every node gets the
 * cluster's database, audit key and clock, its own lexhub.home and HTTP port, and the settings
 * its test adds.
 */
final class Node {

    static final Pattern EXPIRED = Pattern.compile("expired=(\\d+)");

    final String name;
    final int port;
    final Path home;
    final Path log;
    final Process process;
    /** How it was started, for {@link #restart}. */
    private final String mainClass;
    private final List<String> settings;
    private final int run;

    private Node(String name, int port, Path home, Path log, Process process, String mainClass, List<String> settings, int run) {
        this.name = name;
        this.port = port;
        this.home = home;
        this.log = log;
        this.process = process;
        this.mainClass = mainClass;
        this.settings = settings;
        this.run = run;
    }

    /** @param clockOffset how far the node's clock is ahead of the system clock, the same on every node */
    static Node start(String name, Path dir, String dbUrl, Duration clockOffset, Map<String, String> settings) throws IOException {
        return start(ClusterNode.class.getName(), name, dir, dbUrl, clockOffset, settings);
    }

    /**
     * A node started through the hub's own main ({@code io.lexhub.cli.Lexhub}, what the jar runs) on the system clock,
     * without test hooks: what an ops team runs and stops.
     */
    static Node startHub(String name, Path dir, String dbUrl, Map<String, String> settings) throws IOException {
        return start("io.lexhub.cli.Lexhub", name, dir, dbUrl, Duration.ZERO, settings);
    }

    private static Node start(String mainClass, String name, Path dir, String dbUrl, Duration clockOffset, Map<String, String> settings)
            throws IOException {
        int port = TestHub.freePort();
        Path home = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        List<String> all = new ArrayList<>(List.of(
                "camel.main.profile=postgres",
                "lexhub.home=" + home,
                "lexhub.http.port=" + port,
                "lexhub.db.url=" + dbUrl,
                "lexhub.db.user=postgres",
                "lexhub.db.pool-size=4",
                "lexhub.test.clock-offset-ms=" + clockOffset.toMillis(),
                // every node of a cluster shares the audit chain's key
                "lexhub.audit.hmac-key=" + Cluster.AUDIT_KEY,
                "lexhub.reload.enabled=false",
                // a fixed instance id so a test can tell which node executes a job (AUTO in production);
                // a short check-in so the survivor notices a dead node within seconds
                "camel.component.quartz.properties[org.quartz.scheduler.instanceId]=" + name,
                "camel.component.quartz.properties[org.quartz.jobStore.clusterCheckinInterval]=1000"));
        settings.forEach((k, v) -> all.add(k + "=" + v));
        return new Node(name, port, home, log, ChildHub.launch(mainClass, "256m", all, log), mainClass, List.copyOf(all), 1);
    }

    /** The same node started again (after it stopped): same settings, port and home, a new log file. */
    Node restart() throws IOException {
        if (process.isAlive()) throw new IllegalStateException(name + " still runs");
        Path next = log.resolveSibling(name + "." + (run + 1) + ".log");
        return new Node(name, port, home, next, ChildHub.launch(mainClass, "256m", settings, next), mainClass, settings, run + 1);
    }

    /** SIGTERM, as systemd or an orchestrator stops a node; waits up to {@code atMost} for the process to exit. */
    boolean terminate(Duration atMost) throws InterruptedException {
        process.destroy();
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean answers() {
        if (!process.isAlive()) throw new IllegalStateException(name + " exited, see " + log);
        return ChildHub.answers(port);
    }

    /** The lines of this node's log that contain {@code text}. */
    List<String> logLines(String text) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList();
    }

    /** What this node's expiry sweeps reported as expired, from its log. */
    int expiredLogged() throws IOException {
        int sum = 0;
        for (String line : logLines("expiry-sweep {")) {
            Matcher m = EXPIRED.matcher(line);
            if (m.find()) sum += Integer.parseInt(m.group(1));
        }
        return sum;
    }

    Path event(String ref) {
        return home.resolve("entitlement-events").resolve("revert-" + ref + ".json");
    }

    /** SIGKILL: no shutdown hook, no graceful stop, the open transaction dies with the connection. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
