package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.app.HubConfiguration;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.FolderCopy;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The policy page (real Chromium, real routes, a copy of config/ the hub reloads): the policy in
 * force with its tier matrix and rules, then a reload applied by the hub and listed with its
 * versions and file digest; only the desk and audit may look.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("workspace-policy");
    static final Path CONFIG = FolderCopy.of("config");

    @Override
    public TestHub hub() {
        return HUB;
    }

    static {
        System.setProperty("lexhub.config.dir", CONFIG.toString());
        System.setProperty("lexhub.reload.poll-ms", "200");
    }

    @BeanInject
    PolicyHolder policy;

    @Test
    void theDeskReadsThePolicyInForceAndItsReloads() throws Exception {
        String running = policy.current().version();
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            Chromium.press(alice, alice.findElement(By.linkText("Policy")));
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("Policy " + running);
            assertThat(alice.findElement(By.id("tiers")).getText()).contains("T1", "T3");
            assertThat(alice.findElement(By.id("risk-rules")).getText()).contains("COM-01", "discountPercent > 15");
            assertThat(alice.findElement(By.id("no-reloads")).getText()).contains("No reload");
            assertThat(alice.findElement(By.id("bulk")).getText()).isEqualTo("fast-track renewals of any type");
            Chromium.check(alice, "workspace-policy");

            Path file = CONFIG.resolve("policy.yaml");
            String edited = running + "-edited";
            Files.writeString(file, Files.readString(file).replace("version: \"" + running + "\"", "version: \"" + edited + "\""));
            await().atMost(Duration.ofSeconds(10)).until(() -> policy.current().version().equals(edited));
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/policy");
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("Policy " + edited);
            assertThat(alice.findElement(By.id("reloads")).getText()).contains(edited, running, "system:reload");
            Chromium.check(alice, "workspace-policy-reloaded");
        } finally {
            alice.quit();
        }
        assertThat(HubBrowser.signIn(HUB.httpPort, "grace.lin").get("/policy").statusCode()).isEqualTo(403);
        assertThat(HubBrowser.signIn(HUB.httpPort, "olga.nilsen").get("/policy").statusCode()).isEqualTo(200);
    }
}
