package io.lexhub.pipeline.practice;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.notify.Notices;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Practice requests on the real routes (docs/practice-and-patterns.md): one through the whole
 * approval chain leaves no waiver, no entitlement event, no customer mail (GreenMail's received
 * messages) and no figure, while its approvers get their mails marked PRACTICE; the practice/
 * drop folder marks its files practice.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PracticeRequestTest {

    static final TestHub HUB = TestHub.prepare("practice");
    static {
        // every scrape recomputes the gauges, so "unchanged" is a real comparison
        System.setProperty("lexhub.metrics.min-refresh-ms", "0");
    }
    static final ObjectMapper JSON = new ObjectMapper();
    /** The notify addresses of config/approvers.yaml: no mail of a practice request goes to them. */
    static final List<String> NOTIFY_ADDRESSES = List.of("licensing-desk@meridian-software.example", "sales-operations@meridian-software.example",
            "billing@meridian-software.example");
    static final String ALL_TIME = "/api/reports/summary?from=2000-01-01&to=2099-12-31";

    @BeanInject
    Database database;
    Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(database);
        HUB.checkAnswersAgainstTheApiContract();
    }

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    @Test
    void aPracticeRequestGoesThroughTheChainAndLeavesNoWaiverEventCustomerMailOrFigure() throws Exception {
        JsonNode before = JSON.readTree(HUB.get(ALL_TIME).body());
        String metricsBefore = decisionGauges(HUB.get("/api/metrics").body());

        // 30 seats for 60 days, 20,000 EUR, internal data: licensing then sales, as for a real request
        String doc = practice(request("CUST-PR-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        String ref = submit(doc);
        assertThat(sql.strings("SELECT practice FROM requests WHERE reference = ?", ref)).containsExactly("TRUE");

        MimeMessage ask = HUB.awaitMail(ref, "alice.moreau@meridian-software.example", "PRACTICE");
        assertThat(ask.getSubject()).startsWith(Notices.PRACTICE_SUBJECT);
        assertThat(TestHub.text(ask)).startsWith("*** PRACTICE REQUEST");
        ok(decide(ref, "alice.moreau", "approve", "Training: the migration plan is fine"));
        HUB.awaitMail(ref, "carla.jensen@meridian-software.example", "PRACTICE");
        JsonNode done = ok(decide(ref, "carla.jensen", "approve", "Training: sales agrees"));
        assertThat(done.path("state").asText()).isEqualTo("APPROVED");

        // the decision is recorded; nothing is granted
        assertThat(sql.strings("SELECT outcome FROM decisions WHERE request_ref = ?", ref)).containsExactly("APPROVED");
        assertThat(sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref = ?", ref)).isZero();
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND channel NOT IN ('mail')", ref)).isZero();
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE channel = 'entitlement'")).isZero();
        // the audit trail says it was practice
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type IN"
                + " ('request.received', 'approval.level-opened', 'approval.recorded', 'decision.approved')", ref))
                .hasSize(6).allSatisfy(p -> assertThat(p).contains("\"practice\":true"));

        // the decision note goes to the two approvers who voted, and to nobody else
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'decision:%:internal:%'", ref))
                .containsExactlyInAnyOrder("alice.moreau@meridian-software.example", "carla.jensen@meridian-software.example");
        HUB.awaitMail(ref, "carla.jensen@meridian-software.example", "APPROVED");
        // every mail is out; none went to the customer, the requester or the notify addresses, each says PRACTICE
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND status <> 'SENT'", ref) == 0);
        List<MimeMessage> about = Arrays.stream(HUB.mail.getReceivedMessages()).filter(m -> subject(m).contains("[" + ref + "]")).toList();
        assertThat(about).hasSizeGreaterThanOrEqualTo(5);
        for (MimeMessage m : about) {
            String to = Arrays.toString(m.getAllRecipients());
            assertThat(to).doesNotContain("cust-pr-1.example");
            assertThat(to).doesNotContain(NOTIFY_ADDRESSES.toArray(String[]::new));
            assertThat(m.getSubject()).as(to).startsWith(Notices.PRACTICE_SUBJECT);
            assertThat(TestHub.text(m)).as(to).contains("PRACTICE REQUEST: for training only");
        }
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ?", ref)).doesNotContainAnyElementsOf(NOTIFY_ADDRESSES);
        System.out.println("practice request " + ref + ": " + about.size() + " mails, all to the people involved and marked PRACTICE");

        // no figure moved: the summary and the decision gauges are as before
        assertThat(JSON.readTree(HUB.get(ALL_TIME).body())).isEqualTo(before);
        assertThat(decisionGauges(HUB.get("/api/metrics").body())).isEqualTo(metricsBefore);

        // a real request for the same customer, product and period is not blocked by it, and does not see it as a precedent
        String real = submit(request("CUST-PR-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        assertThat(sql.strings("SELECT body FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'approval:%'", real))
                .isNotEmpty().allSatisfy(b -> assertThat(b).doesNotContain(ref));
        assertThat(sql.strings("SELECT practice FROM requests WHERE reference = ?", real)).containsExactly("FALSE");
        // nor does its customer's portal: the practice request does not exist there
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-PR-1' AND practice = FALSE")).isEqualTo(1);
    }

    @Test
    void aDenialOfAPracticeRequestTellsTheCustomerNothing() throws Exception {
        String ref = submit(practice(request("CUST-PR-2", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null)));
        ok(decide(ref, "alice.moreau", "deny", "Training: no migration plan"));
        // the decision note goes to the approver who denied it, not to the notify addresses of approvers.yaml
        HUB.awaitMail(ref, "alice.moreau@meridian-software.example", "DENIED");
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND status <> 'SENT'", ref) == 0);
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'decision:%:internal:%'", ref))
                .containsExactly("alice.moreau@meridian-software.example");
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ?", ref)).noneMatch(r -> r.contains("cust-pr-2.example"))
                .doesNotContainAnyElementsOf(NOTIFY_ADDRESSES);
        for (MimeMessage m : HUB.mail.getReceivedMessages()) {
            if (subject(m).contains("[" + ref + "]")) assertThat(Arrays.toString(m.getAllRecipients())).doesNotContain(NOTIFY_ADDRESSES.toArray(String[]::new));
        }
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'decision.denied'", ref).get(0))
                .contains("\"practice\":true");
    }

    @Test
    void aFileDroppedIntoThePracticeFolderIsAPracticeRequest() throws Exception {
        // the document does not say practice: the folder does
        String doc = request("CUST-PR-3", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null);
        Files.writeString(HUB.home.resolve("practice").resolve("training-1.json"), doc);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-PR-3'") == 1);
        String ref = sql.strings("SELECT reference FROM requests WHERE customer_id = 'CUST-PR-3'").get(0);
        assertThat(sql.strings("SELECT practice FROM requests WHERE reference = ?", ref)).containsExactly("TRUE");
        assertThat(sql.strings("SELECT state FROM requests WHERE reference = ?", ref)).containsExactly("PENDING_APPROVAL");
        assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", ref).get(0)).contains("\"practice\":true");
        HUB.awaitMail(ref, "alice.moreau@meridian-software.example", "PRACTICE");
        // no acknowledgement to the customer
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ?", ref)).noneMatch(r -> r.contains("cust-pr-3.example"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.list(HUB.home.resolve("done")).anyMatch(p -> p.toString().endsWith("training-1.json")));
    }

    /** The document with "practice": true added. */
    private static String practice(String doc) {
        int end = doc.lastIndexOf('}');
        return doc.substring(0, end) + ", \"practice\": true}";
    }

    /**
     * The governance figures a decision would move. The scrape also has the service's own figures,
     * which any work changes: HTTP calls, route exchanges, sweeps, the outbox, the quarantine and the
     * chain check (docs/operations.md, Metrics), and process figures that change on their own.
     */
    private static String decisionGauges(String metrics) {
        java.util.regex.Pattern service = java.util.regex.Pattern.compile(
                "lexhub_(waivers_active|http_server_|route_exchanges_|sweep_duration_|outbox_|quarantine_|audit_chain_).*");
        return String.join("\n", metrics.lines().filter(l -> l.startsWith("lexhub_") && !service.matcher(l).matches()).toList());
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String submit(String doc) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).as(r.body()).isEqualTo("PENDING_APPROVAL");
        return body.path("reference").asText();
    }

    private HttpResponse<String> decide(String ref, String approver, String decision, String rationale) throws Exception {
        String body = "{\"decision\": \"" + decision + "\", \"rationale\": " + JSON.writeValueAsString(rationale) + "}";
        return HUB.post("/api/requests/" + ref + "/decisions", "application/json", body.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key(approver, "approver"));
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
