package io.lexhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.audit.AuditTrail;
import io.lexhub.policy.PolicyLoader;
import io.lexhub.store.AuditRowStore;
import io.lexhub.support.RunsAlone;
import io.lexhub.support.Sql;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
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
@RunsAlone
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeExpiryTest {

    static final int WAIVERS = 3000;
    static final int REMINDED = 200;

    Cluster cluster;
    Sql sql;
    Node a;
    Node b;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = Cluster.start();
        sql = cluster.sql;
        Map<String, String> settings = Map.of(
                "lexhub.lifecycle.expiry-sweep.cron", "0/2 * * * * ?",
                "lexhub.outbox.poll-ms", "200",
                "lexhub.outbox.batch", "500",
                "lexhub.outbox.claim-seconds", "3");
        a = cluster.node("node-a", settings);
        b = cluster.node("node-b", settings);
        cluster.awaitUp(a, b);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void bothNodesSweepingAtTheSameMomentExpireEachWaiverOnce() throws Exception {
        cluster.seedWaivers("CLB-", WAIVERS, "2026-10-31");
        cluster.seedWaivers("CLR-", REMINDED, "2026-12-01");   // 7 days left: due for their 7-day reminder (the 30-day one marked passed)
        CompletableFuture<HttpResponse<String>> onA = sweep(a);
        CompletableFuture<HttpResponse<String>> onB = sweep(b);
        HttpResponse<String> ra = onA.get();
        HttpResponse<String> rb = onB.get();
        assertThat(ra.statusCode()).as(ra.body()).isEqualTo(200);
        assertThat(rb.statusCode()).as(rb.body()).isEqualTo(200);
        System.out.printf("concurrent sweeps: node-a %s, node-b %s%n", ra.body(), rb.body());

        cluster.assertExpiredOnce("CLB-", WAIVERS);
        // every expiry is counted by exactly one sweep run on one node: the two direct calls, plus
        // any Quartz firing that overlapped them, report 1,000 in all, never more
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(a.expiredLogged() + b.expiredLogged()).isEqualTo(WAIVERS));
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

        cluster.seedWaivers("CLA-", WAIVERS, "2026-10-31");
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicReference<String> executing = new AtomicReference<>();
        // mid-way: some waivers of the batch expired, most not, and a node is executing the job
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<String> running = sql.strings("SELECT instance_name FROM qrtz_fired_triggers WHERE state = 'EXECUTING'"
                    + " AND trigger_name LIKE '%expiry-sweep%'");
            mostAtOnce.accumulateAndGet(running.size(), Math::max);
            long done = cluster.expiredCount("CLA-");
            if (running.size() == 1 && done >= 10 && done <= WAIVERS * 8 / 10) {
                executing.set(running.get(0));
                return true;
            }
            return false;
        });
        Node victim = executing.get().equals("node-a") ? a : b;
        Node survivor = victim == a ? b : a;
        long before = cluster.expiredCount("CLA-");
        victim.kill();
        System.out.printf("killed %s mid-sweep with %d of %d expired%n", victim.name, before, WAIVERS);

        // the survivor finds the dead instance, releases the trigger it held and finishes the batch
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            mostAtOnce.accumulateAndGet((int) sql.count("SELECT COUNT(*) FROM qrtz_fired_triggers WHERE state = 'EXECUTING'"
                    + " AND trigger_name LIKE '%expiry-sweep%'"), Math::max);
            assertThat(cluster.expiredCount("CLA-")).isEqualTo(WAIVERS);
        });
        assertThat(sql.strings("SELECT instance_name FROM qrtz_scheduler_state")).containsExactly(survivor.name);
        assertThat(mostAtOnce.get()).as("nodes executing the expiry sweep at the same time").isEqualTo(1);
        assertThat(survivor.expiredLogged()).as("the survivor expired the rest").isGreaterThan(0);
        cluster.assertExpiredOnce("CLA-", WAIVERS);

        // the entitlement events of both batches are delivered (the survivor takes over claims of the dead node)
        // (a wait for throughput on a shared machine: generous, and on a timeout it says what is left and why)
        long deliveryStarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'revert:CL%' AND status = 'SENT'"))
                .as(() -> "undelivered revert events: " + sql.strings("SELECT status || ' attempts=' || attempts || ' error=' || COALESCE(last_error, '-')"
                        + " || ' claimed=' || (claimed_until IS NOT NULL) || ': ' || COUNT(*) FROM outbox WHERE dedup_key LIKE 'revert:CL%'"
                        + " AND status <> 'SENT' GROUP BY status, attempts, last_error, claimed_until IS NOT NULL"))
                .isEqualTo(2L * WAIVERS));
        System.out.printf("revert events delivered %d s after the sweep finished%n", Duration.ofNanos(System.nanoTime() - deliveryStarted).toSeconds());
        for (String ref : sql.strings("SELECT request_ref FROM waivers WHERE request_ref LIKE 'CL%' AND state = 'EXPIRED'")) {
            assertThat(Files.exists(a.event(ref)) || Files.exists(b.event(ref))).as("revert event file of " + ref).isTrue();
        }

        // one hash chain, appended to by both nodes at once and cut by the kill, still verifies
        try (Connection c = cluster.db.dataSource().getConnection()) {
            AuditTrail.VerifyResult chain = new AuditTrail(Cluster.AUDIT_KEY.getBytes(StandardCharsets.UTF_8), new AuditRowStore()).verify(c);
            assertThat(chain.ok()).as(chain.message()).isTrue();
            assertThat(chain.verified()).isGreaterThanOrEqualTo(2L * WAIVERS + REMINDED);
        }
    }

    // --- helpers

    private CompletableFuture<HttpResponse<String>> sweep(Node n) {
        return post(n, "/test/expiry-sweep");
    }

    private CompletableFuture<HttpResponse<String>> post(Node n, String path) {
        return cluster.http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port + path))
                .timeout(Duration.ofSeconds(40)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int expired(HttpResponse<String> r) {
        Matcher m = Node.EXPIRED.matcher(r.body());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
