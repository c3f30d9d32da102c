package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A practice request as the workspace shows it (docs/practice-and-patterns.md): the "Practice"
 * badge on "My decisions", the Requests page and the review page (with its banner), a real
 * request beside it without one; the dashboard counts only the real request and shows the policy
 * review's patterns with their empty states. Every page goes through {@link Chromium#check}.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PracticeBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("practice-browser");
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public TestHub hub() {
        return HUB;
    }

    @Test
    void aPracticeRequestIsMarkedOnEveryPageAndCountsInNoFigure() throws Exception {
        String doc = request("CUST-PB-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null);
        String practice = submit(doc.substring(0, doc.lastIndexOf('}')) + ", \"practice\": true}");
        String real = submit(request("CUST-PB-2", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/");
            assertThat(alice.findElement(By.id("item-" + practice)).findElement(By.cssSelector(".practice-badge")).getText()).isEqualToIgnoringCase("Practice");
            assertThat(alice.findElement(By.id("item-" + real)).findElements(By.cssSelector(".practice-badge"))).isEmpty();
            Chromium.check(alice, "practice-my-decisions");

            alice.get("http://127.0.0.1:" + HUB.httpPort + "/requests");
            assertThat(alice.findElements(By.cssSelector("main table tbody .practice-badge"))).hasSize(1);
            assertThat(alice.findElement(By.xpath("//main//table//th[.//a[normalize-space()='" + practice + "']]")).getText()).containsIgnoringCase("Practice");
            Chromium.check(alice, "practice-requests");

            alice.get("http://127.0.0.1:" + HUB.httpPort + "/requests/" + practice);
            assertThat(alice.findElement(By.cssSelector("h1 .practice-badge")).isDisplayed()).isTrue();
            assertThat(alice.findElement(By.cssSelector(".practice-banner")).getText()).contains("Practice request.", "grants no waiver");
            Chromium.check(alice, "practice-review");

            alice.get("http://127.0.0.1:" + HUB.httpPort + "/dashboard");
            assertThat(alice.findElement(By.cssSelector("#key-figures")).getText()).contains("Requests received 1");
            assertThat(alice.findElement(By.id("patterns-title")).getText()).isEqualTo("Patterns for the policy review");
            assertThat(alice.findElement(By.xpath("//section[@aria-labelledby='patterns-title']")).getText())
                    .contains("No exception type and product was granted 3 times or more", "No renewal chain went past 2 renewals",
                            "No request was approved at a risk score of 60 or more");
            Chromium.check(alice, "practice-dashboard-patterns");
        } finally {
            alice.quit();
        }
    }

    private static String submit(String doc) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("reference").asText();
    }
}
