package io.lexhub.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outside of a hub under test: its own home folder (so its own H2 database, copied in already
 * migrated: {@link MigratedDatabase}), a free HTTP port and a real SMTP server (GreenMail).
 * Settings reach camel-main as system properties, which override config/application.properties
 * just as -D does in production.
 */
public final class TestHub implements AutoCloseable {

    public final Path home;
    public final int httpPort;
    public final GreenMail mail;
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.Map<String, String> keys = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile ApiContract contract;

    private TestHub(Path home, int httpPort, GreenMail mail) {
        this.home = home;
        this.httpPort = httpPort;
        this.mail = mail;
    }

    /** Prepares a hub's surroundings; call from a static initialiser, before Camel starts. */
    public static TestHub prepare(String name) {
        TestHub hub = prepareWithoutMail(name);
        hub.mail.start();
        return hub;
    }

    /** As {@link #prepare} but the SMTP server is not started yet: sending fails until it is. */
    public static TestHub prepareWithoutMail(String name) {
        try {
            Path home = Files.createTempDirectory("lexhub-" + name + "-");
            MigratedDatabase.copyInto(home);
            int smtpPort = freePort();
            GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            TestHub hub = new TestHub(home, freePort(), mail);
            System.setProperty("lexhub.home", home.toString());
            System.setProperty("lexhub.http.port", String.valueOf(hub.httpPort));
            System.setProperty("lexhub.smtp.enabled", "true");
            System.setProperty("lexhub.smtp.host", "127.0.0.1");
            System.setProperty("lexhub.smtp.port", String.valueOf(smtpPort));
            System.setProperty("lexhub.outbox.poll-ms", "200");
            System.setProperty("lexhub.outbox.retry-base-ms", "300");
            System.setProperty("lexhub.intake.file.poll-ms", "200");
            System.setProperty("lexhub.drop.min-age-ms", "200");
            System.setProperty("lexhub.quarantine.replay-poll-ms", "200");
            System.setProperty("lexhub.audit.hmac-key", "test-key-for-the-audit-chain-0123456789");
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port free now that no other call in this build hands out: each test JVM (surefire's fork
     * number, lexhub.test.fork) draws from a block of its own, one port after another, below the
     * kernel's ephemeral range. The kernel's own choice (a socket bound to port 0, then closed) could
     * hand the same port to another fork, or twice to one JVM, before its first taker bound it: a
     * test's mail server once held its hub's HTTP port.
     */
    public static int freePort() throws IOException {
        for (int tries = 0; tries < PORTS_PER_FORK; tries++) {
            int port = PORT_BLOCK + Math.floorMod(NEXT_PORT.getAndIncrement(), PORTS_PER_FORK);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // held by another process, or still in TIME_WAIT: the next one
            }
        }
        throw new IOException("no free port in " + PORT_BLOCK + ".." + (PORT_BLOCK + PORTS_PER_FORK - 1));
    }

    private static final int PORTS_PER_FORK = 2000;
    /** Forks 1 to 10 (surefire numbers them from 1; 0 outside Maven) take 10000 to 31999, below Linux's ephemeral 32768. */
    private static final int PORT_BLOCK = 10_000 + Math.floorMod(Integer.getInteger("lexhub.test.fork", 0) - 1, 11) * PORTS_PER_FORK;
    /** A random start: the next execution's JVMs seldom meet ports the last one left in TIME_WAIT. */
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(ThreadLocalRandom.current().nextInt(PORTS_PER_FORK));

    /**
     * From now on every answer this hub gives the test (get, post, anonymous) is checked against its own
     * /api/openapi.json ({@link ApiContract}): call once the hub runs. Returns the contract.
     */
    public ApiContract checkAnswersAgainstTheApiContract() {
        if (contract == null) contract = ApiContract.of(this);
        return contract;
    }

    private HttpResponse<String> checked(HttpResponse<String> r) {
        ApiContract c = contract;
        return c == null ? r : c.check(r);
    }

    public Path inbox() {
        return home.resolve("inbox");
    }

    /** GET as the test's operator (a key with every scope but approver), unless the headers carry an Authorization of their own. */
    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        return checked(http.send(withCredential(b, headers).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** POST as the test's operator, unless the headers carry an Authorization of their own. */
    public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return checked(http.send(withCredential(b, headers).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A request with exactly these headers and no credential: what an outsider sends. */
    public HttpResponse<String> anonymous(String method, String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (headers.length > 0) b.headers(headers);
        return checked(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * A key for {@code owner} with these scopes, issued once per owner and scopes through the
     * operator's own command ({@code lexhub key issue}) against this hub's database.
     */
    public String key(String owner, String... scopes) {
        return keys.computeIfAbsent(owner + "|" + String.join(",", scopes), k -> Cli.issueKey(owner, scopes));
    }

    /** The test's operator key: every scope but approver (approvers act with keys of their own). */
    public String operatorKey() {
        return key("test-operator", "intake", "usage", "billing", "desk", "audit", "admin", "metrics");
    }

    private HttpRequest.Builder withCredential(HttpRequest.Builder b, String... headers) {
        boolean own = false;
        for (int i = 0; i < headers.length; i += 2) own |= headers[i].equalsIgnoreCase("Authorization");
        if (headers.length > 0) b.headers(headers);
        if (!own) b.header("Authorization", "Bearer " + operatorKey());
        return b;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The first mail about a request to this address whose subject contains {@code subject}, waiting up to 20 s for it. */
    public jakarta.mail.internet.MimeMessage awaitMail(String ref, String to, String subject) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> findMail(ref, to, subject).isPresent());
        return findMail(ref, to, subject).orElseThrow();
    }

    private java.util.Optional<jakarta.mail.internet.MimeMessage> findMail(String ref, String to, String subject) {
        return java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains("[" + ref + "]") && m.getSubject().contains(subject)
                        && java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(to));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).findFirst();
    }

    /** A plain-text mail's body with \n line ends. */
    public static String text(jakarta.mail.internet.MimeMessage m) throws Exception {
        return ((String) m.getContent()).replace("\r\n", "\n");
    }

    /** The URL after "label:" in a mail's text, e.g. the "Approve:" decision link. */
    public static String link(String text, String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(label + ":\\s+(http\\S+)").matcher(text);
        if (!m.find()) throw new AssertionError("no " + label + " link in:\n" + text);
        return m.group(1);
    }

    @Override
    public void close() {
        mail.stop();
    }
}
