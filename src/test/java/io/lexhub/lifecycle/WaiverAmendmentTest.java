package io.lexhub.lifecycle;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Cli;
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
 * POST /api/waivers/{reference}/amendments on the real routes (docs/workspace.md, "Amend a
 * waiver"): a widening is refused with its reasons and changes nothing; a narrowing changes the
 * waiver's row, is audited and told to the customer by mail, and the audit chain still reconciles;
 * of two amendments from the same state one wins and the other gets 409; the expiry sweep ends the
 * waiver after its new end and the revert event carries the narrowed terms. One clock, in order.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WaiverAmendmentTest {

    static final TestHub HUB = TestHub.prepare("waiver-amendment");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;
    @BeanInject
    ProducerTemplate template;

    Sql sql;
    /** 30 seats of temporary access, 6 Jan to 4 Feb 2027 (the policy's fast track approves it at once). */
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
    void aWideningOrAnInvalidChangeIsRefusedWithItsReasonsAndChangesNothing() throws Exception {
        clock("2027-01-04T09:00:00Z");
        ref = submit(request("CUST-AM-1", "TEMPORARY_ACCESS", "\"seats\": 30", "2027-01-06", 30, 2400, "INTERNAL", null));
        assertThat(sql.strings("SELECT state || ' ' || end_date FROM waivers WHERE request_ref = ?", ref)).containsExactly("ACTIVE 2027-02-04");
        String expected = "\"expected\": {\"end\": \"2027-02-04\", \"seats\": 30}";

        JsonNode later = JSON.readTree(amend("alice.moreau", "{\"end\": \"2027-03-01\", \"rationale\": \"r\", " + expected + "}", 400).body());
        assertThat(later.path("issues").findValuesAsText("field")).containsExactly("end");
        assertThat(later.path("issues").get(0).path("message").asText()).contains("widens the waiver", "a renewal");
        JsonNode more = JSON.readTree(amend("alice.moreau", "{\"seats\": 31, \"rationale\": \"r\", " + expected + "}", 400).body());
        assertThat(more.path("issues").get(0).path("message").asText()).startsWith("More seats than 30 widens the waiver");
        JsonNode zero = JSON.readTree(amend("alice.moreau", "{\"seats\": 0, \"end\": \"2027-01-03\", \"rationale\": \"r\", " + expected + "}", 400).body());
        assertThat(zero.path("issues").findValuesAsText("field")).containsExactly("end", "seats");
        assertThat(zero.toString()).contains("before today", "revoke it instead");
        assertThat(amend("alice.moreau", "{\"end\": \"31/01/2027\", \"rationale\": \"r\", " + expected + "}", 400).body()).contains("not a date");
        // who may: the licensing or audit role (Carla is sales), with a rationale, on a waiver that exists
        assertThat(amend("carla.jensen", "{\"seats\": 20, \"rationale\": \"r\", " + expected + "}", 403).body()).contains("does not hold any of the roles");
        amend("alice.moreau", "{\"seats\": 20, \"rationale\": \" \", " + expected + "}", 400);
        amend("alice.moreau", "{\"seats\": 20, \"rationale\": \"r\"}", 400);
        assertThat(HUB.post("/api/waivers/EXC-2000-999999/amendments", "application/json", ("{\"seats\": 20, \"rationale\": \"r\", " + expected + "}")
                .getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + HUB.key("alice.moreau", "approver")).statusCode()).isEqualTo(404);

        assertThat(sql.strings("SELECT end_date FROM waivers WHERE request_ref = ?", ref)).containsExactly("2027-02-04");
        assertThat(events(ref)).doesNotContain("waiver.amended");
    }

    @Test
    @Order(2)
    void aNarrowingChangesTheRowIsAuditedToldToTheCustomerAndReconciles() throws Exception {
        clock("2027-01-08T10:00:00Z");
        HttpResponse<String> r = amend("alice.moreau", "{\"end\": \"2027-01-25\", \"seats\": 20, \"rationale\": \"The migration finishes early\","
                + " \"expected\": {\"end\": \"2027-02-04\", \"seats\": 30}}", 200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("before").toString()).isEqualTo("{\"end\":\"2027-02-04\",\"seats\":30}");
        assertThat(body.path("after").toString()).isEqualTo("{\"end\":\"2027-01-25\",\"seats\":20}");

        assertThat(sql.strings("SELECT state || ' ' || end_date FROM waivers WHERE request_ref = ?", ref)).containsExactly("ACTIVE 2027-01-25");
        JsonNode granted = JSON.readTree(sql.strings("SELECT granted FROM waivers WHERE request_ref = ?", ref).get(0));
        assertThat(granted.path("terms").path("seats").asInt()).isEqualTo(20);
        assertThat(granted.path("terms").path("durationDays").asInt()).isEqualTo(20);
        assertThat(granted.path("end").asText()).isEqualTo("2027-01-25");
        // the history the API shows is the row's
        assertThat(JSON.readTree(HUB.get("/api/waivers/" + ref).body()).toString()).contains("2027-01-25");

        assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.amended'", ref))
                .singleElement().satisfies(a -> assertThat(a).contains("alice.moreau"));
        JsonNode event = JSON.readTree(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.amended'", ref).get(0));
        assertThat(event.path("before").path("seats").asInt()).isEqualTo(30);
        assertThat(event.path("after").path("end").asText()).isEqualTo("2027-01-25");
        assertThat(event.path("rationale").asText()).isEqualTo("The migration finishes early");

        String customer = sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key = ?", ref, "amended:" + ref + ":2027-01-25:20").get(0);
        String mail = TestHub.text(HUB.awaitMail(ref, customer, "narrowed"));
        assertThat(mail).contains("it now ends on 2027-01-25 instead of 2027-02-04", "it now grants 20 seats instead of 30", "The migration finishes early");
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND dedup_key LIKE ?", ref, "amended:" + ref + ":%:licensing-desk@%"))
                .isEqualTo(1);

        Cli.Run verify = Cli.run("audit", "verify");
        System.out.println("[amendment] " + verify.out().lines().filter(l -> l.contains("OK")).toList());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("chain intact").containsPattern("OK: \\d+ rows match the audit trail");

        // the state it was amended from is gone: the same amendment again is a conflict, and says what the waiver is now
        HttpResponse<String> again = amend("alice.moreau", "{\"seats\": 10, \"rationale\": \"r\", \"expected\": {\"end\": \"2027-02-04\", \"seats\": 30}}", 409);
        assertThat(again.body()).contains("was changed since you saw it", "ends 25 Jan 2027, 20 seats");
    }

    @Test
    @Order(3)
    void ofTwoAmendmentsFromTheSameStateOneWinsAndTheOtherIsRefused() throws Exception {
        clock("2027-01-09T10:00:00Z");
        String expected = "\"expected\": {\"end\": \"2027-01-25\", \"seats\": 20}";
        List<String> bodies = List.of("{\"seats\": 15, \"rationale\": \"Desk: fewer users\", " + expected + "}",
                "{\"end\": \"2027-01-20\", \"rationale\": \"Audit: earlier end\", " + expected + "}");
        List<String> keys = List.of(HUB.key("alice.moreau", "approver"), HUB.key("olga.nilsen", "audit"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> statuses = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                byte[] doc = bodies.get(i).getBytes(StandardCharsets.UTF_8);
                String key = keys.get(i);
                answers.add(pool.submit(() -> {
                    go.await();
                    return HUB.post("/api/waivers/" + ref + "/amendments", "application/json", doc, "Authorization", "Bearer " + key);
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> f : answers) statuses.add(f.get(60, TimeUnit.SECONDS).statusCode());
        } finally {
            pool.shutdownNow();
        }
        System.out.println("[amendment] two amendments at once answered " + statuses);
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(events(ref).stream().filter("waiver.amended"::equals)).hasSize(2);
        String row = sql.strings("SELECT end_date || ' ' || granted FROM waivers WHERE request_ref = ?", ref).get(0);
        // exactly one of the two took effect, never a mix
        assertThat(row.startsWith("2027-01-25") && row.contains("\"seats\":15") || row.startsWith("2027-01-20") && row.contains("\"seats\":20"))
                .as(row).isTrue();
        assertThat(Cli.run("audit", "verify").exit()).isZero();
    }

    @Test
    @Order(4)
    void theExpirySweepEndsTheWaiverAfterItsNewEndWithTheNarrowedTerms() throws Exception {
        String end = sql.strings("SELECT end_date FROM waivers WHERE request_ref = ?", ref).get(0);
        int seats = JSON.readTree(sql.strings("SELECT granted FROM waivers WHERE request_ref = ?", ref).get(0)).path("terms").path("seats").asInt();
        clock(end + "T20:00:00Z");   // the new last day itself: still active
        template.requestBody("direct:expiry-sweep", (Object) null);
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ref)).containsExactly("ACTIVE");
        clock(java.time.LocalDate.parse(end).plusDays(1) + "T08:00:00Z");
        template.requestBody("direct:expiry-sweep", (Object) null);
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ref)).containsExactly("EXPIRED");

        Path file = HUB.home.resolve("entitlement-events").resolve("revert-" + ref + ".json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
        JsonNode revert = JSON.readTree(Files.readString(file));
        assertThat(revert.path("endedOn").asText()).isEqualTo(end);
        assertThat(revert.path("granted").path("terms").path("seats").asInt()).isEqualTo(seats);
        assertThat(revert.path("granted").path("end").asText()).isEqualTo(end);
        // an ended waiver is not amended
        amend("alice.moreau", "{\"seats\": 1, \"rationale\": \"r\", \"expected\": {\"end\": \"" + end + "\", \"seats\": " + seats + "}}", 409);
    }

    // --- helpers

    private static void clock(String instant) {
        MutableClockConfiguration.CLOCK.set(Instant.parse(instant));
    }

    private HttpResponse<String> amend(String who, String body, int status) throws Exception {
        HttpResponse<String> r = HUB.post("/api/waivers/" + ref + "/amendments", "application/json", body.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key(who, "approver"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status >= 400) assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return r;
    }

    private String submit(String doc) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).as(r.body()).isEqualTo("APPROVED");
        return body.path("reference").asText();
    }

    private List<String> events(String ref) {
        return sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? ORDER BY seq", ref);
    }
}
