package io.lexhub.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.app.HubConfiguration;
import io.lexhub.support.TestHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real hub's HTTP server, spoken to over raw sockets (Java's HttpClient normalises paths and
 * finishes what it starts): paths a server would normalise into another route are refused before
 * routing, HTTP/2 over cleartext is not spoken, a request that stalls or drips is cut off, idle and
 * surplus connections are closed. Small limits here; never a measured time.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpServerHardeningTest {

    static final Map<String, String> LIMITS = Map.of(
            "lexhub.http.request-timeout-seconds", "2",
            "lexhub.http.idle-timeout-seconds", "5",
            "lexhub.http.max-connections", "8");
    static final Duration GENEROUS = Duration.ofSeconds(60);

    final TestHub hub = prepare();

    static TestHub prepare() {
        LIMITS.forEach(System::setProperty);
        return TestHub.prepareWithoutMail(HttpServerHardeningTest.class.getSimpleName());
    }

    @AfterAll
    void clearLimits() {
        LIMITS.keySet().forEach(System::clearProperty);
        hub.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/requests/%2e%2e/health", "/api/requests/%2E%2e/health", "/api/requests/.%2e/health",
            "/api/requests/%2e./health", "/api/requests/%2e/health", "/api/requests/EXC%2f..%2fhealth", "/api/requests/x%2F%2E%2E",
            "/api/requests/../health", "/api/./health", "/api/requests/..", "/api/requests/%5c..%5chealth", "/api/requests/%252e%2e/health"})
    void aPathWithDotSegmentsOrEncodedSeparatorsIsRefusedBeforeRouting(String path) throws IOException {
        String response = exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(statusLine(response)).as(path).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(response).contains("dot segment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/health", "/api/health?probe=%2e%2e%2f", "/api/requests/EXC-2026-999999", "/api/requests/EXC-2026-999999/review"})
    void aNormalPathIsRoutedAsBefore(String path) throws IOException {
        String response = exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(statusLine(response)).as(path).startsWith("HTTP/1.1 ").doesNotContain(" 400 ");
        // past the path check, the access gate answers: no key here
        assertThat(statusLine(response)).contains(" 401 ");
    }

    /**
     * The server's body limit is the portal upload's (lexhub.portal.upload.max-request-bytes): every
     * other route is held to lexhub.intake.max-bytes by its declared length before any handler reads
     * the body, and a body of unknown length is refused there; only the ask form's POST may be larger.
     */
    @Test
    void onlyThePortalUploadMayBeLargerThanTheIntakeLimit() throws IOException {
        String large = exchange("POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 524289\r\n"
                + "Connection: close\r\n\r\n{");
        assertThat(large).startsWith("HTTP/1.1 413").contains("larger than 524288 bytes");
        String chunked = exchange("POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n1\r\n{\r\n0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 411");
        // the upload route gets past the check (to the gate, which wants a portal session)
        String upload = exchange("POST /portal/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + "Content-Length: 600000\r\nConnection: close\r\n\r\n" + "x".repeat(600000));
        assertThat(upload).doesNotStartWith("HTTP/1.1 413").doesNotStartWith("HTTP/1.1 411");
        System.out.println("[hardening] a 600,000-byte POST /portal/requests without a session: " + upload.lines().findFirst().orElse(""));
    }

    @Test
    void http2PriorKnowledgeIsNotSpoken() throws IOException {
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] emptySettings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
        byte[] reply = exchange(concat(preface, emptySettings));
        // an HTTP/2 server answers with its own SETTINGS frame: 3 length bytes, then type 4
        boolean settingsFrame = reply.length >= 9 && reply[3] == 4;
        assertThat(settingsFrame).as("reply %s", new String(reply, StandardCharsets.ISO_8859_1)).isFalse();
        // what comes back, if anything, is an HTTP/1 text reply refusing "PRI * HTTP/2.0" (Vert.x says 501)
        if (reply.length > 0) assertThat(new String(reply, StandardCharsets.ISO_8859_1)).startsWith("HTTP/").doesNotContain(" 200 ");
    }

    @Test
    void anH2cUpgradeIsAnsweredWithHttp11() throws IOException {
        String response = exchange("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        assertThat(statusLine(response)).startsWith("HTTP/1.1 ").doesNotContain("101");
        assertThat(response).contains("\"status\"");
    }

    @Test
    void aBodyThatStallsHalfwayIsCutOff() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n" + "{".repeat(500)).getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            await().atMost(GENEROUS).until(() -> closedByServer(s));
        }
    }

    @Test
    void aBodyThatDripsSlowerThanTheRequestTimeoutIsCutOff() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // one byte every 200 ms keeps the connection from ever being idle; only the request timeout ends it
            await().atMost(GENEROUS).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    out.write(' ');
                    out.flush();
                    return closedByServer(s);
                } catch (IOException reset) {
                    return true;
                }
            });
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        try (Socket s = connect()) {
            await().atMost(GENEROUS).until(() -> closedByServer(s));
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAndLaterOnesServedAgain() throws IOException {
        List<Socket> sockets = new ArrayList<>();
        int served = 0;
        int refused = 0;
        try {
            for (int i = 0; i < 12; i++) {
                Socket s = connect();
                sockets.add(s);
                s.getOutputStream().write("GET /api/nothing-here HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                int first = s.getInputStream().read();
                if (first == -1) refused++;
                else served++;
            }
        } finally {
            for (Socket s : sockets) s.close();
        }
        assertThat(served).as("served while the others stayed open").isLessThanOrEqualTo(8);
        assertThat(refused).isGreaterThanOrEqualTo(4);
        await().atMost(GENEROUS).untilAsserted(() ->
                assertThat(statusLine(exchange("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))).startsWith("HTTP/1.1 "));
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", hub.httpPort);
        s.setSoTimeout((int) GENEROUS.toMillis());
        return s;
    }

    /** True once the server has closed its end: a read sees the end of the stream (or a reset). */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(100);
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() == -1) return true;
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String exchange(String request) throws IOException {
        return new String(exchange(request.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
    }

    /** Sends the bytes and reads until the server closes the connection. */
    private byte[] exchange(byte[] request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(reply);
            } catch (IOException reset) {
                // what was read before the reset is the reply
            }
            return reply.toByteArray();
        }
    }

    private static String statusLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
