package io.lexhub.ops;

import static io.lexhub.support.Cli.run;
import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.policy.PolicyText;
import io.lexhub.store.Database;
import io.lexhub.support.Cli.Run;
import io.lexhub.support.FolderCopy;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The policy history (V40, V41): the text in force at start is recorded once, a reload records a
 * new text, a text reloaded again is not recorded twice; a request and its decision name the exact
 * text they were made under; lexhub policy list, show and diff read it.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyHistoryTest {

    static final TestHub HUB = TestHub.prepare("policy-history");
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

    @AfterAll
    void cleanUp() {
        System.clearProperty("lexhub.routes.dir");
        System.clearProperty("lexhub.config.dir");
        HUB.close();
    }

    @Test
    void everyTextThatTookEffectIsKeptOnceAndDecisionsNameTheirs() throws Exception {
        Sql sql = new Sql(database);
        Path file = CONFIG.resolve("policy.yaml");
        String original = Files.readString(file);
        String originalSha = PolicyText.sha256(original);
        String running = policy.current().version();

        // at start: recorded, with its event
        assertThat(sql.strings("SELECT sha256 FROM policy_versions")).containsExactly(originalSha);
        assertThat(sql.strings("SELECT taken_by FROM policy_versions")).containsExactly("file at start by operator");
        assertThat(sql.strings("SELECT policy_text FROM policy_versions")).containsExactly(original);
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.recorded'"))
                .singleElement().asString().contains("\"sha256\":\"" + originalSha + "\"");

        // a request the policy approves on its own: request and decision name the text
        String ref = submit("CUST-HIST-1");
        assertThat(sql.strings("SELECT policy_sha256 FROM requests WHERE reference = ?", ref)).containsExactly(originalSha);
        assertThat(sql.strings("SELECT policy_sha256 FROM decisions WHERE request_ref = ?", ref)).containsExactly(originalSha);

        // a new text, back to the first, and the new one again: two texts, three reloads
        String edited = original.replace("version: \"" + running + "\"", "version: \"" + running + "-edited\"")
                .replace("  maxDurationDays: 30\n  maxRevenueImpact: 10000", "  maxDurationDays: 45\n  maxRevenueImpact: 10000");
        reloadTo(file, edited, running + "-edited");
        reloadTo(file, original, running);
        reloadTo(file, edited, running + "-edited");
        assertThat(sql.strings("SELECT version FROM policy_versions ORDER BY id")).containsExactly(running, running + "-edited");
        assertThat(sql.strings("SELECT taken_by FROM policy_versions WHERE version = ?", running + "-edited")).containsExactly("file reload by operator");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.loaded' ORDER BY seq"))
                .hasSize(3).satisfiesExactly(
                        p -> assertThat(p).contains("\"recorded\":true"),
                        p -> assertThat(p).contains("\"recorded\":false"),
                        p -> assertThat(p).contains("\"recorded\":false"));
        String later = submit("CUST-HIST-2");
        assertThat(sql.strings("SELECT policy_sha256 FROM requests WHERE reference = ?", later)).containsExactly(PolicyText.sha256(edited));

        Run list = run("policy", "list");
        assertThat(list.exit()).as(list.out()).isZero();
        assertThat(list.out()).contains(running + " ", running + "-edited", originalSha.substring(0, 12), "file at start by operator",
                "file reload by operator");

        Run show = run("policy", "show", "--version", running + "-edited");
        assertThat(show.exit()).as(show.out()).isZero();
        assertThat(show.out()).isEqualTo(edited);
        assertThat(run("policy", "show", "--version", originalSha.substring(0, 10)).out()).isEqualTo(original);
        Run unknown = run("policy", "show", "--version", "no-such-version");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).contains("no recorded policy version 'no-such-version'");

        Run diff = run("policy", "diff", running, running + "-edited");
        assertThat(diff.exit()).as(diff.out()).isZero();
        assertThat(diff.out()).contains("--- policy " + running + " (id 1", "+++ policy " + running + "-edited (id 2")
                .contains("\n-version: \"" + running + "\"\n+version: \"" + running + "-edited\"\n")
                .contains("\n-  maxDurationDays: 30\n+  maxDurationDays: 45\n")
                .doesNotContain("-  maxRevenueImpact");
        assertThat(run("policy", "diff", running, running).out()).contains("are identical");

        Run verify = run("audit", "verify");
        assertThat(verify.exit()).as(verify.out()).isZero();
    }

    private void reloadTo(Path file, String text, String version) throws Exception {
        long loaded = new Sql(database).count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'policy.loaded'");
        Files.writeString(file, text);
        await().atMost(Duration.ofSeconds(10)).until(() -> policy.current().version().equals(version)
                && new Sql(database).count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'policy.loaded'") == loaded + 1);
    }

    private static String submit(String customer) throws Exception {
        String doc = request(customer, "TEMPORARY_ACCESS", "\"seats\": 40", LocalDate.now(ZoneOffset.UTC).plusDays(2).toString(), 20, 2400,
                "INTERNAL", null);
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(JSON.readTree(r.body()).path("state").asText()).as(r.body()).isEqualTo("APPROVED");
        return JSON.readTree(r.body()).path("reference").asText();
    }
}
