package io.lexhub.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The outside of a hub under test: its own home folder (so its own H2 database), a free HTTP
 * port and a real SMTP server (GreenMail). Settings reach camel-main as system properties, which
 * override config/application.properties just as -D does in production.
 */
public final class TestHub implements AutoCloseable {

    public final Path home;
    public final int httpPort;
    public final GreenMail mail;
    private final HttpClient http = HttpClient.newHttpClient();

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
            System.setProperty("lexhub.quarantine.replay-poll-ms", "200");
            System.setProperty("lexhub.audit.hmac-key", "test-key-for-the-audit-chain-0123456789");
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public Path inbox() {
        return home.resolve("inbox");
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    @Override
    public void close() {
        mail.stop();
    }
}
