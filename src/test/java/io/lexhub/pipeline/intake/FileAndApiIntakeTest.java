package io.lexhub.pipeline.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole intake path on the real YAML routes, an H2 file database and a real SMTP server:
 * file drop and REST in, stored request, explanation, audit events and the mail out.
 * {@link FileAndApiIntakePostgresTest} runs the same tests on the PostgreSQL profile.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileAndApiIntakeTest {

    /** Made with the test instance, before Camel starts (one instance per class). */
    final TestHub hub = TestHub.prepare(getClass().getSimpleName());
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLES = Path.of("examples/requests");

    @BeanInject
    Database database;

    /** Per example: the state it must end in and, where it is not accepted, the fields named as reasons. */
    record Expected(String state, String track, List<String> issueFields) {}

    static final Map<String, Expected> EXPECTED = Map.of(
            "volume-discount.json", new Expected("PENDING_APPROVAL", "STANDARD", List.of()),
            // the guidelines' example: 18 % for three years, signed off by an executive
            "multi-year-volume-discount.json", new Expected("PENDING_APPROVAL", "STANDARD", List.of()),
            // fast track and inside the policy's auto-approval bounds: approved by the policy itself
            "renewal-temporary-access.yaml", new Expected("APPROVED", "FAST", List.of()),
            "migration-extra-seats.json", new Expected("PENDING_APPROVAL", "STANDARD", List.of()),
            "pilot-feature-unlock.yaml", new Expected("PENDING_APPROVAL", "STANDARD", List.of()),
            "territory-rights.json", new Expected("PENDING_APPROVAL", "STANDARD", List.of()),
            "missing-data.json", new Expected("NEEDS_INFO", null, List.of("customer.contactEmail", "justification", "terms.end")),
            "conflicting-terms.json", new Expected("REJECTED", null, List.of("terms.discountPercent", "terms.durationDays")));

    @AfterAll
    void stopMail() {
        hub.close();
    }

    /** Every answer these tests get is also checked against the hub's own /api/openapi.json (support/ApiContract). */
    @BeforeEach
    void answersKeepToTheApiContract() {
        hub.checkAnswersAgainstTheApiContract();
    }

    @Test
    void everyExampleDroppedIntoTheInboxIsStoredExplainedAuditedAndAcknowledged() throws Exception {
        for (String name : EXPECTED.keySet()) Files.copy(EXAMPLES.resolve(name), hub.inbox().resolve(name));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE source = 'file'") >= EXPECTED.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> archived("done").size() >= EXPECTED.size());

        for (var e : EXPECTED.entrySet()) {
            String file = e.getKey();
            Expected expected = e.getValue();
            String ref = sql.strings("SELECT reference FROM requests WHERE file_name = ?", file).get(0);
            assertThat(ref).matches("EXC-\\d{4}-\\d{6}");
            JsonNode v = view(ref);
            assertThat(v.path("state").asText()).as(file).isEqualTo(expected.state());
            assertThat(v.path("policyVersion").asText()).as(file).isNotBlank();
            List<String> events = texts(v.path("audit"), "type");
            assertThat(events).as(file).startsWith("request.received", "request.assessed");
            switch (expected.state()) {
                case "PENDING_APPROVAL" -> assertThat(events).as(file).containsExactly("request.received", "request.assessed", "approval.level-opened");
                // an auto-approval opens the policy's implementation tasks of its type (docs/tasks.md)
                case "APPROVED" -> assertThat(events).as(file).startsWith("request.received", "request.assessed", "decision.approved")
                        .containsOnly("request.received", "request.assessed", "decision.approved", "task.opened");
                default -> assertThat(events).as(file).hasSize(2);
            }

            if (expected.issueFields().isEmpty()) {
                assertThat(v.path("validation").path("verdict").asText()).as(file).isEqualTo("ACCEPTED");
                assertThat(v.path("triage").path("track").asText()).as(file).isEqualTo(expected.track());
                assertExplained(file, v.path("risk"));
                JsonNode route = v.path("route");
                assertThat(route.path("tier").asText()).as(file).isNotBlank();
                assertThat(route.path("explanation").asText()).as(file).isNotBlank();
                assertThat(route.path("levels")).as(file).isNotEmpty();
            } else {
                assertThat(texts(v.path("validation").path("issues"), "field")).as(file).containsAll(expected.issueFields());
                assertThat(v.has("risk")).as(file + " is not scored").isFalse();
            }
        }
        assertThat(texts(view(refOf(sql, "territory-rights.json")).path("route").path("levels"), "role")).contains("security");
        JsonNode longDiscount = view(refOf(sql, "multi-year-volume-discount.json")).path("route");
        assertThat(texts(longDiscount.path("levels"), "role")).contains("executive");
        assertThat(longDiscount.path("explanation").asText()).contains("XL-EXECUTIVE");

        // every request has its reply in the mailbox: acknowledgement, request for information or rejection
        await().atMost(Duration.ofSeconds(20)).until(() -> hub.mail.getReceivedMessages().length >= EXPECTED.size());
        assertMail(sql, "volume-discount.json", "procurement@brightwater-logistics.example", "We received your license exception request", "awaiting approval");
        assertMail(sql, "missing-data.json", "oliver.grant@pinecrest-eng.example", "More information needed", "customer.contactEmail");
        assertMail(sql, "conflicting-terms.json", "licenses@silverline-media.example", "cannot be processed", "terms.discountPercent");
        assertMail(sql, "renewal-temporary-access.yaml", "it-admin@fernhill-architects.example", "is approved", "From 2027-01-04 to 2027-02-02");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                sql.count("SELECT COUNT(*) FROM outbox WHERE status <> 'SENT' AND request_ref IN (SELECT reference FROM requests WHERE source = 'file')") == 0);
        assertThat(view(refOf(sql, "volume-discount.json")).path("notifications").get(0).path("status").asText()).isEqualTo("SENT");
    }

    @Test
    void theSameFileDroppedTwiceGivesOneRequest() throws Exception {
        byte[] doc = variant("migration-extra-seats.json", "CUST-31560", "CUST-DUP-1");
        Files.write(hub.inbox().resolve("dup-first.json"), doc);
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-DUP-1'") == 1);
        Files.write(hub.inbox().resolve("dup-second-name.json"), doc);
        await().atMost(Duration.ofSeconds(20)).until(() -> archived("done").stream().anyMatch(n -> n.endsWith("dup-second-name.json")));
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-DUP-1'")).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'intake:%' AND request_ref = (SELECT reference FROM requests WHERE customer_id = 'CUST-DUP-1')")).isEqualTo(1);
    }

    @Test
    void aMalformedFileEndsInTheFailedFolderWithAReasonAndIsQuarantined() throws Exception {
        byte[] broken = Files.readAllBytes(Path.of("examples/malformed/broken.json"));
        Files.write(hub.inbox().resolve("broken.json"), broken);
        // the reason file is written first, the file itself is moved when the exchange completes
        await().atMost(Duration.ofSeconds(20)).until(() -> archived("failed").stream().anyMatch(n -> n.endsWith("broken.json.reason.txt"))
                && archived("failed").stream().anyMatch(n -> n.endsWith("-broken.json")));
        List<String> failed = archived("failed");
        String kept = failed.stream().filter(n -> n.endsWith("-broken.json")).findFirst().orElseThrow();
        assertThat(Files.readAllBytes(hub.home.resolve("failed").resolve(kept))).isEqualTo(broken);
        String reason = Files.readString(hub.home.resolve("failed").resolve(kept + ".reason.txt"));
        assertThat(reason).contains("could not be read as a license exception request").contains("line");
        assertThat(Files.list(hub.inbox()).toList()).noneMatch(p -> p.getFileName().toString().equals("broken.json"));
        Sql sql = new Sql(database);
        assertThat(sql.strings("SELECT content_base64 FROM quarantine WHERE file_name = 'broken.json'"))
                .containsExactly(java.util.Base64.getEncoder().encodeToString(broken));
    }

    @Test
    void theApiTakesTheSameDocumentAndIsIdempotent() throws Exception {
        byte[] doc = variant("pilot-feature-unlock.yaml", "CUST-40233", "CUST-API-1");
        HttpResponse<String> created = hub.post("/api/requests", "application/yaml", doc);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String ref = body.path("reference").asText();
        assertThat(body.path("state").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/requests/" + ref);
        assertThat(created.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));

        HttpResponse<String> again = hub.post("/api/requests", "application/yaml", doc);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("reference").asText()).isEqualTo(ref);
        assertThat(JSON.readTree(again.body()).path("duplicate").asBoolean()).isTrue();

        byte[] changed = (new String(doc, StandardCharsets.UTF_8) + "\n# edited after submission\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> reused = hub.post("/api/requests", "application/yaml", changed);
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(reused.body()).path("detail").asText()).contains("already used for " + ref);

        JsonNode v = view(ref);
        assertThat(v.path("source").asText()).isEqualTo("api");
        assertExplained("api", v.path("risk"));
    }

    @Test
    void concurrentSubmissionsGetDistinctReferenceNumbers() throws Exception {
        String template = Files.readString(EXAMPLES.resolve("migration-extra-seats.json"));
        int n = 40;
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < n; i++) {
                byte[] doc = template.replace("CUST-31560", "CUST-PAR-" + i).replace("HRG-MIG-2027-01", "PAR-" + i).getBytes(StandardCharsets.UTF_8);
                calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return hub.post("/api/requests", "application/json", doc);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<String> refs = new ArrayList<>();
            for (var call : calls) {
                HttpResponse<String> r = call.get();
                assertThat(r.statusCode()).isEqualTo(201);
                refs.add(JSON.readTree(r.body()).path("reference").asText());
            }
            assertThat(refs).doesNotHaveDuplicates().allMatch(ref -> ref.matches("EXC-\\d{4}-\\d{6}"));
        } finally {
            pool.shutdown();
        }
    }

    /** Numbers come from a sequence (V52): not gapless, but a number whose transaction rolled back is on record and never given again. */
    @Test
    void aNumberTakenByATransactionThatRolledBackIsRecordedAndNeverGivenAgain() throws Exception {
        String template = Files.readString(EXAMPLES.resolve("migration-extra-seats.json"));
        byte[] first = template.replace("CUST-31560", "CUST-NUM-1").replace("HRG-MIG-2027-01", "NUM-1").getBytes(StandardCharsets.UTF_8);
        byte[] second = template.replace("CUST-31560", "CUST-NUM-2").replace("HRG-MIG-2027-01", "NUM-2").getBytes(StandardCharsets.UTF_8);
        Sql sql = new Sql(database);
        HttpResponse<String> stored = hub.post("/api/requests", "application/json", first);
        assertThat(stored.statusCode()).isEqualTo(201);
        String before = JSON.readTree(stored.body()).path("reference").asText();

        // the approval chain cannot be written: the intake transaction fails after it took its number
        sql.update("ALTER TABLE approval_levels RENAME TO approval_levels_away");
        HttpResponse<String> failed;
        try {
            failed = hub.post("/api/requests", "application/json", second);
        } finally {
            sql.update("ALTER TABLE approval_levels_away RENAME TO approval_levels");
        }
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        List<String> unused = sql.strings("SELECT request_ref FROM audit_events WHERE event_type = 'request.number-unused'");
        assertThat(unused).hasSize(1);
        String gap = unused.get(0);
        assertThat(number(gap)).isGreaterThan(number(before));
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE reference = ?", gap)).isZero();
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'request.number-unused'").get(0)).contains("rolled back");

        // sent again, the request gets the next number, never the unused one
        HttpResponse<String> again = hub.post("/api/requests", "application/json", second);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(number(JSON.readTree(again.body()).path("reference").asText())).isGreaterThan(number(gap));
    }

    private static long number(String reference) {
        return Long.parseLong(reference.substring(reference.lastIndexOf('-') + 1));
    }

    @Test
    void theApiRefusesUnreadableDocumentsWithEveryProblem() throws Exception {
        HttpResponse<String> r = hub.post("/api/requests", "application/json", "{\"customer\": {\"id\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("problems")).isNotEmpty();
        assertThat(body.path("quarantineId").asLong()).isPositive();

        assertThat(hub.post("/api/requests", "application/json", "{}".getBytes(), "Idempotency-Key", "bad key with spaces").statusCode())
                .isEqualTo(400);
        assertThat(hub.get("/api/requests/EXC-1999-000001").statusCode()).isEqualTo(404);
        assertThat(hub.get("/api/requests/not-a-reference").statusCode()).isEqualTo(400);
    }

    @Test
    void healthIsUpWithTheDatabaseAndRoutes() throws Exception {
        HttpResponse<String> r = hub.get("/api/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("routes").path("intake-file-drop").asText()).isEqualTo("Started");
    }

    /** Every point of the score is explained, and the explanation adds up to the score. */
    private static void assertExplained(String what, JsonNode risk) {
        assertThat(risk.path("score").isNumber()).as(what).isTrue();
        assertThat(risk.path("level").asText()).as(what).isNotBlank();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode c : risk.path("contributions")) {
            assertThat(c.path("ruleId").asText()).as(what).isNotBlank();
            assertThat(c.path("explanation").asText()).as(what).isNotBlank();
            sum = sum.add(c.path("weighted").decimalValue());
        }
        assertThat(sum.setScale(1, java.math.RoundingMode.HALF_UP)).as(what).isEqualByComparingTo(risk.path("score").decimalValue());
    }

    private void assertMail(Sql sql, String file, String to, String subject, String bodyText) throws Exception {
        String ref = refOf(sql, file);
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(ref, to).isPresent());
        MimeMessage m = mailTo(ref, to).orElseThrow();
        assertThat(m.getSubject()).contains(subject);
        assertThat(m.getFrom()[0].toString()).isEqualTo("licensing-exceptions@lexhub.invalid");
        assertThat(((String) m.getContent())).contains(ref).contains(bodyText);
    }

    private java.util.Optional<MimeMessage> mailTo(String ref, String to) {
        return Arrays.stream(hub.mail.getReceivedMessages())
                .filter(msg -> {
                    try {
                        return msg.getSubject().contains("[" + ref + "]") && msg.getAllRecipients()[0].toString().equals(to);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .findFirst();
    }

    private static String refOf(Sql sql, String file) {
        return sql.strings("SELECT reference FROM requests WHERE file_name = ?", file).get(0);
    }

    private JsonNode view(String ref) throws Exception {
        HttpResponse<String> r = hub.get("/api/requests/" + ref);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    private List<String> archived(String folder) throws Exception {
        try (Stream<Path> files = Files.list(hub.home.resolve(folder))) {
            return new ArrayList<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** An example with another customer id, so it neither duplicates nor conflicts with the original. */
    private static byte[] variant(String example, String customerId, String newId) throws Exception {
        String text = Files.readString(EXAMPLES.resolve(example)).replace(customerId, newId);
        assertThat(text).contains(newId);
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
