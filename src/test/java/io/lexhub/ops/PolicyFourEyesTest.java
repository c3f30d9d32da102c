package io.lexhub.ops;

import static io.lexhub.support.Cli.run;
import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.policy.PolicyHolder;
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
 * Four eyes on the policy (docs/policy.md), on the real routes: a malformed candidate is refused
 * with its line; a proposal by one policy owner cannot be approved by the same person (403,
 * audited) and takes effect only when a second one approves it (history names them); a rejected
 * proposal and an edited file leave the policy in force as it is; an approval made at the command
 * line reaches the running hub at its next reload tick.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyFourEyesTest {

    static final TestHub HUB = TestHub.prepare("policy-four-eyes");
    static final Path CONFIG = FolderCopy.of("config");
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        System.setProperty("lexhub.config.dir", CONFIG.toString());
        System.setProperty("lexhub.reload.poll-ms", "200");
        System.setProperty("lexhub.policy.four-eyes", "true");
    }

    @BeanInject
    PolicyHolder policy;

    @BeanInject
    Database database;

    @AfterAll
    void cleanUp() {
        System.clearProperty("lexhub.config.dir");
        System.clearProperty("lexhub.policy.four-eyes");
        HUB.close();
    }

    @Test
    void aProposalTakesEffectOnlyWhenASecondPolicyOwnerApprovesIt() throws Exception {
        HUB.checkAnswersAgainstTheApiContract();
        Sql sql = new Sql(database);
        Path file = CONFIG.resolve("policy.yaml");
        String original = Files.readString(file);
        String running = policy.current().version();
        submit("CUST-4EYES-1");
        String olga = HUB.key("olga.nilsen", "approver");
        String henrik = HUB.key("henrik.vogel", "approver");

        // deny by default: an approver who is no policy owner, a system with every scope
        String edited = original.replace("version: \"" + running + "\"", "version: \"" + running + "-4eyes\"")
                .replace("  maxDurationDays: 30\n  maxRevenueImpact: 10000", "  maxDurationDays: 45\n  maxRevenueImpact: 10000");
        assertThat(propose(edited, HUB.key("alice.moreau", "approver")).statusCode()).isEqualTo(403);
        assertThat(propose(edited, HUB.operatorKey()).statusCode()).isEqualTo(403);
        assertThat(HUB.get("/api/policy/proposals").statusCode()).isEqualTo(403);

        // a malformed candidate: refused with its line, audited, nothing proposed
        HttpResponse<String> malformed = propose(original.replace("version: \"" + running + "\"", "version: [\"" + running + "\""), olga);
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(malformed.body()).contains("line ");
        System.out.println("[four-eyes] malformed candidate: " + JSON.readTree(malformed.body()).path("problems"));
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'policy.proposal-refused'")).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM policy_proposals")).isZero();

        // Olga proposes: checked, simulated, its diff kept; nothing changes yet
        HttpResponse<String> proposed = propose(edited, olga);
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
        JsonNode p = JSON.readTree(proposed.body());
        long id = p.path("id").asLong();
        assertThat(p.path("state").asText()).isEqualTo("PROPOSED");
        assertThat(p.path("proposer").asText()).isEqualTo("olga.nilsen");
        assertThat(p.path("diff").asText()).contains("-  maxDurationDays: 30", "+  maxDurationDays: 45");
        assertThat(p.path("simulation").path("totals").path("replayed").asLong()).isEqualTo(1);
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.proposed'")).singleElement().asString()
                .contains("+  maxDurationDays: 45", "\"proposer\":\"olga.nilsen\"");
        assertThat(policy.current().version()).isEqualTo(running);
        assertThat(HUB.get("/api/policy/proposals/" + id, "Authorization", "Bearer " + henrik).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(HUB.get("/api/policy/proposals", "Authorization", "Bearer " + henrik).body())).hasSize(1);

        // Olga may not approve her own proposal
        HttpResponse<String> self = decide(id, "approve", olga, "looks right to me");
        assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
        assertThat(self.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(self.body()).contains("olga.nilsen proposed proposal " + id + " and may not approve it");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.approval-refused'")).singleElement().asString()
                .contains("\"approver\":\"olga.nilsen\"", "self-approval");
        assertThat(sql.strings("SELECT state FROM policy_proposals WHERE id = ?", id)).containsExactly("PROPOSED");
        assertThat(policy.current().version()).isEqualTo(running);

        // Henrik approves: in force at once, the history names him
        HttpResponse<String> approved = decide(id, "approve", henrik, "reviewed the simulation");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).path("state").asText()).isEqualTo("APPLIED");
        assertThat(policy.current().version()).isEqualTo(running + "-4eyes");
        assertThat(sql.strings("SELECT approved_by FROM policy_versions WHERE version = ?", running + "-4eyes")).containsExactly("henrik.vogel");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.proposal-approved'")).singleElement().asString()
                .contains("\"approver\":\"henrik.vogel\"", "+  maxDurationDays: 45");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.loaded'")).singleElement().asString()
                .contains("\"approvedBy\":\"henrik.vogel\"");
        assertThat(Files.readString(file)).as("the file follows the policy in force").isEqualTo(edited);
        assertThat(decide(id, "approve", henrik, null).statusCode()).as("decided once").isEqualTo(409);

        // an edited file is a proposal by the file system, not a change; rejected, the policy stays
        String third = edited.replace("version: \"" + running + "-4eyes\"", "version: \"" + running + "-file\"");
        Files.writeString(file, third);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM policy_proposals WHERE proposer = 'file-system change'") == 1);
        long fromFile = sql.count("SELECT id FROM policy_proposals WHERE proposer = 'file-system change'");
        assertThat(policy.current().version()).isEqualTo(running + "-4eyes");
        HttpResponse<String> noReason = decide(fromFile, "reject", olga, null);
        assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(400);
        assertThat(noReason.body()).contains("needs its reason");
        HttpResponse<String> rejected = decide(fromFile, "reject", olga, "nobody asked for this");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(JSON.readTree(rejected.body()).path("state").asText()).isEqualTo("REJECTED");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE event_type = 'policy.proposal-rejected'")).singleElement().asString()
                .contains("nobody asked for this", "\"rejectedBy\":\"olga.nilsen\"");
        assertThat(policy.current().version()).isEqualTo(running + "-4eyes");

        // at the command line: Henrik proposes, may not approve it himself, Olga approves; the running hub applies it at its next tick
        Path candidate = CONFIG.resolve("candidate.yaml");
        Files.writeString(candidate, edited.replace("version: \"" + running + "-4eyes\"", "version: \"" + running + "-cli\""));
        Run cliProposed = run("policy", "propose", candidate.toString(), "--as", "henrik.vogel");
        assertThat(cliProposed.exit()).as(cliProposed.out()).isZero();
        long fromCli = sql.count("SELECT MAX(id) FROM policy_proposals");
        assertThat(sql.strings("SELECT state FROM policy_proposals WHERE proposer = 'file-system change'")).containsExactly("REJECTED");
        Run cliSelf = run("policy", "approve", String.valueOf(fromCli), "--as", "henrik.vogel");
        assertThat(cliSelf.exit()).isEqualTo(1);
        assertThat(cliSelf.out()).contains("may not approve it");
        assertThat(run("policy", "approve", String.valueOf(fromCli), "--as", "alice.moreau").out()).contains("is not a policy owner");
        Run cliApproved = run("policy", "approve", String.valueOf(fromCli), "--as", "olga.nilsen", "--reason", "fine");
        assertThat(cliApproved.exit()).as(cliApproved.out()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> policy.current().version().equals(running + "-cli"));
        assertThat(sql.strings("SELECT state FROM policy_proposals WHERE id = ?", fromCli)).containsExactly("APPLIED");
        assertThat(sql.strings("SELECT approved_by FROM policy_versions WHERE version = ?", running + "-cli")).containsExactly("olga.nilsen");
        Run listed = run("policy", "proposals");
        assertThat(listed.exit()).as(listed.out()).isZero();
        assertThat(listed.out()).contains("APPLIED", "REJECTED", "file-system change");
        System.out.println("[four-eyes] " + listed.out());

        Run verify = run("audit", "verify");
        assertThat(verify.exit()).as(verify.out()).isZero();
    }

    private static HttpResponse<String> propose(String text, String key) throws Exception {
        return HUB.post("/api/policy/proposals", "application/yaml", text.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> decide(long id, String what, String key, String reason) throws Exception {
        String body = reason == null ? "{}" : JSON.writeValueAsString(java.util.Map.of("reason", reason));
        return HUB.post("/api/policy/proposals/" + id + "/" + what, "application/json", body.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + key);
    }

    private static void submit(String customer) throws Exception {
        String doc = request(customer, "TEMPORARY_ACCESS", "\"seats\": 40", LocalDate.now(ZoneOffset.UTC).plusDays(2).toString(), 20, 2400,
                "INTERNAL", null);
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
