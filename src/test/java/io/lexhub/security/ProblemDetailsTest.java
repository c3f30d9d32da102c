package io.lexhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every error answer of the API is a problem document (RFC 9457): each kind of failure sent to
 * each route family on the real routes, checked for its media type, members and status.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemDetailsTest {

    static final TestHub HUB = TestHub.prepare("problems");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    CamelContext camel;

    @AfterAll
    void stop() {
        HUB.close();
    }

    /** Every answer these tests get is also checked against the hub's own /api/openapi.json (support/ApiContract). */
    @BeforeEach
    void answersKeepToTheApiContract() {
        HUB.checkAnswersAgainstTheApiContract();
    }

    @Test
    void credentialsMissingOrTooWeak() throws Exception {
        problem(HUB.anonymous("GET", "/api/requests/EXC-2026-000001", null, null), 401, "/api/requests/EXC-2026-000001");
        String intake = HUB.key("intake-client", "intake");
        problem(HUB.get("/api/quarantine", "Authorization", "Bearer " + intake), 403, "/api/quarantine");
        problem(HUB.anonymous("GET", "/api/requests/EXC-2026-000001", null, null, "Authorization", "Bearer lxk_not-a-key"), 401, null);
    }

    @Test
    void whatNoRouteServes() throws Exception {
        problem(HUB.get("/api/no-such-thing"), 404, "/api/no-such-thing");
        problem(HUB.get("/api/reviews/1"), 405, "/api/reviews/1");
        problem(HUB.get("/api/requests/%2e%2e/health"), 400, null);
    }

    @Test
    void requests() throws Exception {
        problem(HUB.get("/api/requests/not-a-reference"), 400, "/api/requests/not-a-reference");
        problem(HUB.get("/api/requests/EXC-2026-999999"), 404, "/api/requests/EXC-2026-999999");
        JsonNode unreadable = problem(HUB.post("/api/requests", "application/json", "{\"customer\": ".getBytes(StandardCharsets.UTF_8)), 400, "/api/requests");
        assertThat(unreadable.path("type").asText()).isEqualTo("urn:lexhub:problem:invalid-request");
        assertThat(unreadable.path("problems")).isNotEmpty();

        byte[] doc = Files.readAllBytes(Path.of("examples/requests/migration-extra-seats.json"));
        assertThat(HUB.post("/api/requests", "application/json", doc, "Idempotency-Key", "problem-key-1").statusCode()).isIn(200, 201);
        byte[] other = new String(doc, StandardCharsets.UTF_8).replace("\"seats\": 150", "\"seats\": 140").getBytes(StandardCharsets.UTF_8);
        JsonNode conflict = problem(HUB.post("/api/requests", "application/json", other, "Idempotency-Key", "problem-key-1"), 409, "/api/requests");
        assertThat(conflict.path("type").asText()).isEqualTo("urn:lexhub:problem:idempotency-conflict");
        assertThat(conflict.path("href").asText()).startsWith("/api/requests/EXC-");
    }

    @Test
    void decisionsAndWaivers() throws Exception {
        String approver = HUB.key("alice.moreau", "approver");
        String path = "/api/requests/EXC-2026-999999/decisions";
        problem(HUB.post(path, "application/json", "[]".getBytes(), "Authorization", "Bearer " + approver), 400, path);
        problem(HUB.post(path, "application/json", "{\"decision\": \"APPROVE\", \"rationale\": \"The migration plan is attached.\"}".getBytes(),
                "Authorization", "Bearer " + approver), 404, path);
    }

    @Test
    void quarantineOutboxAndUsage() throws Exception {
        problem(HUB.get("/api/quarantine/abc"), 400, "/api/quarantine/abc");
        problem(HUB.get("/api/quarantine/999999"), 404, "/api/quarantine/999999");
        problem(HUB.post("/api/quarantine/999999/replay", "application/json", new byte[0]), 404, "/api/quarantine/999999/replay");
        problem(HUB.post("/api/outbox/abc/retry", "application/json", new byte[0]), 400, "/api/outbox/abc/retry");
        problem(HUB.post("/api/outbox/999999/discard", "application/json", new byte[0]), 404, "/api/outbox/999999/discard");
        problem(HUB.post("/api/usage", "application/json", "not a usage report".getBytes()), 400, "/api/usage");
    }

    @Test
    void anUnexpectedFailureIsA500WithTheIdOfItsLogRecord() throws Exception {
        AdviceWith.adviceWith(camel, "api-outbox-failed",
                a -> a.weaveById("api-list-outbox-failed").replace().throwException(new IllegalStateException("disk on fire")));
        JsonNode p = problem(HUB.get("/api/outbox/failed"), 500, "/api/outbox/failed");
        assertThat(p.path("type").asText()).isEqualTo("urn:lexhub:problem:internal-error");
        assertThat(p.path("errorId").asText()).matches("[0-9a-f]{8}");
        assertThat(p.path("detail").asText()).contains(p.path("errorId").asText()).doesNotContain("disk on fire");
    }

    /** Checks the RFC 9457 shape and returns the document. */
    private static JsonNode problem(HttpResponse<String> r, int status, String instance) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("type").asText()).isNotEmpty();
        assertThat(p.path("title").asText()).isNotEmpty();
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("detail").asText()).isNotBlank();
        if (instance != null) assertThat(p.path("instance").asText()).isEqualTo(instance);
        return p;
    }
}
