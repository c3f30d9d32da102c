package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.policy.PolicyHolder;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.FolderCopy;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The public page "How exceptions work here" (real Chromium, real routes, a copy of config/ the hub
 * reloads): anyone reads it without signing in, in English or German (?lang=, Accept-Language), on a
 * phone too; a policy reload shows at once. And a German-speaking customer's request is
 * acknowledged in German (GreenMail), by the customer's setting or the request's own language.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HowItWorksBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("portal-how-it-works");
    static final Path CONFIG = FolderCopy.of("config");
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public TestHub hub() {
        return HUB;
    }

    static {
        System.setProperty("lexhub.config.dir", CONFIG.toString());
        System.setProperty("lexhub.reload.poll-ms", "200");
        System.setProperty("lexhub.portal.customer-languages", "CUST-DE-1: de");
    }

    @BeanInject
    PolicyHolder policy;

    @Test
    void anyoneReadsHowExceptionsWorkInTheirLanguage() throws Exception {
        String page = "http://127.0.0.1:" + HUB.httpPort + "/portal/how-it-works";
        ChromeDriver b = Chromium.open();
        try {
            b.get(page);
            assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("How license exceptions work here");
            assertThat(b.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
            assertThat(b.findElement(By.id("types")).getText()).contains("Extra seats", "Temporary access", "60 days", "1,095 days");
            assertThat(b.findElement(By.id("service-levels")).getText()).contains("Fast track", "Standard track", "40");
            Chromium.check(b, "portal-how-it-works");

            Chromium.press(b, b.findElement(By.linkText("Deutsch")));
            assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("So funktionieren Lizenzausnahmen bei uns");
            assertThat(b.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
            assertThat(b.findElement(By.id("types")).getText()).contains("Zusätzliche Nutzerlizenzen", "1.095 Tage");
            Chromium.check(b, "portal-how-it-works-de");

            b.manage().window().setSize(new Dimension(390, 844));
            b.navigate().refresh();
            long overflow = (Long) b.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
            Chromium.check(b, "portal-how-it-works-de-phone");

            // the policy in force, read on every call: a reload shows at once
            String running = policy.current().version();
            Path file = CONFIG.resolve("policy.yaml");
            Files.writeString(file, Files.readString(file).replace("version: \"" + running + "\"", "version: \"" + running + "-public\"")
                    .replace("    maxDurationDays: 60\n", "    maxDurationDays: 45\n"));
            await().atMost(Duration.ofSeconds(10)).until(() -> policy.current().version().equals(running + "-public"));
            b.get(page + "?lang=en");
            assertThat(b.findElement(By.id("type-TEMPORARY_ACCESS")).getText()).contains("45 days").doesNotContain("60 days");
            assertThat(b.findElement(By.tagName("main")).getText()).contains(running + "-public");
        } finally {
            b.quit();
        }
        // the browser's languages, with their weights; nobody signs in
        HttpResponse<String> german = HUB.anonymous("GET", "/portal/how-it-works", null, null, "Accept-Language", "fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7");
        assertThat(german.statusCode()).isEqualTo(200);
        assertThat(german.headers().firstValue("Content-Language")).hasValue("de");
        assertThat(german.body()).contains("<html lang=\"de\"");
        assertThat(HUB.anonymous("GET", "/portal/how-it-works?lang=xx", null, null, "Accept-Language", "it").body()).contains("<html lang=\"en\"");
    }

    @Test
    void aGermanSpeakingCustomerIsAcknowledgedInGerman() throws Exception {
        // the customer's setting (lexhub.portal.customer-languages), and a request that names its own language
        String bySetting = submit(request("CUST-DE-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        String byRequest = submit(request("CUST-DE-2", "EXTRA_SEATS", "\"seats\": 1250", "2027-03-01", 60, 20000, "INTERNAL", null)
                .replace("\"product\":", "\"language\": \"de\", \"product\":"));
        String english = submit(request("CUST-EN-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));

        MimeMessage first = HUB.awaitMail(bySetting, "contact@cust-de-1.example", "Ihr Antrag auf eine Lizenzausnahme ist eingegangen");
        String text = TestHub.text(first);
        System.out.println("[languages] " + first.getSubject() + "\n" + text);
        assertThat(text).contains("Guten Tag", "unter dem Aktenzeichen " + bySetting, "Zeitraum:   1. März 2027 bis 29. April 2027 (60 Tage)",
                "in Genehmigung (", "Ihr Team Lizenzausnahmen").doesNotContain("Hello", "We received", "{{");
        assertThat(TestHub.text(HUB.awaitMail(byRequest, "contact@cust-de-2.example", "ist eingegangen"))).contains("Guten Tag");
        assertThat(TestHub.text(HUB.awaitMail(english, "contact@cust-en-1.example", "We received your license exception request")))
                .contains("Hello", "Period:     2027-03-01 to 2027-04-29 (60 days)");
    }

    private static String submit(String doc) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("reference").asText();
    }
}
