package io.lexhub.pipeline.intake;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * POST /api/requests/check on the real routes: it answers what intake then answers for the same
 * document (every example), shows nothing internal, refuses unreadable input like the submission,
 * and writes nothing at all (the rows of every table intake writes are counted around the checks).
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestCheckTest {

    final TestHub hub = TestHub.prepare(getClass().getSimpleName());
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TABLES = List.of("requests", "audit_events", "outbox", "quarantine");

    @BeanInject
    Database database;

    @AfterAll
    void stopMail() {
        hub.close();
    }

    @BeforeEach
    void answersKeepToTheApiContract() {
        hub.checkAnswersAgainstTheApiContract();
    }

    @Test
    void theCheckAnswersWhatIntakeThenDecidesAndWritesNothing() throws Exception {
        Sql sql = new Sql(database);
        String intake = hub.key("crm-connector", "intake");
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples/requests"))) {
            examples = files.filter(f -> f.toString().matches(".*\\.(json|ya?ml)")).sorted().toList();
        }
        Map<String, Long> before = counts(sql);
        List<JsonNode> checked = new ArrayList<>();
        for (Path example : examples) {
            HttpResponse<String> r = hub.post("/api/requests/check", type(example), Files.readAllBytes(example), "Authorization", "Bearer " + intake);
            assertThat(r.statusCode()).as(example + ": " + r.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(r.body());
            // nothing internal: no score, level, tier, chain, triage criteria, approvers
            assertThat(answer.fieldNames()).toIterable().as(example.toString()).isSubsetOf("verdict", "issues", "track", "policyVersion");
            assertThat(r.body()).doesNotContain("riskScore", "tier", "licensing", "maxRevenueImpact", "10000");
            checked.add(answer);
        }
        assertThat(counts(sql)).as("a check writes nothing").isEqualTo(before);
        System.out.println("[check] " + examples.size() + " examples checked, rows unchanged: " + before);

        // then submitted for real: the same verdict, the same issues, the same track
        for (int i = 0; i < examples.size(); i++) {
            Path example = examples.get(i);
            HttpResponse<String> r = hub.post("/api/requests", type(example), Files.readAllBytes(example), "Authorization", "Bearer " + intake);
            assertThat(r.statusCode()).as(example + ": " + r.body()).isEqualTo(201);
            JsonNode stored = JSON.readTree(r.body());
            String state = stored.path("state").asText();
            String verdict = switch (state) {
                case "NEEDS_INFO" -> "NEEDS_INFO";
                case "REJECTED" -> "REJECTED";
                default -> "ACCEPTED";
            };
            JsonNode check = checked.get(i);
            assertThat(check.path("verdict").asText()).as(example.toString()).isEqualTo(verdict);
            assertThat(check.path("issues")).as(example.toString()).isEqualTo(stored.path("issues"));
            assertThat(check.path("track").asText(null)).as(example.toString()).isEqualTo(stored.path("track").asText(null));
        }
    }

    @Test
    void anOverlapWithARequestOnFileIsFoundByReadingAndEveryReasonIsGiven() throws Exception {
        Sql sql = new Sql(database);
        String doc = request("CUST-CHK-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null);
        HttpResponse<String> first = hub.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String ref = JSON.readTree(first.body()).path("reference").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'") == 0);
        String usage = hub.key("usage-feed", "usage");
        Map<String, Long> before = counts(sql);

        // the same period again, with a discount EXTRA_SEATS may not carry: both reasons at once
        String conflicting = doc.replace("\"seats\": 30", "\"seats\": 30, \"discountPercent\": 10");
        HttpResponse<String> r = hub.post("/api/requests/check", "application/json", conflicting.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("verdict").asText()).isEqualTo("REJECTED");
        List<String> codes = new ArrayList<>();
        answer.path("issues").forEach(i -> codes.add(i.path("field").asText() + "/" + i.path("code").asText()));
        assertThat(codes).contains("terms/conflict", "terms.discountPercent/not-allowed");
        assertThat(r.body()).contains(ref);

        // missing data: NEEDS_INFO naming the field
        String missing = doc.replace("\"seats\": 30", "\"regions\": [\"DE\"]").replace("CUST-CHK-1", "CUST-CHK-2");
        JsonNode needs = JSON.readTree(hub.post("/api/requests/check", "application/json", missing.getBytes(StandardCharsets.UTF_8)).body());
        assertThat(needs.path("verdict").asText()).as(needs.toString()).isIn("NEEDS_INFO", "REJECTED");
        assertThat(needs.toString()).contains("terms.seats");

        // unreadable: the submission's problem answer, without a quarantine entry
        for (String bad : List.of("{\"customer\": ", "[1, 2]", "")) {
            HttpResponse<String> refused = hub.post("/api/requests/check", "application/json", bad.getBytes(StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:lexhub:problem:invalid-request");
            assertThat(problem.path("problems").size()).isPositive();
            assertThat(problem.has("quarantineId")).isFalse();
        }

        // who may ask: an intake key, not an outsider, not a key for something else
        assertThat(hub.anonymous("POST", "/api/requests/check", "application/json", doc.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(401);
        assertThat(hub.post("/api/requests/check", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + usage).statusCode()).isEqualTo(403);
        assertThat(counts(sql)).as("checks, refused ones too, write nothing").isEqualTo(before);
    }

    private static String type(Path example) {
        return example.toString().endsWith(".json") ? "application/json" : "application/yaml";
    }

    private static Map<String, Long> counts(Sql sql) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : TABLES) out.put(table, sql.count("SELECT COUNT(*) FROM " + table));
        return out;
    }
}
