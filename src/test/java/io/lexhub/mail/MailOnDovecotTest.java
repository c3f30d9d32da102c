package io.lexhub.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Dovecot;
import io.lexhub.support.RunsAlone;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mail channel against a real Dovecot over IMAPS with its own self-signed certificate, trusted
 * through lexhub.mail.imap.trust-store: what GreenMail does not show. Dovecot sends raw UTF-8
 * header values in the IMAP ENVELOPE, which Angus Mail cannot parse, and answers NO to a FETCH of
 * a message it cannot read; before the fix such a message was read again on every poll, forever.
 */
@RunsAlone
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailOnDovecotTest {

    static final TestHub HUB;
    static final List<String> PROPS = List.of("lexhub.mail.imap.enabled", "lexhub.mail.imap.protocol", "lexhub.mail.imap.host",
            "lexhub.mail.imap.port", "lexhub.mail.imap.username", "lexhub.mail.imap.password", "lexhub.mail.imap.poll-ms",
            "lexhub.mail.imap.trust-store", "lexhub.mail.imap.max-fetch-tries", "lexhub.mail.customer-domains");
    static final String START = LocalDate.now().plusDays(5).toString();
    static final String END = LocalDate.now().plusDays(25).toString();

    static {
        try {
            Dovecot.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HUB = TestHub.prepare("dovecot");
        Dovecot.settings(300).forEach(System::setProperty);
        System.setProperty("lexhub.mail.imap.trust-store", Dovecot.CERTIFICATE.toString());
        System.setProperty("lexhub.mail.imap.max-fetch-tries", "3");
        System.setProperty("lexhub.mail.customer-domains", "CUST-D1: brightwater.example");
    }

    @BeanInject
    Database database;

    @AfterAll
    void stop() {
        HUB.close();
        PROPS.forEach(System::clearProperty);
    }

    @Test
    void aDisplayNameAndSubjectInRawUtf8AreReadAsUtf8() throws Exception {
        Dovecot.deliver(mail("<utf8-name@test>", "Léna Höffmann <lena@brightwater.example>", "Zusätzliche Plätze", form()));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE external_id = ?", "<utf8-name@test>") == 1);
        String json = sql.strings("SELECT request_json FROM requests WHERE external_id = ?", "<utf8-name@test>").get(0);
        assertThat(new ObjectMapper().readTree(json).path("requester").path("name").asText()).isEqualTo("Léna Höffmann");
        assertThat(json).doesNotContain("Ã");
        await().atMost(Duration.ofSeconds(10)).until(() -> Dovecot.inFolder("lexhub-processed", "<utf8-name@test>")
                && !Dovecot.inFolder("INBOX", "<utf8-name@test>"));
    }

    @Test
    void aLookAlikeSenderInRawUtf8IsQuarantinedOnceNotReadOnEveryPoll() throws Exception {
        // Cyrillic "і" (U+0456) for the Latin "i" of the customer's domain, sent as raw UTF-8
        String id = "<utf8-lookalike@test>";
        Dovecot.deliver(mail(id, "\"Léna Höffmann\" <lena@br\u0456ghtwater.example>", "Extra seats", form()));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> Dovecot.inFolder("lexhub-quarantine", id) && !Dovecot.inFolder("INBOX", id));
        assertThat(sql.strings("SELECT q.reason FROM quarantine q JOIN mail_messages m ON m.quarantine_id = q.id WHERE m.message_id = ?", id))
                .singleElement().asString().startsWith("sender not verified").contains("br\u0456ghtwater.example");
        // ten more polls: the message is not read again
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                .until(() -> sql.count("SELECT COUNT(*) FROM mail_messages WHERE message_id = ?", id) == 1);
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE external_id = ?", id)).isZero();
    }

    @Test
    void aMessageTheServerCannotHandOverIsQuarantinedAfterBoundedTries() throws Exception {
        String id = "<unreadable@test>";
        Dovecot.appendSeen(mail(id, "anna@brightwater.example", "Extra seats", form()));
        // the server lists the message (its index has the headers) but cannot read its file: every FETCH of the body is NO
        Path file = Dovecot.fileOf(id).orElseThrow();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Dovecot.markUnseen(id);
        Sql sql = new Sql(database);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM mail_messages WHERE message_id = ?", id) == 1);
            assertThat(sql.strings("SELECT q.reason FROM quarantine q JOIN mail_messages m ON m.quarantine_id = q.id WHERE m.message_id = ?", id))
                    .singleElement().asString().contains("did not hand the message over in 3 tries");
            await().atMost(Duration.ofSeconds(10)).until(() -> !Dovecot.inFolder("INBOX", id));
            assertThat(health().path("quarantine").path("waiting").asInt()).isPositive();
        } finally {
            Dovecot.makeAllReadable();
        }
    }

    @Test
    void healthShowsTheMailboxIsReachedOverTheOperatorsCertificate() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> health().path("intake").path("mail").has("lastPoll"));
        JsonNode health = health();
        assertThat(health.path("intake").path("mail").path("mailbox").asText()).isEqualTo("UP");
        assertThat(health.path("status").asText()).isEqualTo("UP");
    }

    private JsonNode health() throws Exception {
        return new ObjectMapper().readTree(HUB.get("/api/health").body());
    }

    private static String form() {
        return """
                Customer ID: CUST-D1
                Customer name: Brightwater Logistics
                Product: Meridian Data Platform
                Exception type: extra seats
                Seats: 20
                Start: %s
                End: %s
                Revenue impact: 4,000
                Currency: EUR
                Data sensitivity: internal
                Justification: A migration needs twenty more seats for three weeks while both systems run.
                """.formatted(START, END);
    }

    /** A message as a mail server stores it after SMTPUTF8: raw UTF-8 in the headers, not RFC 2047 words. */
    private static byte[] mail(String messageId, String from, String subject, String body) {
        return ("From: " + from + "\r\nTo: licensing@lexhub.test\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nDate: Sun, 06 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
    }
}
