package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.app.HubConfiguration;
import io.lexhub.intake.RawSubmission;
import io.lexhub.store.Database;
import io.lexhub.store.QuarantineStore;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The quarantine page as the desk uses it (real Chromium, real routes): a hostile input shown as
 * inert text, a fixed input replayed into a request with who asked audited, a still broken one
 * failing again with its reasons; audit may look but not replay, others may not look.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuarantineBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("workspace-quarantine");

    @BeanInject
    QuarantineStore quarantine;

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;

    long quarantined(String name, byte[] content, String reason) {
        return quarantine.add(new RawSubmission(RawSubmission.FILE, null, name, name, content, Instant.now()), "sha256:test-" + name, reason);
    }

    @Test
    void theDeskSeesAnInputSafelyAndReplaysIt() throws Exception {
        String doc = Files.readString(Path.of("examples/requests/migration-extra-seats.json")).replace("CUST-31560", "CUST-QB-1");
        long fixed = quarantined("fixed.json", doc.getBytes(StandardCharsets.UTF_8), "schema refused it (since fixed)");
        String hostile = "<script>alert(1)</script>\u001b[31m red \u202Egnp.exe\n<img src=x onerror=alert(2)>";
        long broken = quarantined("hostile.json", hostile.getBytes(StandardCharsets.UTF_8), "not JSON: <b>unexpected</b> character");

        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            Chromium.press(alice, alice.findElement(By.linkText("Quarantine")));
            assertThat(alice.getTitle()).matches("Quarantine \\(\\d+ waiting\\) - lexhub");
            assertThat(alice.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Quarantine");
            assertThat(alice.findElement(By.tagName("main")).getText()).contains("hostile.json", "not JSON: <b>unexpected</b> character", "fixed.json");
            Chromium.check(alice, "workspace-quarantine");

            Chromium.press(alice, alice.findElement(By.linkText("#" + broken)));
            String shown = alice.findElement(By.cssSelector("pre.content")).getText();
            assertThat(shown).contains("<script>alert(1)</script>", "<img src=x onerror=alert(2)>").doesNotContain("\u001b").doesNotContain("\u202E");
            assertThat(alice.findElements(By.cssSelector("main script, main img"))).as("the content is text, no element").isEmpty();
            Chromium.check(alice, "workspace-quarantine-item");
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Replay #" + broken + " now']")));
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("Replay of #" + broken);
            assertThat(alice.findElement(By.cssSelector("[role=alert]")).getText()).contains("still cannot become a request");
            Chromium.check(alice, "workspace-quarantine-failed");

            alice.get("http://127.0.0.1:" + HUB.httpPort + "/quarantine/" + fixed);
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Replay #" + fixed + " now']")));
            String became = alice.findElement(By.cssSelector("[role=status] a")).getText();
            assertThat(became).startsWith("EXC-");
            Chromium.check(alice, "workspace-quarantine-replayed");
            Sql sql = new Sql(database);
            assertThat(sql.strings("SELECT status || ':' || replay_reference FROM quarantine WHERE id = ?", fixed)).containsExactly("REPLAYED:" + became);
            assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'quarantine.replay-requested' AND payload LIKE ?",
                    "%\"quarantineId\":" + fixed + ",%")).singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:alice.moreau("));
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/quarantine/" + fixed);
            assertThat(alice.findElements(By.xpath("//main//button[starts-with(normalize-space(), 'Replay')]"))).as("a replayed item is final").isEmpty();
        } finally {
            alice.quit();
        }
    }

    @Test
    void auditLooksTheDeskReplaysOthersSeeNothing() throws Exception {
        long id = quarantined("audit-look.json", "{".getBytes(StandardCharsets.UTF_8), "not JSON");
        HubBrowser olga = HubBrowser.signIn(HUB.httpPort, "olga.nilsen");
        assertThat(olga.get("/quarantine").statusCode()).isEqualTo(200);
        assertThat(olga.get("/quarantine/" + id).body()).contains("audit-look.json").doesNotContain("Replay #" + id);
        assertThat(olga.post("/quarantine/" + id + "/replay", "csrf=" + olga.csrf()).statusCode()).isEqualTo(403);
        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");
        assertThat(grace.get("/quarantine").statusCode()).isEqualTo(403);
        assertThat(grace.get("/quarantine/" + id).statusCode()).isEqualTo(403);
        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        assertThat(alice.post("/quarantine/" + id + "/replay", "").statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(alice.get("/quarantine/999999").statusCode()).isEqualTo(404);
        assertThat(alice.get("/quarantine/x1").statusCode()).isEqualTo(404);
        assertThat(new Sql(database).strings("SELECT replay_attempts FROM quarantine WHERE id = ?", id)).containsExactly("0");
    }
}
