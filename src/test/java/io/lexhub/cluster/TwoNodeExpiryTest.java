package io.lexhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.audit.AuditTrail;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The two-node test: two hubs (each its own JVM, see {@link ClusterNode}) on the
 * PostgreSQL profile share one embedded PostgreSQL and Quartz's clustered job store, with the
 * same camel.main.name, their own lexhub.home and HTTP port, and a clock after the waivers' end.
 * <ol>
 * <li>Both nodes run direct:expiry-sweep at the same moment (while Quartz may fire a third run)
 *     over 1,000 due waivers: each expires once, with one audit event and one outbox row per
 *     dedup key; the expired counts the sweeps report add up to exactly 1,000. Waivers due for an
 *     expiry reminder get it once; review sampling run on both at once samples the share once.</li>
 * <li>Quartz fires the sweep every 2 s over 1,000 more: there is one trigger for the cluster,
 *     two scheduler instances check in, at most one node executes it at a time; the executing
 *     node is killed (SIGKILL) mid-sweep and the other one recovers the cluster and finishes.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeExpiryTest {

    static final int WAIVERS = 1000;
    static final int REMINDED = 200;
    static final String CLOCK = "2026-11-24T09:00:00Z";   // the waivers below ended on 2026-10-31
    static final String AUDIT_KEY = "test-key-for-the-audit-chain-0123456789";
    static final Pattern EXPIRED = Pattern.compile("expired=(\\d+)");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    EmbeddedPostgres pg;
    Database db;
    Sql sql;
    Node a;
    Node b;

    @BeforeAll
    void startCluster() throws Exception {
        // durability is not under test: without fsync a 1,000-waiver sweep takes a second or two, not ten
        pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").start();
        String url = pg.getJdbcUrl("postgres", "postgres");
        db = Database.open(url, "postgres", null, 4);   // the nodes migrate it, both at once (Flyway takes a lock)
        sql = new Sql(db);
        Path dir = Files.createTempDirectory("lexhub-cluster-");
        a = Node.start("node-a", dir, url);
        b = Node.start("node-b", dir, url);
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                .until(() -> a.answers(http) && b.answers(http) && sql.count("SELECT COUNT(*) FROM qrtz_scheduler_state") == 2);
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (Node n : new Node[] {a, b}) if (n != null) n.kill();
        if (db != null) db.close();
        if (pg != null) pg.close();
    }

    @Test
    @Order(1)
    void bothNodesSweepingAtTheSameMomentExpireEachWaiverOnce() throws Exception {
        seed("CLB-", WAIVERS, "2026-10-31");
        seed("CLR-", REMINDED, "2026-12-01");   // 7 days left: due for their 7-day reminder (the 30-day one marked passed)
        CompletableFuture<HttpResponse<String>> onA = sweep(a);
        CompletableFuture<HttpResponse<String>> onB = sweep(b);
        HttpResponse<String> ra = onA.get();
        HttpResponse<String> rb = onB.get();
        assertThat(ra.statusCode()).as(ra.body()).isEqualTo(200);
        assertThat(rb.statusCode()).as(rb.body()).isEqualTo(200);
        System.out.printf("concurrent sweeps: node-a %s, node-b %s%n", ra.body(), rb.body());

        assertExpiredOnce("CLB-");
        // every expiry is counted by exactly one sweep run on one node: the two direct calls, plus
        // any Quartz firing that overlapped them, report 1,000 in all, never more
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(a.expiredLogged() + b.expiredLogged()).isEqualTo(WAIVERS));
        assertThat(expired(ra) + expired(rb)).isLessThanOrEqualTo(WAIVERS);

        // the waivers still running got one reminder each, however many sweeps saw them at once
        assertThat(sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref LIKE 'CLR-%' AND state = 'ACTIVE'")).isEqualTo(REMINDED);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref LIKE 'CLR-%' AND event_type = 'waiver.expiry-reminder'"))
                .isEqualTo(REMINDED);
        assertThat(sql.count("SELECT COUNT(DISTINCT request_ref) FROM audit_events WHERE request_ref LIKE 'CLR-%'")).isEqualTo(REMINDED);
        assertThat(sql.strings("SELECT days_before || ':' || COUNT(*) FROM waiver_reminders WHERE request_ref LIKE 'CLR-%'"
                + " GROUP BY days_before ORDER BY days_before")).containsExactly("7:" + REMINDED, "30:" + REMINDED);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref LIKE 'CLR-%'")).isEqualTo(2L * REMINDED);   // customer + licensing
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key = 'expiry:' || request_ref || ':7' AND request_ref LIKE 'CLR-%'"))
                .isEqualTo(REMINDED);

        // review sampling at the same moment on both nodes draws the policy's share once, not twice
        double share = PolicyLoader.load(Path.of("config/policy.yaml")).lifecycle().reviewSampleShare();
        long active = sql.count("SELECT COUNT(*) FROM waivers WHERE state = 'ACTIVE'");
        CompletableFuture<HttpResponse<String>> sampleA = post(a, "/test/review-sampling");
        CompletableFuture<HttpResponse<String>> sampleB = post(b, "/test/review-sampling");
        assertThat(sampleA.get().statusCode()).as(sampleA.get().body()).isEqualTo(200);
        assertThat(sampleB.get().statusCode()).as(sampleB.get().body()).isEqualTo(200);
        assertThat(sql.count("SELECT COUNT(*) FROM waiver_reviews")).isEqualTo((long) Math.ceil(share * active)).isPositive();
    }

    @Test
    @Order(2)
    void quartzRunsTheSweepOnOneNodeAtATimeAndTheSurvivorFinishesWhenTheOtherIsKilled() throws Exception {
        // one cluster: the same scheduler name, two instances checking in, one shared trigger
        assertThat(sql.strings("SELECT instance_name FROM qrtz_scheduler_state ORDER BY instance_name")).containsExactly("node-a", "node-b");
        assertThat(sql.count("SELECT COUNT(DISTINCT sched_name) FROM qrtz_scheduler_state")).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name LIKE '%expiry-sweep%'")).isEqualTo(1);

        seed("CLA-", WAIVERS, "2026-10-31");
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicReference<String> executing = new AtomicReference<>();
        // mid-way: some waivers of the batch expired, most not, and a node is executing the job
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<String> running = sql.strings("SELECT instance_name FROM qrtz_fired_triggers WHERE state = 'EXECUTING'"
                    + " AND trigger_name LIKE '%expiry-sweep%'");
            mostAtOnce.accumulateAndGet(running.size(), Math::max);
            long done = expiredCount("CLA-");
            if (running.size() == 1 && done >= 10 && done <= WAIVERS * 8 / 10) {
                executing.set(running.get(0));
                return true;
            }
            return false;
        });
        Node victim = executing.get().equals("node-a") ? a : b;
        Node survivor = victim == a ? b : a;
        long before = expiredCount("CLA-");
        victim.kill();
        System.out.printf("killed %s mid-sweep with %d of %d expired%n", victim.name, before, WAIVERS);

        // the survivor finds the dead instance, releases the trigger it held and finishes the batch
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            mostAtOnce.accumulateAndGet((int) sql.count("SELECT COUNT(*) FROM qrtz_fired_triggers WHERE state = 'EXECUTING'"
                    + " AND trigger_name LIKE '%expiry-sweep%'"), Math::max);
            assertThat(expiredCount("CLA-")).isEqualTo(WAIVERS);
        });
        assertThat(sql.strings("SELECT instance_name FROM qrtz_scheduler_state")).containsExactly(survivor.name);
        assertThat(mostAtOnce.get()).as("nodes executing the expiry sweep at the same time").isEqualTo(1);
        assertThat(survivor.expiredLogged()).as("the survivor expired the rest").isGreaterThan(0);
        assertExpiredOnce("CLA-");

        // the entitlement events of both batches are delivered (the survivor takes over claims of the dead node)
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'revert:CL%' AND status = 'SENT'")).isEqualTo(2L * WAIVERS));
        for (String ref : sql.strings("SELECT request_ref FROM waivers WHERE request_ref LIKE 'CL%' AND state = 'EXPIRED'")) {
            assertThat(Files.exists(a.event(ref)) || Files.exists(b.event(ref))).as("revert event file of " + ref).isTrue();
        }

        // one hash chain, appended to by both nodes at once and cut by the kill, still verifies
        try (Connection c = db.dataSource().getConnection()) {
            AuditTrail.VerifyResult chain = new AuditTrail(AUDIT_KEY.getBytes(StandardCharsets.UTF_8)).verify(c);
            assertThat(chain.ok()).as(chain.message()).isTrue();
            assertThat(chain.verified()).isGreaterThanOrEqualTo(2L * WAIVERS + REMINDED);
        }
    }

    // --- checks

    private long expiredCount(String prefix) {
        return sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref LIKE ? AND state = 'EXPIRED'", prefix + "%");
    }

    /** Every waiver of the batch EXPIRED, with one waiver.expired event, one revert and one sunset notice. */
    private void assertExpiredOnce(String prefix) {
        String like = prefix + "%";
        assertThat(expiredCount(prefix)).isEqualTo(WAIVERS);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref LIKE ? AND event_type = 'waiver.expired'", like)).isEqualTo(WAIVERS);
        assertThat(sql.count("SELECT COUNT(DISTINCT request_ref) FROM audit_events WHERE request_ref LIKE ? AND event_type = 'waiver.expired'", like))
                .isEqualTo(WAIVERS);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref LIKE ? AND event_type <> 'waiver.expired'", like)).isZero();
        for (String kind : new String[] {"revert:", "sunset:"}) {
            assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key = ? || request_ref AND request_ref LIKE ?", kind, like))
                    .as(kind + " rows").isEqualTo(WAIVERS);
        }
        // the customer's sunset mail, the licensing team's copy and the revert event: three rows per waiver, no more
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref LIKE ?", like)).isEqualTo(3L * WAIVERS);
    }

    // --- set-up

    /** n ACTIVE waivers whose last day is {@code end}, with the requests rows the sweep joins (plain SQL, for speed). */
    private void seed(String prefix, int n, String end) {
        sql.update("""
                INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, reply_to, product,
                    exception_type, start_date, end_date, track, policy_version, content_sha256, request_json, assessment_json,
                    raw_content, received_at, updated_at)
                SELECT ? || lpad(i::text, 5, '0'), 'api', ? || i, 'APPROVED', 'CUST-CL-' || i, 'Cluster Customer ' || i,
                    'contact-' || i || '@cluster.example', 'Orbit Analytics', 'TEMPORARY_ACCESS', DATE '2026-10-01', CAST(? AS DATE),
                    'FAST', '1', md5(i::text) || md5(i::text), '{}', '{}', '{}', now(), now()
                FROM generate_series(1, ?) AS i""", prefix, "cluster-" + prefix, end, n);
        sql.update("""
                INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at)
                SELECT reference, 'ACTIVE', customer_id, product, exception_type, start_date, end_date, '{"terms":{"seats":5}}', now(), now()
                FROM requests WHERE reference LIKE ?""", prefix + "%");
    }

    private CompletableFuture<HttpResponse<String>> sweep(Node n) {
        return post(n, "/test/expiry-sweep");
    }

    private CompletableFuture<HttpResponse<String>> post(Node n, String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port + path))
                .timeout(Duration.ofSeconds(40)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int expired(HttpResponse<String> r) {
        Matcher m = EXPIRED.matcher(r.body());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** A hub in its own JVM, on the test classpath, its output in a log file. */
    static final class Node {
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

        static Node start(String name, Path dir, String dbUrl) throws IOException {
            int port = TestHub.freePort();
            Path home = dir.resolve(name);
            Path log = dir.resolve(name + ".log");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", classpath,
                    "-Dcamel.main.profile=postgres",
                    "-Dlexhub.home=" + home,
                    "-Dlexhub.http.port=" + port,
                    "-Dlexhub.db.url=" + dbUrl,
                    "-Dlexhub.db.user=postgres",
                    "-Dlexhub.db.pool-size=4",
                    "-Dlexhub.test.clock=" + CLOCK,
                    // every node of a cluster shares the audit chain's key
                    "-Dlexhub.audit.hmac-key=" + AUDIT_KEY,
                    "-Dlexhub.lifecycle.expiry-sweep.cron=0/2 * * * * ?",
                    "-Dlexhub.outbox.poll-ms=200",
                    "-Dlexhub.outbox.batch=500",
                    "-Dlexhub.outbox.claim-seconds=3",
                    "-Dlexhub.reload.enabled=false",
                    // a fixed instance id so the test can tell which node executes the job (AUTO in production);
                    // a short check-in so the survivor notices a dead node within seconds
                    "-Dcamel.component.quartz.properties[org.quartz.scheduler.instanceId]=" + name,
                    "-Dcamel.component.quartz.properties[org.quartz.jobStore.clusterCheckinInterval]=1000",
                    ClusterNode.class.getName()));
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

        /** What this node's expiry sweeps reported as expired, from its log. */
        int expiredLogged() throws IOException {
            int sum = 0;
            for (String line : Files.readAllLines(log)) {
                if (!line.contains("expiry-sweep {")) continue;
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
}
