package io.lexhub.ops;

import static io.lexhub.support.Cli.run;
import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Cli.Run;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * `lexhub sweep` on the database of a running hub (real H2, opened beside it): a dry run lists
 * what the sweep would do, now or at a later time, and writes nothing; a real run does it once,
 * through the hub's own sweep code, and the running hub sends the notices it queued; a second
 * run changes nothing; the audit trail still verifies.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepCommandTest {

    static final TestHub HUB = TestHub.prepare("sweep");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    @Test
    void dryRunsWriteNothingAndARealRunRemindsOnceAndTheHubSendsIt() throws Exception {
        Sql sql = new Sql(database);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // fast track, auto-approved: a waiver that ends within the 30-day reminder window
        String ref = submit(request("CUST-SW-1", "TEMPORARY_ACCESS", "\"seats\": 40", today.plusDays(2).toString(), 20, 2400, "INTERNAL", null));
        String end = sql.strings("SELECT CAST(end_date AS VARCHAR(10)) FROM waivers WHERE request_ref = ? AND state = 'ACTIVE'", ref).get(0);
        long events = sql.count("SELECT COUNT(*) FROM audit_events");
        long outbox = sql.count("SELECT COUNT(*) FROM outbox");

        Run now = run("sweep", "expiry", "--dry-run");
        assertThat(now.exit()).as(now.out()).isZero();
        assertThat(now.out()).contains("would record  " + ref + "  waiver.expiry-reminder").contains("reminded=1").contains("nothing was written");

        // what would happen the day after its last day: the sunset
        Run later = run("sweep", "expiry", "--dry-run", "--at", LocalDate.parse(end).plusDays(1).toString());
        assertThat(later.exit()).as(later.out()).isZero();
        assertThat(later.out()).contains("would record  " + ref + "  waiver.expired").contains("expired=1");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events")).isEqualTo(events);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox")).isEqualTo(outbox);
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ref)).containsExactly("ACTIVE");
        assertThat(sql.count("SELECT COUNT(*) FROM waiver_reminders WHERE request_ref = ?", ref)).isZero();

        Run refused = run("sweep", "expiry", "--at", "2030-01-01");
        assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
        assertThat(refused.out()).contains("--at needs --dry-run");

        Run real = run("sweep", "expiry");
        assertThat(real.exit()).as(real.out()).isZero();
        assertThat(real.out()).contains("reminded=1").contains("the running hub sends the notices");
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.expiry-reminder'", ref)).hasSize(1);
        // queued by the command, sent by the hub
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'expiry:%'"
                + " AND status = 'SENT'", ref) >= 1);
        assertThat(Arrays.stream(HUB.mail.getReceivedMessages()).filter(m -> subject(m).contains("[" + ref + "] Your license exception ends on"))
                .filter(m -> recipients(m).contains("contact@cust-sw-1.example"))).hasSize(1);

        Run again = run("sweep", "expiry");
        assertThat(again.exit()).as(again.out()).isZero();
        assertThat(again.out()).contains("reminded=0");
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.expiry-reminder'", ref)).hasSize(1);

        for (String sweep : new String[] {"sla", "review"}) {
            Run dry = run("sweep", sweep, "--dry-run");
            assertThat(dry.exit()).as(dry.out()).isZero();
            assertThat(dry.out()).contains("nothing was written");
        }
        Run verify = run("audit", "verify");
        assertThat(verify.exit()).as(verify.out()).isZero();
    }

    private static String submit(String doc) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).as(r.body()).isEqualTo("APPROVED");
        return body.path("reference").asText();
    }

    private static String subject(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String recipients(jakarta.mail.internet.MimeMessage m) {
        try {
            return Arrays.toString(m.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
