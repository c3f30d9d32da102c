package io.lexhub.task;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
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
 * Implementation tasks on the real routes (docs/tasks.md): an approval opens the shipped policy's
 * tasks with owners and due times in business hours; the SLA sweep fired twice reminds a task's
 * owners once at its reminder point and escalates an overdue task once, and a task first swept when
 * already due is escalated without a reminder; only a task's owner, someone holding its role or the desk closes it; the last one done
 * puts the waiver in effect and the customer is mailed once. One clock, so the tests run in order.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImplementationTasksTest {

    static final TestHub HUB = TestHub.prepare("tasks");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;
    @BeanInject
    ProducerTemplate template;

    Sql sql;
    static String ref;

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
    @Order(1)
    void anApprovalOpensThePolicysTasksWithOwnersAndDueTimesAndMailsEachOwnerOnce() throws Exception {
        // Tuesday 2026-11-24 10:00 Berlin; EXTRA_SEATS, 60 days: tier T2 (licensing, then sales)
        clock("2026-11-24T09:00:00Z");
        HttpResponse<String> r = HUB.post("/api/requests", "application/json",
                request("CUST-TK-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        ref = JSON.readTree(r.body()).path("reference").asText();
        decide(ref, "alice.moreau");
        decide(ref, "carla.jensen");
        assertThat(sql.strings("SELECT state FROM requests WHERE reference = ?", ref)).containsExactly("APPROVED");

        // the policy's EXTRA_SEATS tasks, each due its business hours after the approval (8 h: Wednesday 10:00 Berlin)
        assertThat(sql.strings("SELECT task_key || ' ' || owner_role || ' ' || state FROM implementation_tasks WHERE request_ref = ? ORDER BY id", ref))
                .containsExactly("entitlement licensing OPEN", "crm sales OPEN", "brief-customer sales OPEN");
        assertThat(sql.strings("SELECT due_at FROM implementation_tasks WHERE request_ref = ? ORDER BY id", ref))
                .satisfiesExactly(d -> assertThat(d).contains("2026-11-25 09:00"), d -> assertThat(d).contains("2026-11-26 09:00"),
                        d -> assertThat(d).contains("2026-11-27 09:00"));
        assertThat(events(ref)).filteredOn("task.opened"::equals).hasSize(3);
        // one mail per owner, listing their tasks: the licensing people get one task, the sales people two
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'tasks:%'", ref)).containsExactlyInAnyOrder(
                "alice.moreau@meridian-software.example", "bruno.silva@meridian-software.example", "henrik.vogel@meridian-software.example",
                "carla.jensen@meridian-software.example", "dev.patel@meridian-software.example");
        MimeMessage carla = HUB.awaitMail(ref, "carla.jensen@meridian-software.example", "Tasks for you");
        assertThat(TestHub.text(carla)).contains("Record the exception on the customer's CRM account", "Brief the customer")
                .doesNotContain("Raise the seat count");
        // the waiver is approved but not in effect yet
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ? AND in_effect_at IS NULL", ref)).containsExactly("ACTIVE");
    }

    @Test
    @Order(2)
    void aTaskIsRemindedOnceAtItsReminderPointEvenWhenTheSweepFiresTwice() throws Exception {
        // the entitlement task (8 business hours from Tuesday 10:00 Berlin) is reminded after 75 % of them: Tuesday 16:00 Berlin
        assertThat(sql.strings("SELECT remind_at FROM implementation_tasks WHERE request_ref = ? ORDER BY id", ref))
                .satisfiesExactly(d -> assertThat(d).contains("2026-11-24 15:00"), d -> assertThat(d).contains("2026-11-25 13:00"),
                        d -> assertThat(d).contains("2026-11-26 11:00"));
        clock("2026-11-24T14:59:00Z");
        sweepTwice();
        assertThat(events(ref)).doesNotContain("task.reminded");

        clock("2026-11-24T15:00:00Z");
        sweepTwice();
        assertThat(events(ref)).containsOnlyOnce("task.reminded").doesNotContain("task.overdue");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'task.reminded'", ref).get(0))
                .contains("\"key\":\"entitlement\"", "\"owner\":\"role licensing\"");
        assertThat(sql.strings("SELECT task_key FROM implementation_tasks WHERE request_ref = ? AND reminded_at IS NOT NULL", ref))
                .containsExactly("entitlement");
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'task-reminder:%'", ref))
                .containsExactlyInAnyOrder("alice.moreau@meridian-software.example", "bruno.silva@meridian-software.example",
                        "henrik.vogel@meridian-software.example");
        MimeMessage m = HUB.awaitMail(ref, "bruno.silva@meridian-software.example", "Reminder");
        assertThat(TestHub.text(m)).contains("Raise the seat count in the entitlement system", "due by 2026-11-25T09:00:00Z");
    }

    @Test
    @Order(3)
    void anOverdueTaskIsEscalatedOnceEvenWhenTheSweepFiresTwice() throws Exception {
        clock("2026-11-25T08:59:00Z");
        sweepTwice();
        assertThat(events(ref)).doesNotContain("task.overdue");

        clock("2026-11-25T09:30:00Z");   // the entitlement task (licensing, 8 h) is past due, the others are not
        sweepTwice();
        assertThat(events(ref)).containsOnlyOnce("task.overdue").containsOnlyOnce("task.reminded");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'task.overdue'", ref).get(0))
                .contains("\"key\":\"entitlement\"", "\"owner\":\"role licensing\"");
        assertThat(sql.count("SELECT COUNT(*) FROM implementation_tasks WHERE request_ref = ? AND escalated_at IS NOT NULL", ref)).isEqualTo(1);
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'task-overdue:%'", ref))
                .containsExactlyInAnyOrder("alice.moreau@meridian-software.example", "bruno.silva@meridian-software.example",
                        "henrik.vogel@meridian-software.example");
    }

    @Test
    @Order(4)
    void aTaskIsClosedOnlyByItsOwnerSomeoneHoldingItsRoleOrTheDesk() throws Exception {
        JsonNode carlas = JSON.readTree(HUB.get("/api/tasks?state=OPEN", "Authorization", bearer("carla.jensen")).body()).path("tasks");
        assertThat(StreamSupport.stream(carlas.spliterator(), false).map(t -> t.path("key").asText())).containsExactly("crm", "brief-customer");
        JsonNode all = JSON.readTree(HUB.get("/api/tasks").body()).path("tasks");   // the desk sees every task
        long entitlement = id(all, "entitlement");
        long crm = id(all, "crm");
        long brief = id(all, "brief-customer");
        assertThat(all.get(0).path("escalated").asBoolean()).isTrue();

        // a sales person may not close the licensing task, nor an auditor: 403 as a problem document, nothing changed
        for (String outsider : List.of("carla.jensen", "olga.nilsen")) {
            HttpResponse<String> refused = done(entitlement, outsider, "{\"note\": \"not mine\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        assertThat(sql.strings("SELECT state FROM implementation_tasks WHERE id = ?", entitlement)).containsExactly("OPEN");

        clock("2026-11-25T10:00:00Z");
        HttpResponse<String> ok = done(entitlement, "bruno.silva", "{\"note\": \"seats raised to 130\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).path("waiverInEffect").asBoolean()).isFalse();
        assertThat(sql.strings("SELECT state || ' ' || confirmed_by || ' ' || note FROM implementation_tasks WHERE id = ?", entitlement))
                .containsExactly("DONE person:bruno.silva seats raised to 130");
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'task.done'", ref))
                .singleElement().asString().startsWith("api-key:bruno.silva(");
        assertThat(done(entitlement, "alice.moreau", "{}").statusCode()).as("closed already").isEqualTo(409);
        assertThat(done(999_999, "alice.moreau", "{}").statusCode()).isEqualTo(404);

        // the sales owners and the desk close the rest
        assertThat(done(crm, "dev.patel", "").statusCode()).isEqualTo(200);
        assertThat(sql.strings("SELECT in_effect_at FROM waivers WHERE request_ref = ?", ref)).containsOnlyNulls();
        HttpResponse<String> last = HUB.post("/api/tasks/" + brief + "/done", "application/json",
                "{\"note\": \"customer briefed by phone\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
        assertThat(JSON.readTree(last.body()).path("waiverInEffect").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void whenAllItsTasksAreDoneTheWaiverIsInEffectAndTheCustomerIsMailedOnce() throws Exception {
        assertThat(sql.strings("SELECT in_effect_at FROM waivers WHERE request_ref = ?", ref).get(0)).contains("2026-11-25 10:00");
        assertThat(events(ref)).containsOnlyOnce("waiver.in-effect");
        MimeMessage m = HUB.awaitMail(ref, "contact@cust-tk-1.example", "now in effect");
        assertThat(TestHub.text(m)).contains("is now\nin place", "2027-03-01");
        // the sweep finds nothing more to escalate, and nothing is mailed twice
        clock("2026-12-10T09:00:00Z");
        sweepTwice();
        assertThat(events(ref)).containsOnlyOnce("task.overdue");
        long inEffectMails = Arrays.stream(HUB.mail.getReceivedMessages()).filter(x -> {
            try {
                return x.getSubject().contains("[" + ref + "]") && x.getSubject().contains("now in effect");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).count();
        assertThat(inEffectMails).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aWaiverWhoseTasksAreCancelledByARevocationNeverTakesEffect() throws Exception {
        clock("2026-12-14T09:00:00Z");
        // fast track, auto-approved by the policy: one licensing task
        HttpResponse<String> r = HUB.post("/api/requests", "application/json",
                request("CUST-TK-2", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-01-04", 30, 2400, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        String auto = JSON.readTree(r.body()).path("reference").asText();
        assertThat(JSON.readTree(r.body()).path("state").asText()).isEqualTo("APPROVED");
        assertThat(sql.strings("SELECT task_key || ' ' || owner_role FROM implementation_tasks WHERE request_ref = ?", auto))
                .containsExactly("entitlement licensing");
        HttpResponse<String> revoked = HUB.post("/api/waivers/" + auto + "/revocation", "application/json",
                "{\"rationale\": \"Customer cancelled the migration\"}".getBytes(StandardCharsets.UTF_8), "Authorization", bearer("alice.moreau"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(sql.strings("SELECT state FROM implementation_tasks WHERE request_ref = ?", auto)).containsExactly("CANCELLED");
        assertThat(events(auto)).containsOnlyOnce("task.cancelled").doesNotContain("waiver.in-effect");
        long task = Long.parseLong(sql.strings("SELECT id FROM implementation_tasks WHERE request_ref = ?", auto).get(0));
        assertThat(done(task, "alice.moreau", "{}").statusCode()).isEqualTo(409);
    }

    @Test
    @Order(7)
    void aTaskFirstSweptWhenAlreadyDueIsEscalatedWithoutAReminder() throws Exception {
        // Tuesday 2026-12-15 10:00 Berlin, auto-approved: one licensing task, reminded at 13:00 and due at 14:00 Berlin
        clock("2026-12-15T09:00:00Z");
        HttpResponse<String> r = HUB.post("/api/requests", "application/json",
                request("CUST-TK-3", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-01-04", 30, 2400, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        String late = JSON.readTree(r.body()).path("reference").asText();
        assertThat(JSON.readTree(r.body()).path("state").asText()).as(r.body()).isEqualTo("APPROVED");
        // the hub was down past both points: the first sweep escalates the task and does not remind of it as well
        clock("2026-12-16T09:00:00Z");
        sweepTwice();
        assertThat(events(late)).containsOnlyOnce("task.overdue").doesNotContain("task.reminded");
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'task-reminder:%'", late)).isZero();
    }

    @Test
    @Order(8)
    void aWaiverThatExpiresWithATaskOpenHasItCancelledOnceNotEscalated() throws Exception {
        clock("2026-12-16T09:00:00Z");
        HttpResponse<String> r = HUB.post("/api/requests", "application/json",
                request("CUST-TK-4", "TEMPORARY_ACCESS", "\"seats\": 40", "2027-01-04", 30, 2400, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        String ended = JSON.readTree(r.body()).path("reference").asText();
        assertThat(JSON.readTree(r.body()).path("state").asText()).as(r.body()).isEqualTo("APPROVED");
        assertThat(sql.strings("SELECT state FROM implementation_tasks WHERE request_ref = ?", ended)).containsExactly("OPEN");

        // past the waiver's end; the expiry sweep fired twice (or on two nodes) cancels the task once
        clock("2027-03-01T09:00:00Z");
        template.requestBody("direct:expiry-sweep", (Object) null);
        template.requestBody("direct:expiry-sweep", (Object) null);
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ended)).containsExactly("EXPIRED");
        assertThat(sql.strings("SELECT state || ' ' || done_by FROM implementation_tasks WHERE request_ref = ?", ended))
                .containsExactly("CANCELLED system:expiry-sweep");
        assertThat(events(ended)).containsOnlyOnce("task.cancelled").doesNotContain("waiver.in-effect");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'task.cancelled'", ended))
                .singleElement().asString().contains("\"why\":\"waiver expired\"");

        // the SLA sweep then has nothing to remind or escalate for it
        sweepTwice();
        assertThat(events(ended)).doesNotContain("task.reminded", "task.overdue");
    }

    // --- helpers

    private static void clock(String instant) {
        MutableClockConfiguration.CLOCK.set(Instant.parse(instant));
    }

    private void sweepTwice() {
        template.requestBody("direct:sla-sweep", (Object) null);
        template.requestBody("direct:sla-sweep", (Object) null);
    }

    private List<String> events(String reference) {
        return sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? ORDER BY seq", reference);
    }

    private static String bearer(String approver) {
        return "Bearer " + HUB.key(approver, "approver");
    }

    private static long id(JsonNode tasks, String key) {
        return StreamSupport.stream(tasks.spliterator(), false).filter(t -> t.path("key").asText().equals(key)).findFirst().orElseThrow()
                .path("id").asLong();
    }

    private static HttpResponse<String> done(long task, String approver, String body) throws Exception {
        return HUB.post("/api/tasks/" + task + "/done", "application/json", body.getBytes(StandardCharsets.UTF_8), "Authorization", bearer(approver));
    }

    private static void decide(String reference, String approver) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests/" + reference + "/decisions", "application/json",
                "{\"decision\": \"approve\", \"rationale\": \"fine\"}".getBytes(StandardCharsets.UTF_8), "Authorization", bearer(approver));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
