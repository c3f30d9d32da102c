package io.lexhub.pipeline.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.HubMailbox;
import io.lexhub.support.MigratedDatabase;
import io.lexhub.support.TestHub;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mail channel on the real YAML routes against GreenMail over real IMAP (in) and SMTP (out):
 * each case is checked in the database, in the replies and in the mailbox folders.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailIntakeTest {

    static final GreenMail MAIL;
    static final GreenMailUser HUB_BOX;
    static final Path HOME;
    static final AtomicInteger SEQ = new AtomicInteger();
    static final Session SESSION = Session.getInstance(new Properties());
    static final String START = LocalDate.now().plusDays(5).toString();
    static final String END = LocalDate.now().plusDays(25).toString();
    static final List<String> PROPS = List.of("lexhub.home", "lexhub.http.port", "lexhub.smtp.enabled", "lexhub.smtp.host", "lexhub.smtp.port",
            "lexhub.outbox.poll-ms", "lexhub.audit.hmac-key", "lexhub.mail.imap.enabled", "lexhub.mail.imap.protocol", "lexhub.mail.imap.host",
            "lexhub.mail.imap.port", "lexhub.mail.imap.username", "lexhub.mail.imap.password", "lexhub.mail.imap.poll-ms",
            "lexhub.mail.trusted-authserv-id", "lexhub.mail.customer-domains", "lexhub.mail.max-message-bytes", "lexhub.mail.internal-domains");

    static {
        try {
            HOME = Files.createTempDirectory("lexhub-mail-");
            MigratedDatabase.copyInto(HOME);
            MAIL = new GreenMail(new ServerSetup[] {
                new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(TestHub.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
            MAIL.start();
            HUB_BOX = HubMailbox.create(MAIL);
            System.setProperty("lexhub.home", HOME.toString());
            System.setProperty("lexhub.http.port", String.valueOf(TestHub.freePort()));
            HubMailbox.settings(MAIL, 300).forEach(System::setProperty);
            System.setProperty("lexhub.outbox.poll-ms", "200");
            System.setProperty("lexhub.audit.hmac-key", "test-key-for-the-audit-chain-0123456789");
            System.setProperty("lexhub.mail.trusted-authserv-id", "mx.lexhub.test");
            System.setProperty("lexhub.mail.customer-domains", "CUST-M1: m1.example; CUST-M2: m2.example; CUST-M3: m3.example; "
                    + "CUST-M4: m4.example; CUST-M5: m5.example; CUST-M6: m6.example; CUST-M8: m8.example; CUST-M9: m9.example");
            System.setProperty("lexhub.mail.max-message-bytes", "200000");
            System.setProperty("lexhub.mail.internal-domains", "meridian-software.example");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeanInject
    Database database;

    @AfterAll
    void stop() {
        MAIL.stop();
        PROPS.forEach(System::clearProperty);
    }

    static String form(String customerId, String domain) {
        return """
                Hello licensing team,

                Customer ID: %s
                Customer name: Test Customer %s
                Product: Meridian Data Platform
                Exception type: extra seats
                Seats: 20
                Start: %s
                End: %s
                Revenue impact: 4,000
                Currency: EUR
                Data sensitivity: internal
                Justification: A migration needs
                  twenty more seats for three weeks.

                Best regards
                """.formatted(customerId, domain, START, END);
    }

    @Test
    void aTemplateMailBecomesARequestIsAcknowledgedAndMoved() throws Exception {
        String id = deliver(text("anna@m1.example", "Exception request", form("CUST-M1", "m1")));
        Sql sql = new Sql(database);
        String ref = awaitRequest(sql, id);
        assertThat(sql.strings("SELECT state FROM requests WHERE reference = ?", ref)).containsExactly("PENDING_APPROVAL");
        assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0))
                .contains("\"seats\":20").contains("twenty more seats").contains("anna@m1.example");
        MimeMessage ack = awaitReply("anna@m1.example", ref);
        assertThat(ack.getSubject()).contains("We received your license exception request");
        // moved = copied, then removed from INBOX: the two are seen one after the other
        await().atMost(Duration.ofSeconds(10)).until(() -> inFolder("lexhub-processed", id) && !inFolder("INBOX", id));
    }

    @Test
    void aJsonAttachmentBecomesARequest() throws Exception {
        String json = """
                {"customer": {"id": "CUST-M2", "name": "M2 Ltd", "contactEmail": "ops@m2.example", "domain": "m2.example"},
                 "requester": {"name": "Bo", "email": "bo@m2.example"}, "product": "Meridian Data Platform",
                 "type": "EXTRA_SEATS", "terms": {"seats": 10, "start": "%s", "end": "%s"},
                 "justification": "Pilot team.", "revenueImpact": 1000, "currency": "EUR"}""".formatted(START, END);
        MimeMessage m = message("bo@m2.example", "Request attached");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText("See the attached request.", "UTF-8");
        MimeBodyPart att = new MimeBodyPart();
        att.setContent(json, "application/json; charset=UTF-8");
        att.setFileName("request.json");
        mp.addBodyPart(body);
        mp.addBodyPart(att);
        m.setContent(mp);
        String id = deliver(m);
        Sql sql = new Sql(database);
        String ref = awaitRequest(sql, id);
        assertThat(sql.strings("SELECT file_name FROM requests WHERE reference = ?", ref)).containsExactly("request.json");
        awaitReply("ops@m2.example", ref);
    }

    @Test
    void anAttachedRequestWithAHugeExponentIsQuarantinedAndTheSenderToldWhichField() throws Exception {
        String json = """
                {"customer": {"id": "CUST-M2", "name": "M2 Ltd", "contactEmail": "ops@m2.example", "domain": "m2.example"},
                 "requester": {"name": "Cy", "email": "cy@m2.example"}, "product": "Meridian Data Platform",
                 "type": "EXTRA_SEATS", "terms": {"seats": 10, "start": "%s", "end": "%s"},
                 "justification": "Pilot team.", "revenueImpact": 1e-400000, "currency": "EUR"}""".formatted(START, END);
        MimeMessage m = message("cy@m2.example", "Request attached");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart att = new MimeBodyPart();
        att.setContent(json, "application/json; charset=UTF-8");
        att.setFileName("request.json");
        mp.addBodyPart(att);
        m.setContent(mp);
        String id = deliver(m);
        await().atMost(Duration.ofSeconds(20)).until(() -> inFolder("lexhub-quarantine", id));
        Sql sql = new Sql(database);
        assertThat(sql.strings("SELECT q.reason FROM quarantine q JOIN mail_messages m ON m.quarantine_id = q.id WHERE m.message_id = ?", id))
                .singleElement().asString().startsWith("revenueImpact must be a number from 0 to 1000000000000 with at most 2 decimal places");
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE external_id = ?", id)).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(MAIL.getReceivedMessages()).anyMatch(r -> to(r, "cy@m2.example")));
        MimeMessage reply = Arrays.stream(MAIL.getReceivedMessages()).filter(r -> to(r, "cy@m2.example")).findFirst().orElseThrow();
        assertThat(body(reply)).contains("revenueImpact must be a number from 0 to 1000000000000", "1E-400000").hasSizeLessThan(5_000);
    }

    @Test
    void freeTextNeedsInfoAndAReplyCompletesIt() throws Exception {
        String id = deliver(text("cara@m3.example", "Seats", "Hi, we need some more seats for a migration soon. Can you help?"));
        Sql sql = new Sql(database);
        String ref = awaitRequest(sql, id);
        assertThat(sql.strings("SELECT state FROM requests WHERE reference = ?", ref)).containsExactly("NEEDS_INFO");
        MimeMessage ask = awaitReply("cara@m3.example", ref);
        assertThat((String) ask.getContent()).contains("customer.id").contains("Customer ID:").contains("Justification:");

        MimeMessage answer = text("cara@m3.example", "Re: " + ask.getSubject(),
                form("CUST-M3", "m3").replace("Hello licensing team,", "Here you are:") + "\n> quoted: Seats: 9999\n");
        answer.setHeader("In-Reply-To", id);
        String answerId = deliver(answer);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.strings("SELECT state FROM requests WHERE reference = ?", ref).get(0).equals("PENDING_APPROVAL"));
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? ORDER BY seq", ref))
                .containsExactly("request.received", "request.assessed", "request.supplemented", "request.assessed", "approval.level-opened");
        assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0)).contains("\"seats\":20");
        await().atMost(Duration.ofSeconds(20)).until(() -> replies("cara@m3.example", ref).size() == 2);
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-M3'")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> inFolder("lexhub-processed", answerId));

        // a later reply does not change terms: filed as correspondence, with a neutral answer
        MimeMessage late = text("cara@m3.example", "Re: [" + ref + "] more", "Seats: 40\nCan we have 40 instead?");
        String lateId = deliver(late);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref = ? AND event_type = 'request.correspondence'", ref) == 1);
        assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0)).contains("\"seats\":20");
        await().atMost(Duration.ofSeconds(20)).until(() -> replies("cara@m3.example", ref).stream().anyMatch(r -> body(r).contains("amendment")));
        await().atMost(Duration.ofSeconds(10)).until(() -> inFolder("lexhub-processed", lateId));
    }

    /**
     * The hub's answers carry In-Reply-To and References (the customer's first mail), and a reply
     * is threaded by them or by the hub's own Message-ID it answers, when its subject lost the
     * reference: it completes the request instead of becoming a new one.
     */
    @Test
    void aReplyWhoseSubjectLostTheReferenceIsThreadedByItsHeaders() throws Exception {
        String id = deliver(text("dora@m8.example", "Seats", "Hello, a few more seats for a migration please."));
        Sql sql = new Sql(database);
        String ref = awaitRequest(sql, id);
        MimeMessage ask = awaitReply("dora@m8.example", ref);
        assertThat(ask.getHeader("In-Reply-To")).containsExactly(id);
        assertThat(ask.getHeader("References")).containsExactly(id);
        String hubId = ask.getHeader("Message-ID")[0];

        // a mail client that quotes only the message it answers, under a subject of the customer's own
        MimeMessage answer = text("dora@m8.example", "the details you asked for", form("CUST-M8", "m8"));
        answer.setHeader("In-Reply-To", hubId);
        String answerId = deliver(answer);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.strings("SELECT state FROM requests WHERE reference = ?", ref).get(0).equals("PENDING_APPROVAL"));
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-M8' OR external_id = ?", answerId)).isEqualTo(1);

        // a made-up id of the hub's form finds nothing: a new request, as any mail without a thread
        MimeMessage stranger = text("erik@m9.example", "Exception request", form("CUST-M9", "m9"));
        stranger.setHeader("In-Reply-To", hubId.replaceFirst("\\.[0-9a-f]{12}@", ".000000000000@"));
        String strangerId = deliver(stranger);
        assertThat(awaitRequest(sql, strangerId)).isNotEqualTo(ref);
    }

    @Test
    void theVerifiedSenderMayNotApproveARequestThatNamesSomeoneElseAsRequester() throws Exception {
        // Alice (an approver) sends the request herself and names a customer contact as requester
        String body = form("CUST-M6", "m6").replace("Product:", "Requester name: Bob Buyer\nRequester email: bob@m6.example\nProduct:");
        MimeMessage m = text("Alice.Moreau@meridian-software.example", "Exception request", body);
        m.addHeader("Authentication-Results", "mx.lexhub.test; spf=pass smtp.mailfrom=meridian-software.example; dmarc=pass header.from=meridian-software.example");
        String id = deliver(m);
        Sql sql = new Sql(database);
        String ref = awaitRequest(sql, id);
        assertThat(sql.strings("SELECT state FROM requests WHERE reference = ?", ref)).containsExactly("PENDING_APPROVAL");
        assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0)).contains("bob@m6.example");
        assertThat(sql.strings("SELECT submitter FROM requests WHERE reference = ?", ref).get(0))
                .contains("\"principal\":\"mail:alice.moreau@meridian-software.example\"", "DMARC pass");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'request.received'", ref).get(0))
                .contains("\"submitter\"", "mail:alice.moreau@meridian-software.example");

        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + System.getProperty("lexhub.http.port") + "/api/requests/" + ref + "/decisions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + io.lexhub.support.Cli.issueKey("alice.moreau", "approver"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"decision\": \"approve\", \"rationale\": \"fine\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.body()).contains("conflict of interest: Alice Moreau submitted this request (mail From, DMARC pass)");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.conflict-check'", ref).get(0))
                .contains("conflict: Alice Moreau submitted this request");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
    }

    @Test
    void theSameMessageDeliveredTwiceGivesOneRequest() throws Exception {
        MimeMessage m = text("dan@m4.example", "Exception request", form("CUST-M4", "m4"));
        String id = deliver(m);
        Sql sql = new Sql(database);
        String ref = awaitRequest(sql, id);
        await().atMost(Duration.ofSeconds(10)).until(() -> inFolder("lexhub-processed", id));
        deliver(m); // redelivery: same Message-ID, same content
        await().atMost(Duration.ofSeconds(10)).until(() -> countInFolder("lexhub-processed", id) == 2);
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE external_id = ?", id)).isEqualTo(1);
        // one acknowledgement to the customer (the other messages go to the approvers of level 1)
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND dedup_key NOT LIKE 'approval:%'", ref)).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM mail_messages WHERE message_id = ?", id)).isEqualTo(1);
    }

    @Test
    void aSpoofedDomainIsQuarantinedAndAnsweredNeutrally() throws Exception {
        String id = deliver(text("mallory@evil.example", "Exception request", form("CUST-M5", "m5")));
        assertQuarantined(id, "mallory@evil.example", "not a domain of customer CUST-M5");
    }

    @Test
    void aFailedDmarcVerdictFromTheTrustedServerIsQuarantined() throws Exception {
        MimeMessage m = text("eve@m5.example", "Exception request", form("CUST-M5", "m5"));
        m.addHeader("Authentication-Results", "mx.lexhub.test; spf=pass smtp.mailfrom=m5.example; dmarc=fail header.from=m5.example");
        m.addHeader("Authentication-Results", "attacker.example; dmarc=pass");
        String id = deliver(m);
        assertQuarantined(id, "eve@m5.example", "DMARC did not pass");
    }

    @Test
    void aForgedDmarcPassBelowTheServersFailIsIgnoredAndTheSpoofQuarantined() throws Exception {
        // as the receiving server hands it over: its own stamp and Received line on top, the sender's headers (with a forged
        // stamp in the server's name) below the Received line of the sender's own relay
        String id = "<spoof-" + SEQ.incrementAndGet() + "@m5.example>";
        String raw = String.join("\r\n",
                "Authentication-Results: mx.lexhub.test; spf=fail smtp.mailfrom=m5.example; dmarc=fail (p=reject) header.from=m5.example",
                "Received: from relay.evil.example (relay.evil.example [203.0.113.9])",
                " by mx.lexhub.test with ESMTPS id 4Q2x; Sun, 6 Dec 2026 10:00:00 +0000",
                "Received: from workstation by relay.evil.example; Sun, 6 Dec 2026 09:59:58 +0000",
                "Authentication-Results: mx.lexhub.test; spf=pass smtp.mailfrom=m5.example; dkim=pass; dmarc=pass header.from=m5.example",
                "From: Finance <finance@m5.example>",
                "To: licensing@lexhub.test",
                "Subject: Exception request",
                "Message-ID: " + id,
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "",
                form("CUST-M5", "m5").replace("\n", "\r\n"));
        HUB_BOX.deliver(new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        assertQuarantined(id, "finance@m5.example", "DMARC did not pass according to mx.lexhub.test (dmarc=fail)");
    }

    @Test
    void anOversizedMailIsQuarantinedWithItsStartKept() throws Exception {
        String id = deliver(text("big@m5.example", "Huge", "x".repeat(300_000)));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> inFolder("lexhub-quarantine", id));
        assertThat(sql.strings("SELECT reason FROM quarantine WHERE reason LIKE '%limit is 200000 bytes%'")).isNotEmpty();
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE reply_to = 'big@m5.example'")).isZero();
    }

    @Test
    void malformedMimeIsQuarantinedWhole() throws Exception {
        String id = "<broken-" + SEQ.incrementAndGet() + "@m5.example>";
        String raw = "From: broken@m5.example\r\nTo: licensing@lexhub.test\r\nSubject: broken\r\nMessage-ID: " + id
                + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"nowhere\"\r\n\r\nthere is no boundary here\r\n";
        HUB_BOX.deliver(new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> inFolder("lexhub-quarantine", id));
        String kept = sql.strings("SELECT content_base64 FROM quarantine WHERE reason LIKE '%not well-formed MIME%'").get(0);
        assertThat(new String(java.util.Base64.getDecoder().decode(kept), StandardCharsets.US_ASCII)).contains("there is no boundary here");
    }

    @Test
    void inboundHeadersCannotSteerTheHub() throws Exception {
        MimeMessage m = text("ivan@m1.example", "ignored", form("CUST-M1", "m1").replace("Seats: 20", "Seats: 21"));
        m.setHeader("Subject", "=?UTF-8?Q?hello=0D=0ABcc:_victim@evil.example?=");
        m.addHeader("CamelFileName", "../../etc/passwd");
        m.addHeader("CamelHttpUri", "http://evil.example/");
        m.addHeader("X-Camel-Whatever", "1");
        m.addHeader("moveTo", "Trash");
        m.addHeader("delete", "true");
        m.addHeader("To", "victim@evil.example");
        String id = deliver(m);
        Sql sql = new Sql(database);
        String ref = awaitRequest(sql, id);
        MimeMessage ack = awaitReply("ivan@m1.example", ref);
        assertThat(ack.getAllRecipients()).extracting(Object::toString).containsExactly("ivan@m1.example");
        assertThat(ack.getHeader("Bcc")).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> inFolder("lexhub-processed", id));
        assertThat(folderExists("Trash")).isFalse();
        // nothing the hub sent went to the addresses the mail tried to add
        assertThat(Arrays.stream(MAIL.getReceivedMessages()).filter(r -> to(r, "victim@evil.example")).filter(MailIntakeTest::fromHub)).isEmpty();
        assertThat(Files.exists(HOME.resolve("etc"))).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A request mail's other attachments are its evidence: the PDF is filed with its SHA-256 in the
     * audit trail, a web page named invoice.pdf is refused and noted, the mail is not lost; a reply
     * adds an image and sends the PDF again (one file); the same mail delivered again files nothing.
     */
    @Test
    void attachmentsBecomeEvidenceAndAHostileOneIsRefusedOnce() throws Exception {
        byte[] pdf = io.lexhub.pipeline.EvidenceTypeTest.pdf();
        String sha = io.lexhub.intake.ContentHash.sha256(pdf);
        MimeMessage m = message("eve@m6.example", "Exception request");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText(form("CUST-M6", "m6"), "UTF-8");
        mp.addBodyPart(body);
        mp.addBodyPart(attachment("quote.pdf", "application/pdf", pdf));
        mp.addBodyPart(attachment("invoice.pdf", "application/pdf",
                "<html><body><script>fetch('/api/keys')</script></body></html>".getBytes(StandardCharsets.UTF_8)));
        m.setContent(mp);
        String id = deliver(m);
        Sql sql = new Sql(database);
        String ref = awaitRequest(sql, id);
        await().atMost(Duration.ofSeconds(20)).until(() -> inFolder("lexhub-processed", id));
        assertThat(sql.strings("SELECT file_name || '|' || content_type || '|' || size_bytes || '|' || sha256 || '|' || filed_by || '|' || channel"
                + " FROM evidence_files WHERE request_ref = ?", ref))
                .containsExactly("quote.pdf|application/pdf|" + pdf.length + "|" + sha + "|mail:eve@m6.example|mail");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'evidence.filed'", ref))
                .singleElement().asString().contains("\"sha256\":\"" + sha + "\"", "\"name\":\"quote.pdf\"", "\"actor\":\"mail:eve@m6.example\"");
        assertThat(sql.strings("SELECT actor || ' ' || payload FROM audit_events WHERE request_ref = ? AND event_type = 'evidence.refused'", ref))
                .singleElement().asString().startsWith("mail:eve@m6.example ").contains("invoice.pdf", "It is a web page (HTML).");
        // the mail is the request's, not quarantined for its hostile attachment
        assertThat(sql.strings("SELECT outcome FROM mail_messages WHERE message_id = ?", id)).containsExactly("REQUEST");

        // a reply: an image is added, the PDF sent again is the file already there
        MimeMessage reply = message("eve@m6.example", "Re: [" + ref + "] the signed quote");
        MimeMultipart rp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Here is the signed page again, and a screenshot.", "UTF-8");
        rp.addBodyPart(text);
        rp.addBodyPart(attachment("signed.pdf", "application/pdf", pdf));
        rp.addBodyPart(attachment("screen.png", "image/png", png()));
        reply.setContent(rp);
        String replyId = deliver(reply);
        await().atMost(Duration.ofSeconds(20)).until(() -> inFolder("lexhub-processed", replyId));
        assertThat(sql.strings("SELECT file_name FROM evidence_files WHERE request_ref = ? ORDER BY id", ref)).containsExactly("quote.pdf", "screen.png");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref = ? AND event_type = 'request.correspondence'", ref)).isEqualTo(1);

        // the first mail again: only marked
        deliver(m);
        await().atMost(Duration.ofSeconds(10)).until(() -> countInFolder("lexhub-processed", id) == 2);
        assertThat(sql.count("SELECT COUNT(*) FROM evidence_files WHERE request_ref = ?", ref)).isEqualTo(2);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref = ? AND event_type LIKE 'evidence.%'", ref)).isEqualTo(3);
    }

    static MimeBodyPart attachment(String name, String type, byte[] content) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(content, type)));
        part.setFileName(name);
        part.setDisposition(jakarta.mail.Part.ATTACHMENT);
        return part;
    }

    static byte[] png() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private void assertQuarantined(String id, String sender, String reason) throws Exception {
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> inFolder("lexhub-quarantine", id));
        assertThat(sql.strings("SELECT q.reason FROM quarantine q JOIN mail_messages m ON m.quarantine_id = q.id WHERE m.message_id = ?", id))
                .singleElement().asString().contains(reason);
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE external_id = ?", id)).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(MAIL.getReceivedMessages()).anyMatch(r -> to(r, sender)));
        MimeMessage reply = Arrays.stream(MAIL.getReceivedMessages()).filter(r -> to(r, sender)).findFirst().orElseThrow();
        assertThat(body(reply)).contains("cannot accept it").doesNotContain("DMARC").doesNotContain("domain");
    }

    static MimeMessage message(String from, String subject) throws Exception {
        MimeMessage m = new MimeMessage(SESSION);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("licensing@lexhub.test"));
        m.setSubject(subject, "UTF-8");
        return m;
    }

    static MimeMessage text(String from, String subject, String body) throws Exception {
        MimeMessage m = message(from, subject);
        m.setText(body, "UTF-8");
        return m;
    }

    /** Delivers into the hub's IMAP inbox with a fixed Message-ID and returns it. */
    static String deliver(MimeMessage m) throws Exception {
        String id = m.getHeader("Message-ID") != null ? m.getHeader("Message-ID")[0] : "<t" + SEQ.incrementAndGet() + "." + System.nanoTime() + "@test>";
        m.saveChanges();
        m.setHeader("Message-ID", id);
        HUB_BOX.deliver(new MimeMessage(m) {
            @Override
            protected void updateMessageID() {
                // keep the given id
            }
        });
        return id;
    }

    static String awaitRequest(Sql sql, String messageId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE source = 'mail' AND external_id = ?", messageId) == 1);
        return sql.strings("SELECT reference FROM requests WHERE external_id = ?", messageId).get(0);
    }

    static MimeMessage awaitReply(String to, String ref) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !replies(to, ref).isEmpty());
        return replies(to, ref).get(0);
    }

    static List<MimeMessage> replies(String to, String ref) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> to(m, to)).filter(m -> {
            try {
                return m.getSubject().contains("[" + ref + "]");
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    static boolean to(MimeMessage m, String address) {
        try {
            return m.getAllRecipients() != null && Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
        } catch (Exception e) {
            return false;
        }
    }

    static boolean fromHub(MimeMessage m) {
        try {
            return m.getFrom()[0].toString().equals("licensing-exceptions@lexhub.invalid");
        } catch (Exception e) {
            return false;
        }
    }

    static String body(MimeMessage m) {
        try {
            return (String) m.getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean folderExists(String name) {
        try {
            MAIL.getManagers().getImapHostManager().getFolder(HUB_BOX, name, true);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static boolean inFolder(String folder, String messageId) {
        return countInFolder(folder, messageId) > 0;
    }

    static long countInFolder(String folder, String messageId) {
        try {
            return MAIL.getManagers().getImapHostManager().getFolder(HUB_BOX, folder, true).getMessages().stream().filter(s -> {
                try {
                    String[] ids = s.getMimeMessage().getHeader("Message-ID");
                    return ids != null && ids[0].equals(messageId);
                } catch (Exception e) {
                    return false;
                }
            }).count();
        } catch (Exception e) {
            return 0;
        }
    }
}
