package io.lexhub.cluster;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.lexhub.support.Cli;
import io.lexhub.support.HubMailbox;
import io.lexhub.support.RunsAlone;
import io.lexhub.support.Tally;
import io.lexhub.support.TestHub;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart under load: two hubs, each its own JVM started through the hub's own main
 * ({@link Node#startHub}), share one embedded PostgreSQL, one drop folder, one IMAP mailbox
 * (GreenMail) and GreenMail's SMTP server. While files are dropped, mails arrive and API clients
 * post requests through a load balancer (each post with its Idempotency-Key, to the node whose turn
 * it is; a refused connection or a 503 with Retry-After goes to the other node), node A is stopped
 * with SIGTERM, started again and awaited until ready, then node B the same way.
 *
 * <p>Afterwards: every file is one request (in done/ once, nothing in failed/, no lock left),
 * every mail one request and one ledger row, marked seen; every Idempotency-Key one request, under
 * the reference its 2xx answer named; every API answer was 2xx or 503 with Retry-After (a refused
 * connection while a node is down is fine; a 500, a 404 or a request that hangs is not); a
 * connection reset before the answer (one still in the listen backlog when a stopping node closes
 * its port: the kernel resets it, whatever the server does) is retried with the same key, as a
 * client does, and the first 2xx of every key must then be 201: a 200 would say an earlier attempt
 * was stored and its answer lost; every outbox mail reached GreenMail exactly once; the audit chain verifies; and
 * each node exited on SIGTERM with Camel's graceful-shutdown line and no forced shutdown. Figures
 * are printed, nothing is timed.
 */
@RunsAlone
class RollingRestartTest {

    static final String CLIENT_KEY_OWNER = "rolling-client";
    static final Pattern REFERENCE = Pattern.compile("\"reference\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern RETRY_AFTER = Pattern.compile("(?im)^Retry-After:\\s*(\\d+)");

    /** A post with its Idempotency-Key; the node the load balancer sends it to next, and not before retryAt. */
    record Post(String key, byte[] doc, int node, Instant firstTry, Instant retryAt) {}

    /** What one node's stop and start looked like. */
    record Roll(String node, long stopMs, int exitCode, long startMs, String shutdownLine) {}

    final AtomicBoolean submitting = new AtomicBoolean(true);
    final AtomicInteger filesDropped = new AtomicInteger();
    final AtomicInteger mailsDelivered = new AtomicInteger();
    final AtomicInteger posts = new AtomicInteger();
    final AtomicInteger turn = new AtomicInteger();
    final Queue<Post> retries = new ConcurrentLinkedQueue<>();
    final Map<String, String> storedRefs = new ConcurrentHashMap<>();
    final Map<String, Integer> answers = new ConcurrentHashMap<>();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    final List<Instant> stored = new CopyOnWriteArrayList<>();
    final AtomicLong longestWaitMs = new AtomicLong();
    int[] ports;
    String clientKey;
    Path inbox;
    Path staging;
    GreenMailUser hubBox;
    final Session session = Session.getInstance(new Properties());

    @Test
    void stoppingAndStartingEachNodeInTurnUnderLoadLosesAndDuplicatesNothing() throws Exception {
        GreenMail mail = new TwoNodeIntakeTest.NoDelayGreenMail(new ServerSetup[] {
            new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
        try (Cluster cluster = Cluster.start()) {
            hubBox = HubMailbox.create(mail);
            Path drop = cluster.dir.resolve("drop");
            inbox = drop.resolve("inbox");
            staging = Files.createDirectories(cluster.dir.resolve("staging"));
            Map<String, String> settings = new LinkedHashMap<>();
            // the shared drop folder and mailbox, set up as in TwoNodeIntakeTest (mail only marked seen)
            settings.put("lexhub.intake.file.dir", drop.toString());
            settings.put("lexhub.intake.file.poll-ms", "200");
            settings.put("lexhub.config.dir", TwoNodeIntakeTest.configWithout(cluster.dir,
                    "lexhub.mail.imap.processed-folder", "lexhub.mail.imap.quarantine-folder").toString());
            settings.putAll(HubMailbox.settings(mail, 300));
            settings.put("lexhub.outbox.poll-ms", "200");
            settings.put("lexhub.outbox.retry-base-ms", "300");
            // the production logging (the test class path's logback-test.xml hides Camel's INFO lines, the shutdown among them)
            settings.put("logback.configurationFile", Path.of("target", "classes", "logback.xml").toAbsolutePath().toString());
            Node a = cluster.hub("node-a", settings);
            Node b = cluster.hub("node-b", settings);
            ports = new int[] {a.port, b.port};
            awaitReady(cluster, a);
            awaitReady(cluster, b);
            clientKey = issueClientKey(cluster);
            long shutdownTimeout = shutdownTimeoutSeconds();

            load.scheduleWithFixedDelay(this::dropFile, 0, 250, TimeUnit.MILLISECONDS);
            load.scheduleWithFixedDelay(this::deliverMail, 0, 500, TimeUnit.MILLISECONDS);
            load.scheduleWithFixedDelay(this::post, 0, 200, TimeUnit.MILLISECONDS);
            load.scheduleWithFixedDelay(this::post, 100, 200, TimeUnit.MILLISECONDS);
            awaitProgress(cluster, 15);

            // the rolling restart: A, then B, each started again and ready before the next one stops
            List<Roll> rolls = new ArrayList<>();
            for (Node n : List.of(a, b)) {
                Instant stopAt = Instant.now();
                boolean exited = n.terminate(Duration.ofSeconds(shutdownTimeout + 30));
                long stopMs = Duration.between(stopAt, Instant.now()).toMillis();
                assertThat(exited).as(n.name + " exits on SIGTERM, see " + n.log).isTrue();
                // Camel's lines: the hook "triggered by SIGTERM", then "(lexhub) shutdown in 1s900ms"; a forced one warns "Timeout occurred"
                assertThat(n.logLines("JVM shutdown hook triggered by SIGTERM")).as(n.name + ": SIGTERM seen, see " + n.log).isNotEmpty();
                List<String> graceful = n.logLines(") shutdown in ");
                assertThat(graceful).as(n.name + ": Camel's graceful-shutdown line, see " + n.log).isNotEmpty();
                assertThat(n.logLines("Timeout occurred during graceful shutdown")).as(n.name + ": shutdown not forced").isEmpty();
                Instant startAt = Instant.now();
                Node again = cluster.restart(n);
                awaitReady(cluster, again);
                rolls.add(new Roll(n.name, stopMs, n.process.exitValue(), Duration.between(startAt, Instant.now()).toMillis(),
                        graceful.get(0).replaceFirst("^.*\\) (shutdown in )", "$1")));
                awaitProgress(cluster, 10);
            }

            // the load stops; the clients finish their retries and the nodes what was handed to them
            submitting.set(false);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> retries.isEmpty() && storedRefs.size() == posts.get());
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(TwoNodeIntakeTest.list(inbox)).isEmpty();
                assertThat(cluster.sql.count("SELECT COUNT(*) FROM mail_messages")).isEqualTo(mailsDelivered.get());
                assertThat(cluster.sql.count("SELECT COUNT(*) FROM outbox WHERE channel = 'mail' AND status <> 'SENT'")).isZero();
            });

            report(cluster, mail, drop, rolls, shutdownTimeout);
        } finally {
            submitting.set(false);
            load.shutdownNow();
            load.awaitTermination(30, TimeUnit.SECONDS);
            mail.stop();
        }
    }

    private void report(Cluster cluster, GreenMail mail, Path drop, List<Roll> rolls, long shutdownTimeout) throws Exception {
        // files: one request each, in done/ once, none in failed/, no lock left
        Tally files = new Tally("rolling restart: drop folder").tried(filesDropped.get());
        long fileRequests = cluster.sql.count("SELECT COUNT(*) FROM requests WHERE source = 'file'");
        long fileCustomers = cluster.sql.count("SELECT COUNT(DISTINCT customer_id) FROM requests WHERE source = 'file'");
        List<String> done = TwoNodeIntakeTest.list(drop.resolve("done")).stream().map(n -> n.substring(TwoNodeIntakeTest.STAMP)).toList();
        Map<String, Long> doneTimes = TwoNodeIntakeTest.counts(done);
        files.lost((int) (filesDropped.get() - fileCustomers)).duplicated((int) (fileRequests - fileCustomers)
                + (int) doneTimes.values().stream().mapToLong(n -> n - 1).sum());
        for (int i = 0; i < fileCustomers; i++) files.accepted("");
        files.report();
        assertThat(doneTimes).hasSize(filesDropped.get());
        assertThat(TwoNodeIntakeTest.list(drop.resolve("failed"))).isEmpty();
        assertThat(TwoNodeIntakeTest.locks(drop)).isEmpty();

        // mails: one request and one ledger row each, every message still in INBOX and marked seen
        Tally mails = new Tally("rolling restart: mailbox").tried(mailsDelivered.get());
        long mailRequests = cluster.sql.count("SELECT COUNT(*) FROM requests WHERE source = 'mail'");
        long mailIds = cluster.sql.count("SELECT COUNT(DISTINCT external_id) FROM requests WHERE source = 'mail'");
        List<StoredMessage> inboxMail = TwoNodeIntakeTest.folder(mail, hubBox, "INBOX");
        long seen = inboxMail.stream().filter(m -> m.getFlags().contains(Flags.Flag.SEEN)).count();
        mails.lost((int) (mailsDelivered.get() - mailIds)).duplicated((int) (mailRequests - mailIds));
        for (int i = 0; i < mailIds; i++) mails.accepted("");
        mails.report();
        assertThat(cluster.sql.count("SELECT COUNT(*) FROM mail_messages")).isEqualTo(mailsDelivered.get());
        assertThat(seen).isEqualTo(mailsDelivered.get());

        // API: each key one request, under the reference its 2xx named; only 2xx and 503 with Retry-After answered
        Tally api = new Tally("rolling restart: API").tried(posts.get());
        long apiRequests = cluster.sql.count("SELECT COUNT(*) FROM requests WHERE source = 'api'");
        int wrongRef = 0;
        for (var e : storedRefs.entrySet()) {
            List<String> refs = cluster.sql.strings("SELECT reference FROM requests WHERE source = 'api' AND external_id = ?", "client:" + e.getKey());
            if (refs.size() != 1 || !refs.get(0).equals(e.getValue())) wrongRef++;
        }
        api.lost(posts.get() - storedRefs.size() + wrongRef).duplicated((int) (apiRequests - storedRefs.size()));
        answers.forEach((status, n) -> {
            if (status.endsWith(" 503")) for (int i = 0; i < n; i++) api.rejected("api while a node stopped or started", "503 with Retry-After, retried on the other node");
        });
        for (int i = 0; i < storedRefs.size(); i++) api.accepted("");
        api.report();
        assertThat(unexpected).as("answers other than 2xx, 503 with Retry-After, a refused or reset connection; a first 2xx other than 201").isEmpty();
        assertThat(wrongRef).as("2xx answers naming a request that is not stored under that key").isZero();
        assertThat(apiRequests).isEqualTo(posts.get());

        // outbox: every mail row reached GreenMail exactly once
        Map<String, Long> rows = TwoNodeIntakeTest.counts(cluster.sql.strings("SELECT recipient || ' | ' || subject FROM outbox WHERE channel = 'mail'"));
        Map<String, Long> received = TwoNodeIntakeTest.counts(TwoNodeIntakeTest.hubMail(mail));
        long lostMail = rows.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - received.getOrDefault(e.getKey(), 0L))).sum();
        long twice = received.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - rows.getOrDefault(e.getKey(), 0L))).sum();
        long mailRows = rows.values().stream().mapToLong(Long::longValue).sum();

        // the audit chain, written by both nodes across four stops and starts, verifies
        Cli.Run verify = TwoNodeIntakeTest.auditVerify(cluster);

        List<Instant> times = new ArrayList<>(stored);
        times.sort(null);
        long longestGapMs = 0;
        for (int i = 1; i < times.size(); i++) longestGapMs = Math.max(longestGapMs, Duration.between(times.get(i - 1), times.get(i)).toMillis());
        System.out.printf("[hardening]     inputs: files=%d mails=%d api posts=%d -> requests file=%d mail=%d api=%d; API answers %s%n",
                filesDropped.get(), mailsDelivered.get(), posts.get(), fileRequests, mailRequests, apiRequests, new TreeMap<>(answers));
        for (Roll r : rolls) {
            System.out.printf("[hardening]     %s: SIGTERM -> exit %d in %.1f s (shutdown timeout %d s; \"%s\"), started again and ready in %.1f s%n",
                    r.node(), r.exitCode(), r.stopMs() / 1000.0, shutdownTimeout, r.shutdownLine(), r.startMs() / 1000.0);
        }
        System.out.printf("[hardening]     longest pause between two stored API posts %.1f s; longest a post waited for its 2xx (retries included) %.1f s; "
                + "outbox mails=%d, received by GreenMail: lost %d, twice %d; audit verify: %s%n", longestGapMs / 1000.0,
                longestWaitMs.get() / 1000.0, mailRows, lostMail, twice, verify.out().strip());
        assertThat(lostMail).as("outbox mails never received").isZero();
        assertThat(twice).as("outbox mails received twice").isZero();
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("chain intact");
    }

    // --- the load (run on the scheduler: an exception would silently cancel the task, so none escapes)

    private void dropFile() {
        if (!submitting.get()) return;
        try {
            int n = filesDropped.get();
            String name = "rr-file-" + n + ".json";
            Path tmp = staging.resolve(name);
            Files.writeString(tmp, doc("CUST-RRF-" + n));
            // a whole file appears at once, as a well-behaved sender delivers it
            Files.move(tmp, inbox.resolve(name));
            filesDropped.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            unexpected.add("dropping a file: " + e);
        }
    }

    private void deliverMail() {
        if (!submitting.get()) return;
        try {
            hubBox.deliver(TwoNodeIntakeTest.mail(session, mailsDelivered.get()));
            mailsDelivered.incrementAndGet();
        } catch (Exception e) {
            unexpected.add("delivering a mail: " + e);
        }
    }

    /**
     * One post as a load balancer forwards it: to the node whose turn it is, and after a refused
     * connection or a 503 at once to the other; when both refuse, again after Retry-After.
     */
    private void post() {
        Post p = retries.poll();
        if (p != null && p.retryAt().isAfter(Instant.now())) {
            retries.add(p);
            p = null;
        }
        if (p == null) {
            if (!submitting.get()) return;
            int n = posts.getAndIncrement();
            p = new Post("rr-api-" + n, doc("CUST-RRA-" + n).getBytes(StandardCharsets.UTF_8), turn.getAndIncrement() % 2, Instant.now(), Instant.now());
        }
        long waitSeconds = 1;
        for (int i = 0; i < 2; i++) {
            int node = (p.node() + i) % 2;
            Answer answer = send(node, p);
            if (answer.status >= 200 && answer.status < 300) {
                // the first 2xx of a key: 200 ("a repeat") would mean an earlier attempt was stored but never answered
                if (answer.status != 201) unexpected.add(p.key() + ": first 2xx was " + answer.status + ", an earlier attempt was stored unanswered: " + answer.body);
                Matcher m = REFERENCE.matcher(answer.body);
                if (m.find()) storedRefs.put(p.key(), m.group(1));
                else unexpected.add(answer.status + " without a reference: " + answer.body);
                stored.add(Instant.now());
                longestWaitMs.accumulateAndGet(Duration.between(p.firstTry(), Instant.now()).toMillis(), Math::max);
                return;
            }
            if (answer.status == 503) waitSeconds = Math.max(waitSeconds, answer.retryAfter);
            if (answer.status > 0 && answer.status != 503) break;
        }
        retries.add(new Post(p.key(), p.doc(), p.node() + 1, p.firstTry(), Instant.now().plusSeconds(waitSeconds)));
    }

    /** An HTTP answer; status 0 when there was none (the connection was refused, or the request got no answer). */
    record Answer(int status, long retryAfter, String body) {}

    /**
     * POST /api/requests on a connection of its own (Connection: close), so a refused connection is
     * told apart from a request accepted and then left without an answer, and no client retries
     * behind the test's back.
     */
    private Answer send(int node, Post p) {
        String name = node == 0 ? "node-a" : "node-b";
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress("127.0.0.1", ports[node]), 2000);
            } catch (ConnectException e) {
                answers.merge(name + " refused", 1, Integer::sum);
                return new Answer(0, 0, "");
            }
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1:" + ports[node] + "\r\nContent-Type: application/json\r\n"
                    + "Idempotency-Key: " + p.key() + "\r\nAuthorization: Bearer " + clientKey + "\r\nContent-Length: " + p.doc().length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(p.doc());
            out.flush();
            String raw;
            try (InputStream in = s.getInputStream()) {
                raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (raw.isEmpty()) throw new IOException("connection closed without an answer");
            int status = Integer.parseInt(raw.substring(9, 12));
            int headEnd = raw.indexOf("\r\n\r\n");
            String head = raw.substring(0, headEnd < 0 ? raw.length() : headEnd);
            String body = headEnd < 0 ? "" : raw.substring(headEnd + 4);
            Matcher retryAfter = RETRY_AFTER.matcher(head);
            boolean saysWhen = retryAfter.find();
            answers.merge(name + " " + status, 1, Integer::sum);
            if (status == 503 && !saysWhen) unexpected.add(name + ": 503 without Retry-After: " + body);
            else if (status != 503 && (status < 200 || status >= 300)) unexpected.add(name + ": " + head.lines().findFirst().orElse("") + " " + body);
            return new Answer(status, saysWhen ? Long.parseLong(retryAfter.group(1)) : 0, body);
        } catch (java.net.SocketTimeoutException | RuntimeException e) {
            answers.merge(name + " no answer", 1, Integer::sum);
            unexpected.add(name + ": " + p.key() + " accepted and left without an answer: " + e);
            return new Answer(0, 0, "");
        } catch (IOException e) {
            // reset or closed before a whole answer arrived: retried with the same key (checked above)
            answers.merge(name + " reset before an answer", 1, Integer::sum);
            return new Answer(0, 0, "");
        }
    }

    // --- the cluster

    /** A request inside the policy's auto-approval bounds: decided at intake, one mail to the customer. */
    private static String doc(String customer) {
        return request(customer, "TEMPORARY_ACCESS", "\"seats\": 10", "2027-03-01", 14, 1000, "INTERNAL", null);
    }

    /** Until the node answers its readiness probe with 200, as a load balancer waits before sending it traffic. */
    private static void awaitReady(Cluster cluster, Node n) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!n.process.isAlive()) throw new IllegalStateException(n.name + " exited, see " + n.log);
            try {
                return cluster.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port + "/api/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Until {@code more} requests more are stored than now (so each phase runs under load). */
    private void awaitProgress(Cluster cluster, int more) {
        long target = cluster.sql.count("SELECT COUNT(*) FROM requests") + more;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(unexpected).as("unexpected answers so far").isEmpty();
            return cluster.sql.count("SELECT COUNT(*) FROM requests") >= target;
        });
    }

    /** The API client's key (intake scope), issued with `lexhub key issue` against the cluster's database. */
    private static String issueClientKey(Cluster cluster) {
        Map<String, String> props = Map.of("lexhub.db.url", cluster.url, "lexhub.db.user", "postgres", "lexhub.audit.hmac-key", Cluster.AUDIT_KEY);
        props.forEach(System::setProperty);
        try {
            return Cli.issueKey(CLIENT_KEY_OWNER, "intake");
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }

    /** camel.main.shutdown-timeout from config/application.properties: what the nodes run with. */
    private static long shutdownTimeoutSeconds() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            p.load(in);
        }
        return Long.parseLong(p.getProperty("camel.main.shutdown-timeout").trim());
    }
}
