package io.lexhub.hardening;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.lexhub.app.HubConfiguration;
import io.lexhub.audit.AuditTrail;
import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.support.RunsAlone;
import io.lexhub.support.Sql;
import io.lexhub.support.Tally;
import io.lexhub.support.TestHub;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Database outage under load: the hub runs on the PostgreSQL profile against an embedded
 * PostgreSQL with a fixed data directory and port; files are dropped and requests posted
 * continuously while the outbox sends acknowledgements to GreenMail and Quartz fires the SLA
 * sweep every 2 s. PostgreSQL is stopped mid-load for several seconds (submissions go on) and
 * started again on the same data. Then every dropped file is exactly one request (none in
 * failed/), every posted request is stored once (a refusal during the outage is a 503 with a
 * reason and is retried with the same Idempotency-Key; no 2xx names a request that is not
 * stored), every outbox message is sent exactly once, health said DOWN during the outage and UP
 * after, the same connection pool, the outbox timer and Quartz carry on without a restart, and
 * the audit chain verifies.
 */
@RunsAlone
@CamelMainTest(configurationClasses = HubConfiguration.class,
        propertyPlaceholderLocations = "file:config/application-postgres.properties,file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

    static final String AUDIT_KEY = "test-key-for-the-audit-chain-0123456789";
    static final Duration OUTAGE = Duration.ofSeconds(8);
    static final Path PG_DATA;
    static final int PG_PORT;
    static EmbeddedPostgres pg;

    static {
        try {
            PG_DATA = Files.createTempDirectory("lexhub-outage-pg-");
            PG_PORT = TestHub.freePort();
            pg = startPostgres();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("lexhub.db.url", pg.getJdbcUrl("postgres", "postgres"));
        System.setProperty("lexhub.db.user", "postgres");
        // Quartz fires a sweep every 2 s, so the test sees it stop and come back
        System.setProperty("lexhub.lifecycle.sla-sweep.cron", "0/2 * * * * ?");
        // a claim taken just before the outage is taken over after 5 s, not the default minute
        System.setProperty("lexhub.outbox.claim-seconds", "5");
        System.setProperty("lexhub.reload.enabled", "false");
    }

    /** The same data directory and port every time, so a restart finds the hub's data where it left it. */
    static EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(PG_DATA).setCleanDataDirectory(false).setPort(PG_PORT).start();
    }

    final TestHub hub = TestHub.prepare("outage");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    CamelContext camel;

    @BeanInject
    Database database;

    @AfterAll
    void stopAll() throws IOException {
        camel.stop();
        hub.close();
        for (String key : new String[] {"lexhub.db.url", "lexhub.db.user", "lexhub.lifecycle.sla-sweep.cron", "lexhub.outbox.claim-seconds",
                "lexhub.reload.enabled"}) System.clearProperty(key);
        if (pg != null) pg.close();
    }

    // --- the load: what was tried and what the hub answered

    /** A document posted with its Idempotency-Key; after a 503 it waits for the answer's Retry-After. */
    record Post(String key, byte[] doc, Instant retryAt) {}

    final AtomicBoolean submitting = new AtomicBoolean(true);
    final AtomicInteger filesDropped = new AtomicInteger();
    final AtomicInteger filesDroppedDuringOutage = new AtomicInteger();
    final AtomicInteger posts = new AtomicInteger();
    final Queue<Post> retries = new ConcurrentLinkedQueue<>();
    final Map<String, String> storedRefs = new ConcurrentHashMap<>();
    final Map<String, Integer> answers = new ConcurrentHashMap<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    final List<Instant> stored = new CopyOnWriteArrayList<>();
    final AtomicLong longestAnswerMs = new AtomicLong();
    volatile boolean down;

    /** What app/PausedPolls said, and Camel's ERRORs for exchanges that failed (each poll of a timer route used to log one). */
    final List<String> outageLog = new CopyOnWriteArrayList<>();
    final List<String> failedDeliveries = new CopyOnWriteArrayList<>();

    /** What the hub logged at ERROR with an error id (a 500's problem document names it), for the failure message. */
    final List<String> errorsLogged = new CopyOnWriteArrayList<>();

    @Test
    void postgresStoppedAndStartedUnderLoadPausesIntakeAndLosesNothing() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> errors = new ch.qos.logback.core.AppenderBase<>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                if (e.getLoggerName().equals("lexhub.outage")) outageLog.add(e.getLevel() + " " + e.getFormattedMessage());
                if (e.getLevel() == ch.qos.logback.classic.Level.ERROR && e.getFormattedMessage().startsWith("Failed delivery")) {
                    failedDeliveries.add(e.getFormattedMessage().lines().findFirst().orElse(""));
                }
                if (e.getLevel() == ch.qos.logback.classic.Level.ERROR && e.getFormattedMessage().startsWith("error ")) {
                    var t = e.getThrowableProxy();
                    errorsLogged.add(e.getFormattedMessage() + (t == null ? "" : " " + ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(t)));
                }
            }
        };
        errors.start();
        root.addAppender(errors);
        Sql sql = new Sql(database);
        HikariDataSource pool = (HikariDataSource) database.dataSource();
        await().atMost(Duration.ofSeconds(30)).until(() -> health().statusCode() == 200);

        ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
        try {
            // a file every 200 ms and two clients posting every 200 ms: the outbox's mails to GreenMail
            // (four per request) are what takes longest afterwards
            load.scheduleWithFixedDelay(this::dropFile, 0, 200, TimeUnit.MILLISECONDS);
            load.scheduleWithFixedDelay(this::post, 0, 200, TimeUnit.MILLISECONDS);
            load.scheduleWithFixedDelay(this::post, 100, 200, TimeUnit.MILLISECONDS);
            load.scheduleWithFixedDelay(this::watchDone, 0, 50, TimeUnit.MILLISECONDS);

            // under load before the outage
            await().atMost(Duration.ofSeconds(90)).until(() -> sql.count("SELECT COUNT(*) FROM requests") >= 10
                    && sql.count("SELECT COUNT(*) FROM outbox WHERE status = 'SENT'") >= 10);

            // an approver's key, checked once while the database is up (keys seen in the last minutes still count during an outage)
            String approverKey = hub.key("alice.moreau", "approver");
            hub.post("/api/requests/" + storedRefs.values().iterator().next() + "/decisions", "application/json", "{}".getBytes(),
                    "Authorization", "Bearer " + approverKey);

            // PostgreSQL stops; submissions go on
            Instant stopAt = Instant.now();
            down = true;
            pg.close();
            Instant stopped = Instant.now();
            HealthSeen healthDown = new HealthSeen();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (healthDown.at == null) healthDown.probe(this, 503);
                return healthDown.at != null && filesDroppedDuringOutage.get() >= 5 && !refusals.isEmpty()
                        && Duration.between(stopAt, Instant.now()).compareTo(OUTAGE) >= 0;
            });
            assertThat(healthDown.body.path("database").asText()).isEqualTo("DOWN");
            // reading a stored request fails in its route, which does not handle it: 503 with a reason, never an empty 500
            HttpResponse<String> read = hub.get("/api/requests/" + storedRefs.values().iterator().next());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
            assertThat(read.headers().firstValue("Retry-After")).isPresent();
            assertThat(read.body()).contains("database is unavailable");
            // so do the routes with handlers of their own (decisions, waivers, quarantine): 503 and Retry-After, never 500 or 403
            String ref = storedRefs.values().iterator().next();
            byte[] decision = "{\"decision\": \"approve\", \"rationale\": \"fine\"}".getBytes(StandardCharsets.UTF_8);
            // at once: each waits for the pool's connection timeout
            Map<String, java.util.concurrent.Future<HttpResponse<String>>> during = new TreeMap<>();
            var calls = Executors.newFixedThreadPool(5);
            during.put("POST decisions", calls.submit(() -> hub.post("/api/requests/" + ref + "/decisions", "application/json", decision,
                    "Authorization", "Bearer " + approverKey)));
            during.put("GET waiver", calls.submit(() -> hub.get("/api/waivers/" + ref)));
            during.put("GET quarantine", calls.submit(() -> hub.get("/api/quarantine")));
            during.put("GET quarantine item", calls.submit(() -> hub.get("/api/quarantine/1")));
            during.put("POST quarantine replay", calls.submit(() -> hub.post("/api/quarantine/1/replay", "application/json", new byte[0])));
            calls.shutdown();
            for (var call : during.entrySet()) {
                HttpResponse<String> r = call.getValue().get();
                assertThat(r.statusCode()).as(call.getKey() + ": " + r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).as(call.getKey()).isPresent();
                assertThat(r.body()).as(call.getKey()).contains("database is unavailable");
            }

            // and starts again on the same data
            pg = startPostgres();
            Instant restarted = Instant.now();
            down = false;
            NotifyBuilder sweepAgain = new NotifyBuilder(camel).fromRoute("sla-sweep-timer").whenCompleted(1).create();
            NotifyBuilder outboxAgain = new NotifyBuilder(camel).fromRoute("outbox-mail").whenCompleted(3).create();
            HealthSeen healthUp = new HealthSeen();
            AtomicReference<Instant> sweptAgain = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (sweptAgain.get() == null && sweepAgain.matches()) sweptAgain.set(Instant.now());
                if (healthUp.at == null) healthUp.probe(this, 200);
                return healthUp.at != null && sweptAgain.get() != null && outboxAgain.matches();
            });
            assertThat(healthUp.body.path("database").asText()).isEqualTo("UP");
            // what the operator sees afterwards: the API's last error was the outage
            assertThat(healthUp.body.path("intake").path("api").path("lastError").path("kind").asText()).isEqualTo("failure");
            assertThat(healthUp.body.path("intake").path("api").path("lastError").path("message").asText()).startsWith("database unavailable");

            // more load after the restart (new posts stored, not only the backlog), then only the retries
            int postsAtRestart = posts.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> storedRefs.size() >= postsAtRestart + 10);
            submitting.set(false);
            // the backlog drains in well under a minute on an idle machine; the bounds leave room for a loaded one
            await().atMost(Duration.ofMinutes(3)).until(() -> retries.isEmpty() && storedRefs.size() == posts.get());
            await().atMost(Duration.ofMinutes(3)).until(() -> count(hub.inbox()) == 0 && count(hub.home.resolve("done")) == filesDropped.get());
            await().atMost(Duration.ofMinutes(3)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'") == 0);

            // the polls met the outage quietly: one line when each paused, one when it ran again, no stack per poll
            assertThat(failedDeliveries).as("Camel's ERROR per failed exchange").isEmpty();
            assertThat(outageLog).filteredOn(l -> l.startsWith("WARN outbox-mail paused: database unavailable")).hasSize(1);
            assertThat(outageLog).filteredOn(l -> l.startsWith("INFO outbox-mail runs again, ")).hasSize(1);
            assertThat(outageLog).filteredOn(l -> l.startsWith("WARN ")).allMatch(l -> l.contains(" paused: "));

            // the pool came back on its own (the timers did above)
            assertThat(database.dataSource()).as("the same pool, never replaced").isSameAs(pool);
            assertThat(pool.isClosed()).isFalse();

            report(sql, pool, stopAt, stopped, restarted, healthDown, healthUp, sweptAgain.get());
        } finally {
            root.detachAppender(errors);
            submitting.set(false);
            load.shutdownNow();
            load.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private void report(Sql sql, HikariDataSource pool, Instant stopAt, Instant stopped, Instant restarted, HealthSeen healthDown,
            HealthSeen healthUp, Instant sweptAgain) throws Exception {
        Tally t = new Tally("database outage under load").tried(filesDropped.get() + posts.get());

        // files: each exactly one request, archived once in done/, none in failed/
        long fileRequests = sql.count("SELECT COUNT(*) FROM requests WHERE source = 'file'");
        long distinctFiles = sql.count("SELECT COUNT(DISTINCT file_name) FROM requests WHERE source = 'file'");
        long failed = count(hub.home.resolve("failed"));
        t.lost((int) (filesDropped.get() - distinctFiles)).duplicated((int) (fileRequests - distinctFiles));
        assertThat(fileRequests).isEqualTo(filesDropped.get());
        assertThat(failed).as("files in failed/").isZero();
        assertThat(sql.count("SELECT COUNT(*) FROM quarantine")).isZero();

        // posts: each key stored once, under the reference the 2xx answer named
        long apiRequests = sql.count("SELECT COUNT(*) FROM requests WHERE source = 'api'");
        int wrongRef = 0;
        for (var e : storedRefs.entrySet()) {
            List<String> refs = sql.strings("SELECT reference FROM requests WHERE source = 'api' AND external_id = ?", "client:" + e.getKey());
            if (refs.size() != 1 || !refs.get(0).equals(e.getValue())) wrongRef++;
        }
        t.lost(posts.get() - storedRefs.size() + wrongRef).duplicated((int) (apiRequests - storedRefs.size()));
        for (String r : refusals) t.rejected("api during the outage", r);
        assertThat(unexpected).as(() -> "answers other than 2xx or 503 with a reason; the hub logged these errors: " + errorsLogged).isEmpty();
        assertThat(wrongRef).as("2xx answers naming a request that is not stored").isZero();
        assertThat(apiRequests).isEqualTo(posts.get());

        // outbox: every mail row sent, and received exactly once
        Map<String, Integer> rows = new HashMap<>();
        for (String row : sql.strings("SELECT recipient || ' | ' || subject FROM outbox WHERE channel = 'mail'")) rows.merge(row, 1, Integer::sum);
        Map<String, Integer> received = new HashMap<>();
        for (MimeMessage m : hub.mail.getReceivedMessages()) {
            received.merge(m.getRecipients(Message.RecipientType.TO)[0].toString() + " | " + m.getSubject(), 1, Integer::sum);
        }
        Map<String, Integer> twice = new HashMap<>();
        Map<String, Integer> missing = new HashMap<>();
        for (var e : received.entrySet()) if (e.getValue() > rows.getOrDefault(e.getKey(), 0)) twice.put(e.getKey(), e.getValue());
        for (var e : rows.entrySet()) if (e.getValue() > received.getOrDefault(e.getKey(), 0)) missing.put(e.getKey(), e.getValue());
        t.duplicated(twice.values().stream().mapToInt(n -> n - 1).sum());
        assertThat(twice).as("mails received more often than the outbox holds them").isEmpty();
        assertThat(missing).as("outbox mails never received").isEmpty();
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'")).isZero();
        for (int i = 0; i < storedRefs.size() + fileRequests; i++) t.accepted("");

        // the audit chain, appended to across the outage, verifies
        try (Connection c = database.dataSource().getConnection()) {
            AuditTrail.VerifyResult chain = new AuditTrail(AUDIT_KEY.getBytes(StandardCharsets.UTF_8), new AuditRowStore()).verify(c);
            assertThat(chain.ok()).as(chain.message()).isTrue();
        }

        // intake paused from the last thing stored before the stop to the first after the restart
        List<Instant> times = new ArrayList<>(stored);
        times.sort(null);
        Instant lastBefore = times.stream().filter(i -> !i.isAfter(stopped)).reduce((a, b) -> b).orElse(stopAt);
        Instant firstAfter = times.stream().filter(i -> i.isAfter(stopped)).findFirst().orElseThrow();
        System.out.printf("[hardening]     PostgreSQL down %.1f s; intake paused %.1f s (nothing stored), resumed %.1f s after PostgreSQL was back; "
                        + "health DOWN %.1f s into the outage (answered in %d ms), UP %.1f s after the restart (in %d ms)%n",
                secs(stopAt, restarted), secs(lastBefore, firstAfter), secs(restarted, firstAfter),
                secs(stopAt, healthDown.at), healthDown.tookMs, secs(restarted, healthUp.at), healthUp.tookMs);
        System.out.printf("[hardening]     files dropped=%d (during the outage %d) -> requests=%d, failed/=%d; api posts=%d, answers %s, "
                        + "longest API answer %d ms; outbox mails=%d sent once each; Quartz sla-sweep fired %.1f s after the restart; "
                        + "pool: same instance, %d connections%n",
                filesDropped.get(), filesDroppedDuringOutage.get(), fileRequests, failed, posts.get(), new TreeMap<>(answers),
                longestAnswerMs.get(), rows.values().stream().mapToInt(Integer::intValue).sum(), secs(restarted, sweptAgain),
                pool.getHikariPoolMXBean().getTotalConnections());
        t.report();
    }

    // --- load generators (run on the scheduler; an exception would silently cancel the task, so none escapes)

    private void dropFile() {
        if (!submitting.get()) return;
        try {
            int n = filesDropped.get();
            String name = "outage-" + n + ".json";
            Path tmp = hub.inbox().resolve(name + ".tmp");
            Files.writeString(tmp, request("CUST-OUTF-" + n, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
            Files.move(tmp, hub.inbox().resolve(name));
            filesDropped.incrementAndGet();
            if (down) filesDroppedDuringOutage.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            unexpected.add("dropping a file: " + e);
        }
    }

    private void post() {
        Post p = retries.poll();
        if (p != null && p.retryAt().isAfter(Instant.now())) {
            retries.add(p);
            p = null;
        }
        if (p == null) {
            if (!submitting.get()) return;
            int n = posts.getAndIncrement();
            p = new Post("outage-api-" + n,
                    request("CUST-OUTA-" + n, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null)
                            .getBytes(StandardCharsets.UTF_8), Instant.now());
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort + "/api/requests"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("Idempotency-Key", p.key())
                    .header("Authorization", "Bearer " + hub.operatorKey())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(p.doc())).build(), HttpResponse.BodyHandlers.ofString());
            longestAnswerMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
            int status = r.statusCode();
            answers.merge(String.valueOf(status), 1, Integer::sum);
            if (status == 200 || status == 201) {
                storedRefs.put(p.key(), JSON.readTree(r.body()).path("reference").asText());
                stored.add(Instant.now());
            } else if (status == 503) {
                String reason = JSON.readTree(r.body()).path("detail").asText();
                var retryAfter = r.headers().firstValue("Retry-After");
                if (reason.isBlank() || retryAfter.isEmpty()) unexpected.add("503 without reason or Retry-After: " + r.body());
                refusals.add(reason);
                retries.add(new Post(p.key(), p.doc(), Instant.now().plusSeconds(Long.parseLong(retryAfter.orElse("1")))));
            } else {
                // the whole answer (a problem document names the log record of a 500), so a failure in CI says what it was
                unexpected.add(status + " " + r.headers().firstValue("Content-Type").orElse("(no content type)") + " " + r.body());
                retries.add(p);
            }
        } catch (IOException | RuntimeException e) {
            unexpected.add("posting " + p.key() + ": " + e);
            retries.add(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final AtomicLong doneSeen = new AtomicLong();

    /** Notes when files reach done/, the moment the file channel stored them. */
    private void watchDone() {
        try {
            long n = count(hub.home.resolve("done"));
            for (long i = doneSeen.getAndSet(n); i < n; i++) stored.add(Instant.now());
        } catch (IOException | RuntimeException e) {
            unexpected.add("watching done/: " + e);
        }
    }

    // --- health

    /** When health first answered the expected status, with its body and how long it took to answer. */
    static final class HealthSeen {
        volatile Instant at;
        volatile JsonNode body;
        volatile long tookMs;

        void probe(DatabaseOutageTest test, int expected) throws Exception {
            long t0 = System.nanoTime();
            HttpResponse<String> r = test.health();
            if (r.statusCode() != expected) return;
            tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            body = JSON.readTree(r.body());
            at = Instant.now();
        }
    }

    HttpResponse<String> health() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort + "/api/health")).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + hub.operatorKey()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        }
    }

    private static double secs(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
