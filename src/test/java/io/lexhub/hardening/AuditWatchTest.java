package io.lexhub.hardening;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.lexhub.support.ChildHub;
import io.lexhub.support.Cli;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hub checks its own audit trail. A clean hub stays UP while its checks run; a hub started on a
 * trail whose waiver row (granted terms, end date) and one audit event were edited with SQL shows
 * DEGRADED with the first broken link and the rows on /api/health (the open readiness probe says
 * nothing more than UP), logs the break once as an ERROR, and mails the audit owner once, however
 * often its schedule finds the same break again.
 */
class AuditWatchTest {

    static final String KEY = "crash-test-key-for-the-audit-chain-0123";   // ChildHub's
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    GreenMail smtp;

    @AfterEach
    void stop() {
        if (smtp != null) smtp.stop();
        System.clearProperty("lexhub.home");
        System.clearProperty("lexhub.audit.hmac-key");
    }

    @Test
    void aTamperedTrailIsDegradedLoggedOnceAndMailedOnce() throws Exception {
        Path home = Files.createTempDirectory("lexhub-watch-");
        int smtpPort = TestHub.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String[] settings = {"lexhub.smtp.enabled=true", "lexhub.smtp.host=127.0.0.1", "lexhub.smtp.port=" + smtpPort,
                "lexhub.outbox.poll-ms=200", "lexhub.audit.verify-ms=300"};

        ChildHub clean = ChildHub.start(home, "clean", settings);
        await().atMost(Duration.ofSeconds(90)).until(clean::up);
        System.setProperty("lexhub.home", home.toString());
        System.setProperty("lexhub.audit.hmac-key", KEY);
        String key = Cli.issueKey("monitoring", "metrics");
        // a fast-track request through the drop folder: auto-approved into an ACTIVE waiver
        LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(5);
        Files.writeString(home.resolve("inbox").resolve("watch.json"),
                request("CUST-AW-1", "TEMPORARY_ACCESS", "\"seats\": 40", start.toString(), 30, 2400, "INTERNAL", null));
        Sql sql = ChildHub.database(home);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM waivers WHERE state = 'ACTIVE'") == 1);
        String ref = sql.strings("SELECT request_ref FROM waivers").get(0);
        long events = sql.count("SELECT COUNT(*) FROM audit_events");
        // the clean hub's schedule verifies the new events and stays UP
        JsonNode up = await().atMost(Duration.ofSeconds(30)).until(() -> health(clean, key),
                h -> h.path("audit").path("verifiedThrough").asLong() >= events && "MATCH".equals(h.path("audit").path("rows").asText()));
        assertThat(up.path("status").asText()).as(up.toString()).isEqualTo("UP");
        assertThat(up.path("audit").path("chain").asText()).isEqualTo("INTACT");
        clean.stop();

        // behind the hub's back: a 30 % discount until 2029 on the waiver, and an edited audit event
        sql.update("UPDATE waivers SET granted = '{\"discountPercent\":30}', end_date = DATE '2029-12-31' WHERE request_ref = ?", ref);
        sql.update("UPDATE audit_events SET payload = '{\"edited\":true}' WHERE seq = 3");

        ChildHub hub = ChildHub.start(home, "tampered", settings);
        await().atMost(Duration.ofSeconds(90)).until(hub::up);
        JsonNode degraded = await().atMost(Duration.ofSeconds(60)).until(() -> health(hub, key),
                // the chain and the rows are checked on their own schedules: wait for both verdicts
                h -> "DEGRADED".equals(h.path("status").asText()) && "BROKEN".equals(h.path("audit").path("rows").asText())
                        && "BROKEN".equals(h.path("audit").path("chain").asText()));
        assertThat(degraded.path("audit").path("chain").asText()).isEqualTo("BROKEN");
        assertThat(degraded.path("audit").path("firstBrokenLink").asText()).startsWith("BROKEN at event 3:").contains("the row was edited");
        assertThat(degraded.path("audit").path("rowProblems").asText()).contains("waivers request_ref=" + ref)
                .contains("granted").contains("end_date").contains("2029-12-31");
        assertThat(get(hub, "/api/health", key).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(hub, "/api/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));

        // the audit owner (approvers.yaml, role audit) is told
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts().length >= 1);
        Instant mailed = Instant.now();
        // further checks find the same break: once they have run and the outbox is empty, still one mail
        await().atMost(Duration.ofSeconds(30)).until(() -> health(hub, key),
                h -> Instant.parse(h.path("audit").path("chainCheckedAt").asText()).isAfter(mailed.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'audit-alert:%' AND status <> 'SENT'") == 0);
        assertThat(alerts()).hasSize(1);
        assertThat(alerts()[0].getAllRecipients()[0].toString()).isEqualTo("olga.nilsen@meridian-software.example");
        String body = TestHub.text(alerts()[0]);
        assertThat(body).contains("BROKEN at event 3").contains("waivers request_ref=" + ref);
        hub.stop();
        long errors = Files.readAllLines(home.resolve("tampered.log")).stream()
                .filter(l -> l.contains(" ERROR ") && l.contains("the audit trail is BROKEN")).count();
        assertThat(errors).isEqualTo(1);
        assertThat(Files.readAllLines(home.resolve("clean.log"))).noneMatch(l -> l.contains("the audit trail is BROKEN"));
    }

    private jakarta.mail.internet.MimeMessage[] alerts() {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains("the audit trail is BROKEN");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toArray(jakarta.mail.internet.MimeMessage[]::new);
    }

    private static JsonNode health(ChildHub hub, String key) throws Exception {
        return JSON.readTree(get(hub, "/api/health", key).body());
    }

    private static HttpResponse<String> get(ChildHub hub, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path)).timeout(Duration.ofSeconds(20));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
