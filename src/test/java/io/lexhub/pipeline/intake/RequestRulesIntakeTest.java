package io.lexhub.pipeline.intake;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The request rules of config/policy.yaml through the real routes: every period defect listed at
 * once, the start-date settings (ahead, backdated with a reason, never auto-approved), the
 * guidelines' multi-year discount with executive sign-off, and the wording of the mails.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestRulesIntakeTest {

    static final TestHub HUB = TestHub.prepare("request-rules");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;

    Sql sql;

    @BeforeEach
    void setUp() {
        sql = new Sql(database);
        // Sunday 6 December 2026
        MutableClockConfiguration.CLOCK.set(Instant.parse("2026-12-06T10:00:00Z"));
    }

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    @Test
    void aPeriodThatEndsBeforeItStartsStillHasItsDurationChecked() throws Exception {
        String doc = request("CUST-RR-1", "EXTRA_SEATS", "\"seats\": 20, \"end\": \"2027-01-01\"", "2027-02-01", 2555, 20000, "INTERNAL", null);
        JsonNode answer = post(doc);

        assertThat(answer.path("state").asText()).isEqualTo("REJECTED");
        assertThat(issues(answer)).containsExactlyInAnyOrder("terms.end/end-before-start", "terms.durationDays/conflict",
                "terms.durationDays/above-limit");
        // the rejection mail lists each reason once, without the field repeated in front of a message that names it
        String body = mailBody(answer.path("reference").asText(), "contact@cust-rr-1.example");
        assertThat(body).contains("  - terms.end (2027-01-01) is before terms.start (2027-02-01)",
                "  - terms.durationDays: The requested period is 2555 days; EXTRA_SEATS exceptions can last at most 365 days")
                .doesNotContain("terms.end: terms.end", "terms.durationDays: terms.durationDays");
    }

    @Test
    void aBackdatedStartNeedsAReasonGoesToPeopleAndHasALimit() throws Exception {
        // inside the auto-approval bounds but for the start, ten days ago
        String noReason = request("CUST-RR-2", "TEMPORARY_ACCESS", "\"seats\": 10", "2026-11-26", 30, 1000, "INTERNAL", null);
        JsonNode asked = post(noReason);
        assertThat(asked.path("state").asText()).isEqualTo("NEEDS_INFO");
        assertThat(issues(asked)).containsExactly("backdateReason/missing");

        String withReason = request("CUST-RR-2B", "TEMPORARY_ACCESS", "\"seats\": 10", "2026-11-26", 30, 1000, "INTERNAL", null)
                .replace("\"deploymentScale\"",
                "\"backdateReason\": \"Access lapsed while the renewal order was held in the customer's approval freeze.\", \"deploymentScale\"")
                ;
        JsonNode held = post(withReason);
        assertThat(held.path("state").asText()).as(held.toString()).isEqualTo("PENDING_APPROVAL");
        assertThat(held.path("track").asText()).isEqualTo("STANDARD");
        JsonNode triage = JSON.readTree(HUB.get("/api/requests/" + held.path("reference").asText()).body()).path("triage");
        assertThat(triage.path("reasons").toString()).contains("start 2026-11-26 not before 2026-12-06 (backdated 10 days; reason: Access"
                + " lapsed while the renewal order was held in the customer's approval freeze.): not met");
        assertThat(sql.count("SELECT COUNT(*) FROM decisions WHERE request_ref = ?", held.path("reference").asText())).isZero();

        // policy.yaml: period.maxBackdateDays 30
        JsonNode tooFar = post(request("CUST-RR-3", "TEMPORARY_ACCESS", "\"seats\": 10", "2026-10-01", 90, 1000, "INTERNAL", null)
                .replace("\"deploymentScale\"", "\"backdateReason\": \"Forgotten.\", \"deploymentScale\""));
        assertThat(tooFar.path("state").asText()).isEqualTo("REJECTED");
        assertThat(issues(tooFar)).contains("terms.start/too-far-back");
        assertThat(tooFar.toString()).contains("at most 30 days before the day it is requested (on or after 2026-11-06)");

        // policy.yaml: period.maxStartAheadDays 365
        JsonNode ahead = post(request("CUST-RR-4", "TEMPORARY_ACCESS", "\"seats\": 10", "2027-12-07", 30, 1000, "INTERNAL", null));
        assertThat(issues(ahead)).containsExactly("terms.start/too-far-ahead");
    }

    @Test
    void theGuidelinesThreeYearVolumeDiscountGoesToAnExecutive() throws Exception {
        JsonNode answer = post(Files.readString(Path.of("examples/requests/multi-year-volume-discount.json")));
        assertThat(answer.path("state").asText()).as(answer.toString()).isEqualTo("PENDING_APPROVAL");
        assertThat(answer.path("approvers").toString()).contains("executive");
        JsonNode route = JSON.readTree(HUB.get("/api/requests/" + answer.path("reference").asText()).body()).path("route");
        assertThat(route.path("explanation").asText()).contains("XL-EXECUTIVE");

        // a deep discount within two years and below 500,000 gets the executive level from XL-EXECUTIVE
        JsonNode deep = post(request("CUST-RR-5", "DISCOUNT", "\"discountPercent\": 32", "2027-02-01", 365, 200000, "INTERNAL", null));
        JsonNode deepRoute = JSON.readTree(HUB.get("/api/requests/" + deep.path("reference").asText()).body()).path("route");
        assertThat(deepRoute.path("tier").asText()).isEqualTo("T3");
        assertThat(deepRoute.path("levels").findValuesAsText("role")).containsExactly("licensing", "legal", "finance", "executive");
        assertThat(deepRoute.path("levels").get(3).path("reason").asText()).startsWith("XL-EXECUTIVE: ");
    }

    @Test
    void theInternalDecisionNoteCallsTheRevenueImpactWhatItIs() throws Exception {
        JsonNode approved = post(request("CUST-RR-6", "TEMPORARY_ACCESS", "\"seats\": 10", "2026-12-10", 20, 2400, "INTERNAL", null));
        assertThat(approved.path("state").asText()).isEqualTo("APPROVED");
        String note = mailBody(approved.path("reference").asText(), "billing@meridian-software.example");
        assertThat(note).contains("Revenue impact: 2400 EUR (annual value at stake)").doesNotContain("cost of the exception");
    }

    // --- helpers

    private static JsonNode post(String doc) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private static List<String> issues(JsonNode answer) {
        return java.util.stream.StreamSupport.stream(answer.path("issues").spliterator(), false)
                .map(i -> i.path("field").asText() + "/" + i.path("code").asText()).toList();
    }

    private static String mailBody(String ref, String to) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(ref, to).isPresent());
        return (String) mailTo(ref, to).orElseThrow().getContent();
    }

    private static Optional<MimeMessage> mailTo(String ref, String to) {
        return Arrays.stream(HUB.mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains("[" + ref + "]") && m.getAllRecipients()[0].toString().equals(to);
            } catch (Exception e) {
                return false;
            }
        }).findFirst();
    }
}
