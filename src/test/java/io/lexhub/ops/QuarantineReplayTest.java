package io.lexhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.intake.RawSubmission;
import io.lexhub.store.QuarantineStore;
import io.lexhub.support.Cli;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Quarantined inputs on the real routes: listed, shown, replayed by REST and by the command line, never twice. */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuarantineReplayTest {

    static final TestHub HUB = TestHub.prepare("quarantine");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    QuarantineStore quarantine;

    @BeanInject
    io.lexhub.store.Database database;

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
    void aStillBrokenInputFailsAgainAndSaysWhy() throws Exception {
        Files.write(HUB.inbox().resolve("broken-replay.json"), Files.readAllBytes(Path.of("examples/malformed/broken.json")));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM quarantine WHERE file_name = 'broken-replay.json'") == 1);
        long id = Long.parseLong(sql.strings("SELECT id FROM quarantine WHERE file_name = 'broken-replay.json'").get(0));

        JsonNode health = JSON.readTree(HUB.get("/api/health").body());
        assertThat(health.path("intake").path("file").path("lastError").path("kind").asText()).isEqualTo("refused-input");
        assertThat(health.path("intake").path("file").path("lastError").path("message").asText()).contains("quarantine #" + id);
        assertThat(health.path("quarantine").path("waiting").asLong()).isPositive();

        JsonNode listed = JSON.readTree(HUB.get("/api/quarantine").body());
        assertThat(listed.findValuesAsText("fileName")).contains("broken-replay.json");
        JsonNode item = JSON.readTree(HUB.get("/api/quarantine/" + id).body());
        assertThat(item.path("status").asText()).isEqualTo("QUARANTINED");
        assertThat(item.path("content").asText()).isEqualTo(Files.readString(Path.of("examples/malformed/broken.json")));

        HttpResponse<String> r = HUB.post("/api/quarantine/" + id + "/replay", "application/json", new byte[0]);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(r.body()).path("problems")).isNotEmpty();
        JsonNode after = JSON.readTree(HUB.get("/api/quarantine/" + id).body());
        assertThat(after.path("status").asText()).isEqualTo("REPLAY_FAILED");
        assertThat(after.path("replayAttempts").asInt()).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM quarantine WHERE file_name = 'broken-replay.json'")).as("no second quarantine row").isEqualTo(1);
    }

    @Test
    void aFixedInputBecomesARequestOnceAndIsNotReplayedTwice() throws Exception {
        long id = quarantinedValidDocument("CUST-Q-REST", "fixed-rest.json");

        HttpResponse<String> r = HUB.post("/api/quarantine/" + id + "/replay", "application/json", new byte[0]);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        String ref = body.path("reference").asText();
        assertThat(ref).matches("EXC-\\d{4}-\\d{6}");
        assertThat(body.path("status").asText()).isEqualTo("REPLAYED");
        assertThat(HUB.get("/api/requests/" + ref).statusCode()).isEqualTo(200);

        HttpResponse<String> again = HUB.post("/api/quarantine/" + id + "/replay", "application/json", new byte[0]);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("detail").asText()).contains("already replayed as " + ref);
        assertThat(new Sql(database).count("SELECT COUNT(*) FROM requests WHERE customer_id = 'CUST-Q-REST'")).isEqualTo(1);
        assertThat(HUB.post("/api/quarantine/999999/replay", "application/json", new byte[0]).statusCode()).isEqualTo(404);
    }

    @Test
    void theCommandLineAsksTheRunningHubToReplayAndReportsTheOutcome() throws Exception {
        long id = quarantinedValidDocument("CUST-Q-CLI", "fixed-cli.json");

        Cli.Run replay = Cli.run("quarantine", "replay", String.valueOf(id), "--wait", "30");
        assertThat(replay.out()).contains("replay of #" + id + " requested").containsPattern("replayed: request EXC-\\d{4}-\\d{6} \\(PENDING_APPROVAL\\)");
        assertThat(replay.exit()).isZero();
        Cli.Run again = Cli.run("quarantine", "replay", String.valueOf(id));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("not replayed: item " + id + " was already replayed as");

        assertThat(Cli.run("quarantine", "list").out()).contains("#" + id + "  REPLAYED");
    }

    /** A valid request that was quarantined (as a stricter earlier schema would have): the cause is fixed. */
    private long quarantinedValidDocument(String customerId, String fileName) throws Exception {
        String doc = Files.readString(Path.of("examples/requests/migration-extra-seats.json")).replace("CUST-31560", customerId);
        assertThat(doc).contains(customerId);
        return quarantine.add(new RawSubmission(RawSubmission.FILE, null, fileName, fileName, doc.getBytes(), Instant.now()),
                "sha256:test-" + customerId, "schema refused it (since fixed)");
    }
}
