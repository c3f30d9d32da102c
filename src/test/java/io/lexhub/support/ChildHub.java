package io.lexhub.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.lexhub.store.EmbeddedH2;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The real hub ({@code io.lexhub.cli.Lexhub}, from the test class path) in a child JVM with its
 * own home, HTTP port and H2 file database, for tests that kill it. Its output goes to
 * {@code <home>/<name>.log}.
 */
public final class ChildHub {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int port;

    private ChildHub(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** @param settings {@code key=value} pairs given to the hub as system properties, after the defaults here */
    public static ChildHub start(Path home, String name, String... settings) throws Exception {
        int port = TestHub.freePort();
        List<String> all = new ArrayList<>(List.of(
                "lexhub.home=" + home,
                "lexhub.http.port=" + port,
                "lexhub.audit.hmac-key=crash-test-key-for-the-audit-chain-0123",
                "lexhub.intake.file.poll-ms=100",
                "lexhub.drop.min-age-ms=200",
                // a restarted hub takes over the inputs the killed one had claimed once the claims expire
                "lexhub.intake.claim-seconds=3",
                "lexhub.reload.enabled=false"));
        all.addAll(List.of(settings));
        Path log = home.resolve(name + ".log");
        return new ChildHub(launch("io.lexhub.cli.Lexhub", "512m", all, log), log, port);
    }

    /**
     * Starts {@code mainClass} from the test class path in a child JVM with the {@code key=value}
     * settings as system properties, its output to {@code log}. C1 only and the serial collector:
     * a short-lived hub on two shared cores starts in about half the time.
     */
    public static Process launch(String mainClass, String maxHeap, List<String> settings, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath));
        for (String s : settings) cmd.add("-D" + s);
        cmd.add(mainClass);
        return new ProcessBuilder(cmd).directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** True once a hub on this port answers HTTP: it has opened its database and started its routes. */
    public static boolean answers(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health/live")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The HTTP port the hub listens on. */
    public int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook, no graceful stop; open transactions die with their connections. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: a graceful stop releases the database (killed after a minute). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Fails when the hub exited on its own (a start-up error): waiting for it would only time out. */
    public void assertAlive() {
        if (!process.isAlive()) throw new IllegalStateException("the hub exited with " + process.exitValue() + ", see " + log);
    }

    /** True once the hub answers HTTP: it has opened its database and started its routes. */
    public boolean up() {
        assertAlive();
        return answers(port);
    }

    /**
     * The hub's database with the password it generated, reachable while it runs (AUTO_SERVER) and after it stopped. Open no
     * connection while a hub starts: the first opener serves the file to the others.
     */
    public static Sql database(Path home) {
        EmbeddedH2.bindToLoopback();   // this JVM serves the file to others once the hub is gone
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + home.resolve("db").resolve("lexhub") + ";AUTO_SERVER=TRUE");
        ds.setUser("lexhub");
        ds.setPassword(EmbeddedH2.generatedPassword(home));
        return new Sql(ds);
    }
}
