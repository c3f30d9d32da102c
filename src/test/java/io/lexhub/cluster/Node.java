package io.lexhub.cluster;

import io.lexhub.support.TestHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private Node(String name, int port, Path home, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.home = home;
        this.log = log;
        this.process = process;
    }

    /** @param clockOffset how far the node's clock is ahead of the system clock, the same on every node */
    static Node start(String name, Path dir, String dbUrl, Duration clockOffset, Map<String, String> settings) throws IOException {
        int port = TestHub.freePort();
        Path home = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classpath,
                "-Dcamel.main.profile=postgres",
                "-Dlexhub.home=" + home,
                "-Dlexhub.http.port=" + port,
                "-Dlexhub.db.url=" + dbUrl,
                "-Dlexhub.db.user=postgres",
                "-Dlexhub.db.pool-size=4",
                "-Dlexhub.test.clock-offset-ms=" + clockOffset.toMillis(),
                // every node of a cluster shares the audit chain's key
                "-Dlexhub.audit.hmac-key=" + Cluster.AUDIT_KEY,
                "-Dlexhub.reload.enabled=false",
                // a fixed instance id so a test can tell which node executes a job (AUTO in production);
                // a short check-in so the survivor notices a dead node within seconds
                "-Dcamel.component.quartz.properties[org.quartz.scheduler.instanceId]=" + name,
                "-Dcamel.component.quartz.properties[org.quartz.jobStore.clusterCheckinInterval]=1000"));
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add(ClusterNode.class.getName());
        Process p = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Node(name, port, home, log, p);
    }

    boolean answers(HttpClient http) {
        if (!process.isAlive()) throw new IllegalStateException(name + " exited, see " + log);
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
