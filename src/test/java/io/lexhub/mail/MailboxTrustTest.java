package io.lexhub.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.support.ChildHub;
import io.lexhub.support.Cli;
import io.lexhub.support.Dovecot;
import io.lexhub.support.RunsAlone;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMAPS to a server whose certificate the JVM does not trust (Dovecot's self-signed one): the
 * failure is on health and in the log once, not a stack trace on every poll; a trust store that
 * cannot be used stops the hub at start with the reason.
 */
@RunsAlone
class MailboxTrustTest {

    /** ChildHub's audit key. */
    static final String KEY = "crash-test-key-for-the-audit-chain-0123";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @AfterEach
    void clearCliSettings() {
        Stream.of("lexhub.home", "lexhub.audit.hmac-key").forEach(System::clearProperty);
    }

    @Test
    void anUntrustedCertificateIsShownOnHealthAndLoggedOnce() throws Exception {
        Dovecot.start();
        Path home = Files.createDirectories(tmp.resolve("home"));
        ChildHub hub = ChildHub.start(home, "hub", settings(Dovecot.settings(200)));
        try {
            await().atMost(Duration.ofSeconds(120)).until(hub::up);
            System.setProperty("lexhub.home", home.toString());
            System.setProperty("lexhub.audit.hmac-key", KEY);
            String key = Cli.issueKey("ops", "metrics");

            await().atMost(Duration.ofSeconds(20)).until(() -> health(hub, key).path("intake").path("mail").path("mailbox").asText().equals("FAILING"));
            JsonNode health = health(hub, key);
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.path("intake").path("mail").path("problem").asText()).contains("PKIX path building failed");
            assertThat(health.path("intake").path("mail").path("since").asText()).isNotEmpty();

            // twenty more polls: one log record of the problem, no stack trace
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(15))
                    .until(() -> Files.readAllLines(home.resolve("hub.log")).stream().filter(l -> l.contains("mailbox not reached")).count() == 1);
            List<String> log = Files.readAllLines(home.resolve("hub.log"));
            assertThat(log.stream().filter(l -> l.contains("SSLHandshakeException") && l.startsWith("\tat "))).isEmpty();
            assertThat(log.stream().filter(l -> l.startsWith("\tat "))).isEmpty();
        } finally {
            hub.stop();
        }
    }

    @Test
    void aTrustStoreThatCannotBeReadStopsTheHubWithTheReason() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("bad"));
        Path notACertificate = Files.writeString(tmp.resolve("mail-ca.pem"), "not a certificate");
        List<String> s = new ArrayList<>(List.of(settings(Dovecot.settings(200))));
        s.add("lexhub.mail.imap.trust-store=" + notACertificate);
        ChildHub hub = ChildHub.start(home, "hub", s.toArray(String[]::new));
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> !hub.alive());
            assertThat(Files.readString(home.resolve("hub.log"))).contains("lexhub.mail.imap.trust-store " + notACertificate + " cannot be used");
        } finally {
            hub.stop();
        }
    }

    private static String[] settings(java.util.Map<String, String> s) {
        return s.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static JsonNode health(ChildHub hub, String key) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/api/health"))
                .header("Authorization", "Bearer " + key).build();
        return new ObjectMapper().readTree(HTTP.send(get, HttpResponse.BodyHandlers.ofString()).body());
    }
}
