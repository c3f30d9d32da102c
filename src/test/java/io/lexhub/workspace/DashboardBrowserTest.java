package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.app.HubConfiguration;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard (real Chromium, real routes): the report's figures of the last twelve months by
 * default, charts drawn on the server as SVG, "no data" for a period without decisions (not 0 %),
 * no SLA chart when nothing was judged; a malformed period refused with the error summary; only
 * the desk and audit may look.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("workspace-dashboard");

    @Override
    public TestHub hub() {
        return HUB;
    }

    @Test
    void theDeskSeesTheFiguresOfAPeriod() throws Exception {
        for (int i = 0; i < 3; i++) {
            String doc = request("CUST-DB-" + i, "TEMPORARY_ACCESS", "\"seats\": 5", LocalDate.now().plusDays(3).toString(), 20, 500, "INTERNAL", null);
            HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            Chromium.press(alice, alice.findElement(By.linkText("Dashboard")));
            assertThat(alice.findElement(By.id("from")).getDomProperty("value")).isEqualTo(LocalDate.now().minusMonths(12).toString());
            assertThat(alice.findElement(By.cssSelector("#key-figures")).getText()).contains("Requests received 3");
            assertThat(alice.findElements(By.cssSelector("svg.bars[role=img] rect.bar"))).isNotEmpty();
            assertThat(alice.findElement(By.id("by-type-title")).getText()).isEqualTo("Requests by exception type");
            Chromium.check(alice, "workspace-dashboard");

            alice.get("http://127.0.0.1:" + HUB.httpPort + "/dashboard?from=2020-01-01&to=2020-01-31");
            assertThat(alice.findElement(By.cssSelector("[data-metric=approvalRate]")).getText()).isEqualTo("no data");
            assertThat(alice.findElement(By.cssSelector("[data-metric=slaAdherence]")).getText()).isEqualTo("no data");
            assertThat(alice.findElement(By.id("sla-none")).getText()).contains("No approval level was judged");
            Chromium.check(alice, "workspace-dashboard-empty");

            alice.get("http://127.0.0.1:" + HUB.httpPort + "/dashboard?from=2026-13-01&to=x");
            assertThat(alice.getTitle()).startsWith("Error: ");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#from']")).getText()).contains("two dates");
        } finally {
            alice.quit();
        }
        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");
        assertThat(grace.get("/dashboard").statusCode()).isEqualTo(403);
        assertThat(HubBrowser.signIn(HUB.httpPort, "olga.nilsen").get("/dashboard").statusCode()).isEqualTo(200);
    }
}
