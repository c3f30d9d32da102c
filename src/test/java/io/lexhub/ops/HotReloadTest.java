package io.lexhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.audit.AuditKeys;
import io.lexhub.audit.AuditTrail;
import io.lexhub.intake.ContentHash;
import io.lexhub.store.AuditRowStore;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.Database;
import io.lexhub.support.FolderCopy;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hot reload on a hub that runs from a copy of routes/ and config/ in a temp folder: a good change
 * is applied while the hub works, a bad one is refused, shown at /api/health, and the running
 * version stays.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotReloadTest {

    static final TestHub HUB = TestHub.prepare("reload");
    static final Path ROUTES = FolderCopy.of("routes");
    static final Path CONFIG = FolderCopy.of("config");
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        System.setProperty("lexhub.routes.dir", ROUTES.toString());
        System.setProperty("lexhub.config.dir", CONFIG.toString());
        System.setProperty("lexhub.reload.poll-ms", "200");
    }

    @BeanInject
    PolicyHolder policy;

    @BeanInject
    Database database;

    @BeanInject
    CamelContext camel;

    @AfterAll
    void cleanUp() {
        System.clearProperty("lexhub.routes.dir");
        System.clearProperty("lexhub.config.dir");
        HUB.close();
    }

    @Test
    void aGoodPolicyIsSwappedInAndAuditedABadOneIsRefusedAndShown() throws Exception {
        Path file = CONFIG.resolve("policy.yaml");
        String original = Files.readString(file);
        String running = policy.current().version();
        String edited = running + "-edited";
        Files.writeString(file, original.replace("version: \"" + running + "\"", "version: \"" + edited + "\""));
        await().atMost(Duration.ofSeconds(10)).until(() -> policy.current().version().equals(edited));
        Sql sql = new Sql(database);
        String editedSha = ContentHash.sha256(Files.readAllBytes(file));
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.loaded'"))
                .anyMatch(p -> p.contains("\"version\":\"" + edited + "\"") && p.contains("\"previousVersion\":\"" + running + "\"")
                        && p.contains("\"path\":\"config/policy.yaml\"") && p.contains("\"newSha256\":\"" + editedSha + "\""));

        Files.writeString(file, original.replace("version: \"" + running + "\"", "version: \"" + running + "-broken\"")
                .replace("{role: sales, mode: ONE}", "{role: sails, mode: ONE}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> health().path("reload").path("policy").path("detail").asText().contains("unknown role 'sails'"));
        JsonNode health = health();
        assertThat(health.path("reload").path("policy").path("applied").asBoolean()).isFalse();
        assertThat(health.path("policy").path("version").asText()).isEqualTo(edited);
        assertThat(policy.current().version()).isEqualTo(edited);
        JsonNode refused = await().atMost(Duration.ofSeconds(10)).until(() -> lastEvent("config.refused"),
                e -> e != null && e.path("set").asText().equals("policy"));
        assertThat(refused.at("/files/0/path").asText()).isEqualTo("config/policy.yaml");
        assertThat(refused.path("reason").asText()).contains("unknown role 'sails'");

        // the hub keeps working on the policy in force
        byte[] doc = Files.readString(Path.of("examples/requests/volume-discount.json")).replace("CUST-", "CUST-RELOAD-").getBytes();
        var created = HUB.post("/api/requests", "application/json", doc);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(HUB.get("/api/requests/" + JSON.readTree(created.body()).path("reference").asText()).body())
                .path("policyVersion").asText()).isEqualTo(edited);
    }

    @Test
    void aGoodRouteChangeIsAppliedABadOneIsRefusedAndTheRunningRouteStays() throws Exception {
        Path file = ROUTES.resolve("probe.camel.yaml");
        Files.writeString(file, probe("v1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getRoute("reload-probe") != null);
        assertThat(camel.createProducerTemplate().requestBody("direct:reload-probe", "", String.class)).isEqualTo("v1");

        String v1 = ContentHash.sha256(Files.readAllBytes(file));
        Files.writeString(file, probe("v2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "v2".equals(camel.createProducerTemplate().requestBody("direct:reload-probe", "", String.class)));
        String v2 = ContentHash.sha256(Files.readAllBytes(file));
        // on record: the file with its digest before and after, the node that reloaded it, the routes replaced
        JsonNode reloaded = await().atMost(Duration.ofSeconds(10)).until(() -> lastEvent("config.reloaded"),
                e -> e != null && e.toString().contains(v2));
        assertThat(reloaded.path("set").asText()).isEqualTo("routes");
        assertThat(reloaded.path("node").asText()).isNotBlank();
        assertThat(reloaded.path("files")).hasSize(1);
        assertThat(reloaded.at("/files/0/path").asText()).isEqualTo("routes/probe.camel.yaml");
        assertThat(reloaded.at("/files/0/oldSha256").asText()).isEqualTo(v1);
        assertThat(reloaded.at("/files/0/newSha256").asText()).isEqualTo(v2);
        assertThat(reloaded.path("routes").toString()).contains("reload-probe");
        assertThat(chainVerifies()).isTrue();

        Files.writeString(file, probe("v3").replace("setBody:", "setBodyy:"));
        // the refusal names the file and the step it cannot read (a success names the file too: wait for the refusal)
        await().atMost(Duration.ofSeconds(10)).until(() -> health().path("reload").path("routes").path("detail").asText().contains("setBodyy"));
        JsonNode health = health();
        assertThat(health.path("reload").path("routes").path("applied").asBoolean()).isFalse();
        assertThat(health.path("reload").path("routes").path("detail").asText()).contains("probe.camel.yaml");
        assertThat(camel.createProducerTemplate().requestBody("direct:reload-probe", "", String.class)).isEqualTo("v2");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        // the refusal is on record too: the file, what runs (v2) and what was refused, and why
        String v3 = ContentHash.sha256(Files.readAllBytes(file));
        JsonNode refused = await().atMost(Duration.ofSeconds(10)).until(() -> lastEvent("config.refused"), e -> e != null && e.toString().contains(v3));
        assertThat(refused.path("set").asText()).isEqualTo("routes");
        assertThat(refused.at("/files/0/path").asText()).isEqualTo("routes/probe.camel.yaml");
        assertThat(refused.at("/files/0/oldSha256").asText()).isEqualTo(v2);
        assertThat(refused.path("reason").asText()).contains("setBodyy");
        assertThat(chainVerifies()).isTrue();
        // one node: nothing to differ from; the digests it runs on still name v2, not the refused v3
        assertThat(health.path("drift").asBoolean(true)).isFalse();
        assertThat(health.at("/configuration/drift").size()).isZero();
        assertThat(health.at("/configuration/nodes").size()).isEqualTo(1);
        assertThat(new Sql(database).strings("SELECT files_json FROM node_config")).singleElement().asString().contains(v2).doesNotContain(v3);
    }

    @Test
    void aChangedConfigFileReadAtStartIsOnRecordAtOnce() throws Exception {
        Path notes = CONFIG.resolve("templates").resolve("reload-notes.txt");
        Files.writeString(notes, "a file the hub reads at start only");
        String digest = ContentHash.sha256(Files.readAllBytes(notes));
        JsonNode changed = await().atMost(Duration.ofSeconds(10)).until(() -> lastEvent("config.changed"), e -> e != null && e.toString().contains(digest));
        assertThat(changed.at("/files/0/path").asText()).isEqualTo("config/templates/reload-notes.txt");
        assertThat(changed.at("/files/0/oldSha256").isMissingNode()).as("a new file had no digest before").isTrue();
        assertThat(changed.path("takesEffect").asText()).isEqualTo("at the next start");
    }

    /** The payload of the latest event of the type, or null. */
    private JsonNode lastEvent(String type) throws Exception {
        var payloads = new Sql(database).strings("SELECT payload FROM audit_events WHERE event_type = ? ORDER BY seq DESC", type);
        return payloads.isEmpty() ? null : JSON.readTree(payloads.get(0));
    }

    private boolean chainVerifies() throws Exception {
        AuditTrail audit = new AuditTrail(AuditKeys.resolve(Optional.of(System.getProperty("lexhub.audit.hmac-key")), HUB.home), new AuditRowStore());
        try (var c = database.dataSource().getConnection()) {
            return audit.verify(c).ok();
        }
    }

    private static String probe(String answer) {
        return """
                - route:
                    id: reload-probe
                    from:
                      uri: direct:reload-probe
                      steps:
                        - setBody: {constant: "%s"}
                """.formatted(answer);
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(HUB.get("/api/health").body());
    }
}
