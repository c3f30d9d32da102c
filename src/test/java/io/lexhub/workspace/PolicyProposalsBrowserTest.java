package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.app.HubConfiguration;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.store.Database;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.FolderCopy;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The policy page under four eyes (real Chromium, real routes): an edited file shows as a proposal
 * with its diff and simulation; a policy owner rejects it (a reason is required: the error summary
 * first), another proposal by Henrik is approved by Olga, and the history lists it with who
 * approved it, with a page per version and its diff. Henrik sees no buttons on his own proposal; a
 * desk member who is no policy owner sees none and is refused a decision.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyProposalsBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("workspace-policy-proposals");
    static final Path CONFIG = FolderCopy.of("config");

    @Override
    public TestHub hub() {
        return HUB;
    }

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
    void fourEyesOff() {
        System.clearProperty("lexhub.policy.four-eyes");
        System.clearProperty("lexhub.config.dir");
    }

    @Test
    void policyOwnersDecideProposalsOnThePolicyPage() throws Exception {
        Sql sql = new Sql(database);
        String running = policy.current().version();
        Path file = CONFIG.resolve("policy.yaml");
        String original = Files.readString(file);
        String base = "http://127.0.0.1:" + HUB.httpPort;
        // one request on file, for the simulation to replay
        String doc = io.lexhub.support.RequestDocs.request("CUST-4EYES-PAGE", "TEMPORARY_ACCESS", "\"seats\": 40",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString(), 20, 2400, "INTERNAL", null);
        assertThat(HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        ChromeDriver olga = Chromium.signedIn(HUB.httpPort, "olga.nilsen");
        try {
            olga.get(base + "/policy");
            assertThat(olga.findElement(By.id("no-proposals")).getText()).contains("No proposal yet");
            assertThat(olga.findElement(By.id("history")).getText()).contains(running, "file at start by operator");
            Chromium.check(olga, "workspace-policy-four-eyes-empty");

            // an edited file: a proposal by the file system; Olga rejects it, first without a reason
            Files.writeString(file, original.replace("version: \"" + running + "\"", "version: \"" + running + "-file\""));
            await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM policy_proposals") == 1);
            olga.get(base + "/policy");
            assertThat(olga.findElement(By.id("proposal-1")).getText()).contains("Proposal 1: policy " + running + "-file", "file-system change",
                    "waiting for a policy owner", "0 of 1 would come out differently");
            Chromium.press(olga, olga.findElement(By.xpath("//button[text()='Reject proposal 1']")));
            assertThat(olga.findElement(By.className("error-summary")).getText()).contains("Give the reason for rejecting proposal 1");
            Chromium.check(olga, "workspace-policy-reject-no-reason");
            olga.findElement(By.id("reason-1")).sendKeys("Not asked for by the licensing desk");
            Chromium.press(olga, olga.findElement(By.xpath("//button[text()='Reject proposal 1']")));
            assertThat(olga.findElement(By.id("notice")).getText()).contains("You rejected proposal 1");
            assertThat(policy.current().version()).isEqualTo(running);

            // Henrik proposes by the API; Olga sees the diff and approves it
            String henrikKey = HUB.key("henrik.vogel", "approver");
            String proposed = original.replace("version: \"" + running + "\"", "version: \"" + running + "-henrik\"")
                    .replace("  maxDurationDays: 30\n  maxRevenueImpact: 10000", "  maxDurationDays: 45\n  maxRevenueImpact: 10000");
            HttpResponse<String> created = HUB.post("/api/policy/proposals", "application/yaml", proposed.getBytes(StandardCharsets.UTF_8),
                    "Authorization", "Bearer " + henrikKey);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            olga.get(base + "/policy");
            assertThat(olga.findElement(By.id("proposal-2")).getText()).contains("henrik.vogel", "+  maxDurationDays: 45");
            Chromium.check(olga, "workspace-policy-proposal");

            // Henrik sees his own proposal without buttons, and is refused if he posts anyway
            HubBrowser henrik = HubBrowser.signIn(HUB.httpPort, "henrik.vogel");
            String henriksPage = henrik.get("/policy").body();
            assertThat(henriksPage).contains("You proposed this change").doesNotContain("/policy/proposals/2/approve");
            HttpResponse<String> self = henrik.post("/policy/proposals/2/approve", HubBrowser.form("csrf", henrik.csrf()));
            assertThat(self.statusCode()).isEqualTo(403);
            assertThat(self.body()).contains("You proposed this change");

            // a desk member who is no policy owner: sees the proposal, no buttons, may not decide
            HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
            assertThat(alice.get("/policy").body()).contains("A policy owner (approvers.yaml) decides this proposal").doesNotContain("/policy/proposals/2/approve");
            assertThat(alice.post("/policy/proposals/2/approve", HubBrowser.form("csrf", alice.csrf())).statusCode()).isEqualTo(403);
            assertThat(HubBrowser.signIn(HUB.httpPort, "grace.lin").get("/policy").statusCode()).isEqualTo(403);

            Chromium.press(olga, olga.findElement(By.xpath("//button[starts-with(text(), 'Approve proposal 2')]")));
            assertThat(olga.findElement(By.id("notice")).getText()).contains("You approved proposal 2: policy " + running + "-henrik is in force");
            assertThat(policy.current().version()).isEqualTo(running + "-henrik");
            assertThat(olga.findElement(By.tagName("h1")).getText()).isEqualTo("Policy " + running + "-henrik");
            assertThat(olga.findElement(By.id("history")).getText()).contains(running + "-henrik", "olga.nilsen", "proposal 2 approved");
            Chromium.check(olga, "workspace-policy-approved");

            Chromium.press(olga, olga.findElement(By.linkText(running + "-henrik")));
            assertThat(olga.findElement(By.id("diff")).getText()).contains("-  maxDurationDays: 30", "+  maxDurationDays: 45");
            assertThat(olga.findElement(By.id("text")).getText()).contains("version: \"" + running + "-henrik\"");
            Chromium.check(olga, "workspace-policy-version");
        } finally {
            olga.quit();
        }
    }
}
