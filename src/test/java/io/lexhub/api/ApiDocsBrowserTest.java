package io.lexhub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.app.HubConfiguration;
import io.lexhub.support.Chromium;
import io.lexhub.support.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Swagger UI at /api/docs as a browser shows it (architecture rule 16): under the docs page's CSP
 * (script only from the hub, no inline script) it loads /api/openapi.json and lists every operation,
 * with no CSP violation in the console; a screenshot goes to target/screenshots/api-docs.png.
 * (Swagger UI is a third-party reader for developers, not one of the hub's pages: axe-core's findings
 * on it are printed, not enforced.)
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsBrowserTest {

    static final TestHub HUB = TestHub.prepare("api-docs-browser");

    @AfterAll
    void stop() {
        HUB.close();
    }

    @Test
    void swaggerUiShowsEveryOperationUnderTheHubsPolicy() throws Exception {
        int operations = io.lexhub.support.ApiContract.of(HUB).operations().size();
        ChromeDriver b = Chromium.open();
        try {
            b.get("http://127.0.0.1:" + HUB.httpPort + "/api/docs");
            await().atMost(Duration.ofSeconds(30)).until(() -> b.findElements(By.cssSelector(".opblock")).size() == operations);
            assertThat(b.findElement(By.cssSelector(".info .title")).getText()).contains("lexhub API");
            Chromium.screenshot(b, "api-docs");
            List<String> violations = new ArrayList<>();
            for (LogEntry e : b.manage().logs().get(LogType.BROWSER)) {
                if (e.getMessage().contains("Content Security Policy") || e.getMessage().contains("Content-Security-Policy")) violations.add(e.getMessage());
                else System.out.println("[browser api-docs] " + e.getLevel() + " " + e.getMessage());
            }
            assertThat(violations).as("CSP violations in the console").isEmpty();
        } finally {
            b.quit();
        }
    }
}
