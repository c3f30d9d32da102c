package io.lexhub.lifecycle;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Time on the real routes with an injected clock (no sleeping): SLA reminder and escalation,
 * expiry reminders, sunset with its revert event, renewal chains, revocation and review
 * sampling. Every sweep is fired twice to show the second run changes nothing. The tests run in
 * calendar order because they share one clock.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WaiverLifecycleTest {

    static final TestHub HUB = TestHub.prepare("lifecycle");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;
    @BeanInject
    ProducerTemplate template;

    Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(database);
    }

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    /** Every answer these tests get is also checked against the hub's own /api/openapi.json (support/ApiContract). */
    @BeforeEach
    void answersKeepToTheApiContract() {
        HUB.checkAnswersAgainstTheApiContract();
    }

    @Test
    @Order(1)
    void anOverdueLevelIsRemindedOnceThenEscalatedOnce() throws Exception {
        // Tuesday 2026-11-24 10:00 Berlin; STANDARD track: reminder after 24 business hours, SLA 40
        clock("2026-11-24T09:00:00Z");
        String ref = submit(request("CUST-LC-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        assertThat(sql.strings("SELECT remind_at FROM approval_levels WHERE request_ref = ? AND level_no = 1", ref).get(0)).contains("2026-11-27 09:00");
        assertThat(sql.strings("SELECT due_at FROM approval_levels WHERE request_ref = ? AND level_no = 1", ref).get(0)).contains("2026-12-01 09:00");

        clock("2026-11-27T08:59:00Z");
        sweepTwice("direct:sla-sweep");
        assertThat(events(ref)).doesNotContain("approval.reminder");

        clock("2026-11-27T09:30:00Z");
        sweepTwice("direct:sla-sweep");
        assertThat(events(ref)).containsOnlyOnce("approval.reminder").doesNotContain("approval.escalated");
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'reminder:%'", ref))
                .containsExactlyInAnyOrder("alice.moreau@meridian-software.example", "bruno.silva@meridian-software.example",
                        "henrik.vogel@meridian-software.example");

        // the weekend does not count: still before the SLA on Monday
        clock("2026-11-30T15:00:00Z");
        sweepTwice("direct:sla-sweep");
        assertThat(events(ref)).doesNotContain("approval.escalated");

        clock("2026-12-01T09:30:00Z");
        sweepTwice("direct:sla-sweep");
        assertThat(events(ref)).containsOnlyOnce("approval.escalated").containsOnlyOnce("approval.reminder");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.escalated'", ref).get(0))
                .contains("\"escalatedTo\":[\"bruno.silva\",\"henrik.vogel\",\"alice.moreau\"]"); // backups and managers of the late
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'escalation:%'", ref)).isEqualTo(3);
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'delayed:%'", ref))
                .containsExactly("contact@cust-lc-1.example");

        // a decision on the next level starts that level's own clock
        decide(ref, "alice.moreau", "approve", "fine");
        assertThat(sql.strings("SELECT due_at FROM approval_levels WHERE request_ref = ? AND level_no = 2", ref).get(0)).contains("2026-12-08 09:30");
    }

    @Test
    @Order(2)
    void aWaiverIsRemindedAtEachOffsetAndEndsWithItsRevertEventAndNotice() throws Exception {
        clock("2026-12-02T09:00:00Z");
        // fast track, inside the auto-approval bounds: approved by the policy, waiver 2027-01-04 .. 2027-02-02
        String ref = submit(request("CUST-LC-2", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-01-04", 30, 2400, "INTERNAL", null), "APPROVED");
        assertThat(sql.strings("SELECT state || ' ' || end_date FROM waivers WHERE request_ref = ?", ref)).containsExactly("ACTIVE 2027-02-02");

        clock("2027-01-02T08:00:00Z");   // 31 days left: nothing yet
        sweepTwice("direct:expiry-sweep");
        assertThat(reminders(ref)).isEmpty();
        clock("2027-01-03T08:00:00Z");   // 30 days left
        sweepTwice("direct:expiry-sweep");
        assertThat(reminders(ref)).containsExactly("30");
        clock("2027-01-26T08:00:00Z");   // 7 days left
        sweepTwice("direct:expiry-sweep");
        clock("2027-02-01T08:00:00Z");   // 1 day left
        sweepTwice("direct:expiry-sweep");
        assertThat(reminders(ref)).containsExactly("1", "30", "7");
        // the customer is told in words; the licensing desk gets its own copy, written for the desk
        assertThat(body("expiry:" + ref + ":1")).contains("ends tomorrow, on 2027-02-02").doesNotContain("day(s)");
        assertThat(sql.strings("SELECT subject FROM outbox WHERE dedup_key = ?", "expiry:" + ref + ":1:licensing-desk@meridian-software.example"))
                .containsExactly("[" + ref + "] Waiver for CUST-LC-2 Ltd ends tomorrow (2027-02-02)");
        assertThat(body("expiry:" + ref + ":1:licensing-desk@meridian-software.example"))
                .contains("The customer has been reminded").doesNotContain("Hello", "your entitlement");
        assertThat(events(ref).stream().filter("waiver.expiry-reminder"::equals)).hasSize(3);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'expiry:%'", ref)).isEqualTo(6); // customer + licensing, x3

        clock("2027-02-02T20:00:00Z");   // the last day itself: still active
        sweepTwice("direct:expiry-sweep");
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ref)).containsExactly("ACTIVE");
        clock("2027-02-03T08:00:00Z");
        sweepTwice("direct:expiry-sweep");
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ref)).containsExactly("EXPIRED");
        assertThat(events(ref)).containsOnlyOnce("waiver.expired");
        assertThat(sql.strings("SELECT subject FROM outbox WHERE request_ref = ? AND dedup_key = ?", ref, "sunset:" + ref).get(0)).contains("has ended");
        assertThat(body("sunset:" + ref + ":licensing-desk@meridian-software.example"))
                .contains("ended on 2027-02-02 and has expired", "The customer has been told").doesNotContain("Hello", "Your entitlement");

        Path event = HUB.home.resolve("entitlement-events").resolve("revert-" + ref + ".json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(event));
        JsonNode revert = JSON.readTree(Files.readString(event));
        assertThat(revert.path("event").asText()).isEqualTo("entitlement.revert");
        assertThat(revert.path("customerId").asText()).isEqualTo("CUST-LC-2");
        assertThat(revert.path("granted").path("terms").path("seats").asInt()).isEqualTo(40);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key = ?", "revert:" + ref)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aRenewalApprovedBeforeTheEndContinuesTheWaiverAChainNeverForksAndRepeatRenewalsAreReviewed() throws Exception {
        clock("2027-02-10T09:00:00Z");
        String a = submit(request("CUST-LC-3", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-02-15", 30, 2400, "INTERNAL", null), "APPROVED");
        String b = submit(request("CUST-LC-3", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-03-17", 30, 2400, "INTERNAL", null, a), "APPROVED");

        // A already has its renewal B: a second renewal of A would fork the chain; it is refused and names B to renew
        JsonNode fork = JSON.readTree(HUB.post("/api/requests", "application/json", request("CUST-LC-3", "TEMPORARY_ACCESS",
                "\"seats\": 41", "2027-04-16", 30, 2400, "INTERNAL", null, a).getBytes(StandardCharsets.UTF_8)).body());
        assertThat(fork.path("state").asText()).isEqualTo("REJECTED");
        assertThat(fork.path("issues").toString()).contains(a + " already has a renewal, " + b + " (APPROVED)", "please renew " + b);

        String c = submit(request("CUST-LC-3", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-04-16", 30, 2400, "INTERNAL", null, b), "APPROVED");
        // the third renewal of the chain is beyond maxRenewals (2): people decide it, not the policy
        String d = submit(request("CUST-LC-3", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-05-16", 30, 2400, "INTERNAL", null, c), "PENDING_APPROVAL");
        JsonNode triage = JSON.readTree(HUB.get("/api/requests/" + d).body()).path("triage");
        assertThat(triage.path("track").asText()).isEqualTo("STANDARD");
        assertThat(triage.path("reasons").toString()).contains("renewal number 3 (renews " + c + ") <= maxRenewals 2 (repeat renewal: people decide,"
                + " then the audit owner reviews it): not met");
        // and while D is pending, C cannot be renewed a second time
        JsonNode second = JSON.readTree(HUB.post("/api/requests", "application/json", request("CUST-LC-3", "TEMPORARY_ACCESS",
                "\"seats\": 42", "2027-05-16", 30, 2400, "INTERNAL", null, c).getBytes(StandardCharsets.UTF_8)).body());
        assertThat(second.path("state").asText()).isEqualTo("REJECTED");
        assertThat(second.path("issues").toString()).contains(c + " already has a renewal, " + d + " (PENDING_APPROVAL)");

        decide(d, "alice.moreau", "approve", "Migration slipped again; last extension");
        assertThat(sql.strings("SELECT renewal_of || ' ' || renewal_count || ' ' || policy_review FROM waivers WHERE request_ref IN (?, ?, ?) ORDER BY request_ref", b, c, d))
                .containsExactly(a + " 1 FALSE", b + " 2 FALSE", c + " 3 TRUE");
        assertThat(events(d)).contains("waiver.renewal-flagged", "waiver.review-opened");
        // the flag lands in the audit owner's review queue, who works it like any review
        String olga = "Bearer " + HUB.key("olga.nilsen", "approver", "audit");
        JsonNode open = JSON.readTree(HUB.get("/api/reviews", "Authorization", olga).body()).path("open");
        assertThat(open.findValuesAsText("ref")).containsExactly(d);
        assertThat(open.get(0).path("period").asText()).isEqualTo("renewal");
        assertThat(reviewDecision(open.get(0).path("id").asLong(), "olga.nilsen", "confirm", "Checked with the account team").statusCode())
                .isEqualTo(200);

        JsonNode history = JSON.readTree(HUB.get("/api/waivers/" + c).body());
        assertThat(history.path("chain").findValuesAsText("reference")).containsExactly(a, b, c, d);

        // a renewal of something that is not an active waiver is refused with the reason
        HttpResponse<String> bad = HUB.post("/api/requests", "application/json",
                request("CUST-LC-3X", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-03-01", 30, 2400, "INTERNAL", null, a).getBytes(StandardCharsets.UTF_8));
        assertThat(JSON.readTree(bad.body()).path("state").asText()).isEqualTo("REJECTED");
        assertThat(bad.body()).contains("another customer");

        // A ends on 2027-03-16; B was approved before: A is handed over, no revert, no sunset notice
        clock("2027-03-17T08:00:00Z");
        sweepTwice("direct:expiry-sweep");
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", a)).containsExactly("RENEWED");
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", b)).containsExactly("ACTIVE");
        assertThat(events(a)).containsOnlyOnce("waiver.renewed").doesNotContain("waiver.expired");
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key IN (?, ?)", "revert:" + a, "sunset:" + a)).isZero();
        // what was never put in place for A is left to B's own tasks: A's open ones are cancelled, once
        assertThat(sql.strings("SELECT DISTINCT state FROM implementation_tasks WHERE request_ref = ?", a)).containsExactly("CANCELLED");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'task.cancelled'", a))
                .hasSize((int) sql.count("SELECT COUNT(*) FROM implementation_tasks WHERE request_ref = ?", a)).isNotEmpty()
                .allSatisfy(p -> assertThat(p).contains("\"why\":\"waiver renewed by " + b + "\""));
        assertThat(sql.strings("SELECT DISTINCT state FROM implementation_tasks WHERE request_ref = ?", b)).containsExactly("OPEN");

        // a renewal of the renewed A names the newest waiver of its chain
        JsonNode late = JSON.readTree(HUB.post("/api/requests", "application/json", request("CUST-LC-3", "TEMPORARY_ACCESS",
                "\"seats\": 43", "2027-06-20", 30, 2400, "INTERNAL", null, a).getBytes(StandardCharsets.UTF_8)).body());
        assertThat(late.path("issues").toString()).contains("please renew " + d + ", the newest waiver of the chain");
    }

    @Test
    @Order(3)
    void ofRenewalsOfOneWaiverSubmittedAtOnceExactlyOneIsAccepted() throws Exception {
        clock("2027-03-17T09:00:00Z");
        String w = submit(request("CUST-LC-3P", "TEMPORARY_ACCESS", "\"seats\": 20", "2027-03-20", 30, 2400, "INTERNAL", null), "APPROVED");
        int n = 4;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // different seats, so each is its own submission and not a repeat of another
                byte[] doc = request("CUST-LC-3P", "TEMPORARY_ACCESS", "\"seats\": " + (21 + i), "2027-04-19", 30, 2400, "INTERNAL", null, w)
                        .getBytes(StandardCharsets.UTF_8);
                answers.add(pool.submit(() -> {
                    go.await();
                    return JSON.readTree(HUB.post("/api/requests", "application/json", doc).body());
                }));
            }
            go.countDown();
            List<JsonNode> bodies = new ArrayList<>();
            for (Future<JsonNode> f : answers) bodies.add(f.get(60, TimeUnit.SECONDS));
            assertThat(bodies.stream().filter(b -> !b.path("state").asText().equals("REJECTED"))).as(bodies.toString()).hasSize(1);
            assertThat(bodies.stream().filter(b -> b.path("issues").toString().contains(w + " already has a renewal"))).hasSize(n - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sql.count("SELECT COUNT(*) FROM waivers WHERE renewal_of = ?", w)).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aLicensingApproverRevokesAWaiverWithARationale() throws Exception {
        clock("2027-03-20T09:00:00Z");
        String ref = submit(request("CUST-LC-4", "TEMPORARY_ACCESS", "\"seats\": 10", "2027-03-25", 20, 1000, "INTERNAL", null), "APPROVED");
        assertThat(revoke(ref, "carla.jensen", "not mine").statusCode()).isEqualTo(403);
        assertThat(revoke(ref, "alice.moreau", " ").statusCode()).isEqualTo(400);
        assertThat(revoke(ref, "alice.moreau", "Customer breached the pilot terms").statusCode()).isEqualTo(200);
        assertThat(revoke(ref, "alice.moreau", "again").statusCode()).isEqualTo(409);
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ref)).containsExactly("REVOKED");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.revoked'", ref).get(0))
                .contains("Customer breached the pilot terms");
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key IN (?, ?)", "revert:" + ref, "revoked:" + ref)).isEqualTo(2);
    }

    @Test
    @Order(5)
    void aShareOfActiveWaiversIsSampledOncePerMonthForTheAuditOwner() throws Exception {
        clock("2027-03-21T09:00:00Z");
        for (int i = 0; i < 12; i++) {
            submit(request("CUST-LC-5-" + i, "TEMPORARY_ACCESS", "\"seats\": 5", "2027-04-01", 20, 500, "INTERNAL", null), "APPROVED");
        }
        long active = sql.count("SELECT COUNT(*) FROM waivers WHERE state = 'ACTIVE'");
        sweepTwice("direct:review-sampling");
        long sampled = sql.count("SELECT COUNT(*) FROM waiver_reviews WHERE period = '2027-03'");
        assertThat(sampled).isEqualTo((long) Math.ceil(active * 0.1));
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'waiver.review-sampled'")).isEqualTo(sampled);

        assertThat(HUB.anonymous("GET", "/api/reviews", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> queue = HUB.get("/api/reviews", "Authorization", "Bearer " + HUB.key("olga.nilsen", "approver", "audit"));
        JsonNode open = JSON.readTree(queue.body()).path("open");
        assertThat(open).hasSize((int) sampled);
        long first = open.get(0).path("id").asLong();
        String firstRef = open.get(0).path("ref").asText();
        assertThat(reviewDecision(first, "alice.moreau", "confirm", "ok").statusCode()).isEqualTo(403);
        assertThat(reviewDecision(first, "olga.nilsen", "revoke", "No longer justified by usage").statusCode()).isEqualTo(200);
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", firstRef)).containsExactly("REVOKED");
        assertThat(reviewDecision(first, "olga.nilsen", "confirm", "twice").statusCode()).isEqualTo(409);
    }

    @Test
    @Order(6)
    void aDueItemThatCannotBeWrittenFailsAloneAndTheOthersOfItsBatchAreWritten() throws Exception {
        clock("2027-06-01T09:00:00Z");
        List<String> refs = List.of(
                submit(request("CUST-LC-B1", "EXTRA_SEATS", "\"seats\": 30", "2027-09-01", 60, 20000, "INTERNAL", null)),
                submit(request("CUST-LC-B2", "EXTRA_SEATS", "\"seats\": 30", "2027-09-01", 60, 20000, "INTERNAL", null)),
                submit(request("CUST-LC-B3", "EXTRA_SEATS", "\"seats\": 30", "2027-09-01", 60, 20000, "INTERNAL", null)));
        // an open level whose request row is gone: its reminder cannot be written, and it is due first
        sql.update("""
                INSERT INTO approval_levels (request_ref, round, level_no, role, mode, required, status, terms_hash, opened_at, remind_at, due_at)
                VALUES ('EXC-2027-999999', 1, 1, 'licensing', 'ONE', 1, 'OPEN', ?, TIMESTAMP WITH TIME ZONE '2027-06-01 09:00:00+00',
                    TIMESTAMP WITH TIME ZONE '2027-06-01 09:00:00+00', TIMESTAMP WITH TIME ZONE '2027-06-20 09:00:00+00')""", "0".repeat(64));

        clock("2027-06-07T09:00:00Z");   // past the others' reminder point, before their SLA
        assertThatThrownBy(() -> template.requestBody("direct:sla-sweep", (Object) null)).hasStackTraceContaining("EXC-2027-999999");
        // the batch was rolled back and retried one level per transaction: the three are reminded once
        for (String ref : refs) assertThat(events(ref)).containsOnlyOnce("approval.reminder");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_levels WHERE request_ref = 'EXC-2027-999999' AND reminded_at IS NULL")).isEqualTo(1);
        // the next run tries only the failed one again
        assertThatThrownBy(() -> template.requestBody("direct:sla-sweep", (Object) null)).hasStackTraceContaining("EXC-2027-999999");
        for (String ref : refs) assertThat(events(ref)).containsOnlyOnce("approval.reminder");
        sql.update("DELETE FROM approval_levels WHERE request_ref = 'EXC-2027-999999'");
    }

    // --- helpers

    private static void clock(String instant) {
        MutableClockConfiguration.CLOCK.set(Instant.parse(instant));
    }

    private void sweepTwice(String endpoint) {
        template.requestBody(endpoint, (Object) null);
        template.requestBody(endpoint, (Object) null);
    }

    private String submit(String doc) throws Exception {
        return submit(doc, "PENDING_APPROVAL");
    }

    private String submit(String doc, String expectedState) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).as(r.body()).isEqualTo(expectedState);
        return body.path("reference").asText();
    }

    private List<String> events(String ref) {
        return sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? ORDER BY seq", ref);
    }

    private String body(String dedupKey) {
        return sql.strings("SELECT body FROM outbox WHERE dedup_key = ?", dedupKey).get(0);
    }

    private List<String> reminders(String ref) {
        return sql.strings("SELECT days_before FROM waiver_reminders WHERE request_ref = ? ORDER BY days_before", ref).stream()
                .sorted().toList();
    }

    private void decide(String ref, String approver, String decision, String rationale) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests/" + ref + "/decisions", "application/json",
                ("{\"decision\": \"" + decision + "\", \"rationale\": \"" + rationale + "\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key(approver, "approver"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> revoke(String ref, String approver, String rationale) throws Exception {
        return HUB.post("/api/waivers/" + ref + "/revocation", "application/json",
                ("{\"rationale\": \"" + rationale + "\"}").getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + HUB.key(approver, "approver"));
    }

    private HttpResponse<String> reviewDecision(long id, String approver, String outcome, String rationale) throws Exception {
        // both hold the audit scope: the audit role in approvers.yaml decides who may review
        return HUB.post("/api/reviews/" + id, "application/json",
                ("{\"outcome\": \"" + outcome + "\", \"rationale\": \"" + rationale + "\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key(approver, "approver", "audit"));
    }
}
