package io.lexhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.support.TestHub;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tarball an operator installs (target/lexhub-&lt;version&gt;.tar.gz, docs/install.md), unpacked into
 * a temporary folder and run as the systemd unit runs it: through bin/lexhub, from a working directory
 * that holds no routes/ or config/, with the home given in LEXHUB_HOME. It answers health, and stops
 * on SIGTERM (Process.destroy on Linux) gracefully, within the unit's TimeoutStopSec and with an exit
 * status the unit counts as success. A failsafe test: it needs the package phase's tarball.
 */
class TarballIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theUnpackedTarballRunsAsTheServiceWouldAndStopsGracefully() throws Exception {
        Path tmp = Files.createTempDirectory("lexhub-tarball-");
        run(tmp, List.of("tar", "xzf", System.getProperty("lexhub.tarball"), "-C", tmp.toString()));
        Path install;
        try (Stream<Path> top = Files.list(tmp)) {
            install = top.toList().get(0);
        }
        assertThat(install.getFileName().toString()).startsWith("lexhub-");
        assertThat(install.resolve("bin/lexhub")).isExecutable();
        for (String part : List.of("lib/lexhub.jar", "routes/intake.camel.yaml", "config/application.properties", "config/policy.yaml",
                "docs/install.md", "README.md", "packaging/lexhub.service")) {
            assertThat(install.resolve(part)).as(part).isRegularFile();
        }

        String unit = Files.readString(install.resolve("packaging/lexhub.service"));
        verifyUnit(unit, install, tmp);
        long stopTimeoutSeconds = Long.parseLong(setting(unit, "TimeoutStopSec"));
        int successExit = Integer.parseInt(setting(unit, "SuccessExitStatus"));
        String gracePeriod = setting(Files.readString(install.resolve("config/application.properties")), "camel.main.shutdown-timeout");
        assertThat(stopTimeoutSeconds).as("TimeoutStopSec leaves the graceful shutdown its time").isGreaterThan(Long.parseLong(gracePeriod));

        // nothing of the hub in the working directory: the launcher finds routes/ and config/ in the install
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path home = tmp.resolve("home");
        String validated = run(elsewhere, List.of(install.resolve("bin/lexhub").toString(), "validate"));
        System.out.println("bin/lexhub validate: " + validated.strip());
        assertThat(validated).contains("OK: " + install.resolve("routes") + " and " + install.resolve("config") + " are valid");

        int port = TestHub.freePort();
        Path log = tmp.resolve("hub.log");
        ProcessBuilder pb = new ProcessBuilder(install.resolve("bin/lexhub").toString()).directory(elsewhere.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LEXHUB_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // as docs/install.md's env file: JVM options and settings; C1 and the serial collector start faster on two cores
        env.put("JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("LEXHUB_HOME", home.toString());
        env.put("LEXHUB_HTTP_PORT", String.valueOf(port));
        env.put("LEXHUB_AUDIT_HMAC_KEY", "tarball-test-key-for-the-audit-chain-0123");
        long started = System.nanoTime();
        Process hub = pb.start();
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!hub.isAlive()) throw new IllegalStateException("the hub exited with " + hub.exitValue() + ":\n" + Files.readString(log));
                return status(port, "/api/health/live") == 200;
            });
            System.out.printf("started through bin/lexhub and live in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(status(port, "/api/health/ready")).isEqualTo(200);
            assertThat(home.resolve("db")).isDirectory();
            assertThat(home.resolve("inbox")).isDirectory();
            assertThat(elsewhere).isEmptyDirectory();

            long stopping = System.nanoTime();
            hub.destroy();
            boolean stopped = hub.waitFor(stopTimeoutSeconds, TimeUnit.SECONDS);
            System.out.printf("stopped on SIGTERM in %d ms (the unit allows %d s)%n", (System.nanoTime() - stopping) / 1_000_000, stopTimeoutSeconds);
            assertThat(stopped).as("stopped within TimeoutStopSec").isTrue();
            String output = Files.readString(log);
            assertThat(hub.exitValue()).as("exit status, the unit's SuccessExitStatus; output:\n" + output).isEqualTo(successExit);
            assertThat(output).contains("shutdown hook triggered by SIGTERM")
                    .contains("(lexhub) is shutting down (timeout:" + gracePeriod + "s)")
                    .contains("(lexhub) shutdown in");
        } finally {
            hub.destroyForcibly();
        }
        deleteTree(tmp);   // kept when the test fails, for its hub.log and home
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** systemd-analyze verify on a copy whose ExecStart is the unpacked launcher (the installed path does not exist here). */
    private static void verifyUnit(String unit, Path install, Path tmp) throws Exception {
        Path copy = tmp.resolve("lexhub.service");
        Files.writeString(copy, unit.replace("/opt/lexhub/current/", install + "/"));
        String out = run(tmp, List.of("/usr/bin/systemd-analyze", "verify", copy.toString()));
        System.out.println("systemd-analyze verify: " + (out.isBlank() ? "no findings" : out));
        assertThat(out).as("systemd-analyze verify findings").isBlank();
    }

    /** The number a unit (key=n) or a properties file (key = n) gives the key. */
    private static String setting(String text, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + " *= *(\\d+)$").matcher(text);
        assertThat(m.find()).as(key).isTrue();
        return m.group(1);
    }

    /** Runs a command to its end; fails unless it exits 0. Returns its output. */
    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LEXHUB_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        File out = Files.createTempFile("lexhub-run-", ".log").toFile();
        Process p = pb.redirectOutput(out).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(command + " finished").isTrue();
        String text = Files.readString(out.toPath());
        Files.delete(out.toPath());
        assertThat(p.exitValue()).as(command + " exit status; output:\n" + text).isZero();
        return text;
    }

    private static int status(int port, String path) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }
}
