package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The audit page as an auditor uses it (real Chromium, real routes): a request's events, the
 * whole check intact, a signed checkpoint, a sampled waiver's review confirmed; then a row changed
 * behind the hub's back and an event rewritten, each named by the check. Others may not look.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("workspace-audit");
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;
    @BeanInject
    ProducerTemplate template;

    /** A short temporary access the policy approves by itself: an active waiver at once. */
    String approved(String customer) throws Exception {
        String doc = request(customer, "TEMPORARY_ACCESS", "\"seats\": 5", LocalDate.now().plusDays(3).toString(), 20, 500, "INTERNAL", null);
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).as(r.body()).isEqualTo("APPROVED");
        return body.path("reference").asText();
    }

    static String main(ChromeDriver b) {
        return b.findElement(By.tagName("main")).getText();
    }

    @Test
    @Order(1)
    void anAuditorReadsATimelineChecksTheChainAndWorksTheReviewQueue() throws Exception {
        String ref = approved("CUST-AU-1");
        approved("CUST-AU-2");
        template.requestBody("direct:review-sampling", (Object) null);
        Sql sql = new Sql(database);
        assertThat(sql.count("SELECT COUNT(*) FROM waiver_reviews WHERE status = 'OPEN'")).isPositive();

        ChromeDriver olga = Chromium.signedIn(HUB.httpPort, "olga.nilsen");
        try {
            Chromium.press(olga, olga.findElement(By.linkText("Audit")));
            assertThat(olga.findElement(By.tagName("h1")).getText()).isEqualTo("Audit");
            Chromium.check(olga, "workspace-audit");

            olga.findElement(By.id("reference")).sendKeys("not a reference");
            Chromium.press(olga, olga.findElement(By.xpath("//main//button[normalize-space()='Show its events']")));
            assertThat(olga.findElement(By.cssSelector(".error-summary a[href='#reference']")).getText()).contains("EXC-2026-000123");
            olga.findElement(By.id("reference")).clear();
            olga.findElement(By.id("reference")).sendKeys(ref.toLowerCase());
            Chromium.press(olga, olga.findElement(By.xpath("//main//button[normalize-space()='Show its events']")));
            assertThat(olga.findElement(By.cssSelector("#timeline-title + form + .table-wrap caption")).getText()).contains("events of " + ref);
            assertThat(main(olga)).contains("request.received", "request.assessed", "system:");
            Chromium.check(olga, "workspace-audit-timeline");

            Chromium.press(olga, olga.findElement(By.xpath("//main//button[normalize-space()='Check now']")));
            assertThat(olga.findElement(By.id("check-result")).getText()).startsWith("Intact.").contains("chain intact", "rows match the audit trail");
            Chromium.check(olga, "workspace-audit-intact");

            // the review queue: a sampled waiver confirmed, with a rationale (none: the form again)
            String reviewId = sql.strings("SELECT id FROM waiver_reviews WHERE status = 'OPEN' ORDER BY id").get(0);
            olga.get("http://127.0.0.1:" + HUB.httpPort + "/audit");
            Chromium.press(olga, olga.findElement(By.xpath("//form[@action='/audit/reviews/" + reviewId + "']//button")));
            assertThat(olga.findElement(By.cssSelector(".error-summary a[href='#rationale-" + reviewId + "']")).getText()).contains("rationale");
            olga.findElement(By.id("outcome-" + reviewId)).click();
            olga.findElement(By.id("rationale-" + reviewId)).sendKeys("Usage matches the grant");
            Chromium.press(olga, olga.findElement(By.xpath("//form[@action='/audit/reviews/" + reviewId + "']//button")));
            assertThat(olga.getCurrentUrl()).endsWith("/audit#reviews");
            assertThat(sql.strings("SELECT status FROM waiver_reviews WHERE id = ?", reviewId)).containsExactly("CONFIRMED");
            assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'waiver.review-confirmed'"))
                    .singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:olga.nilsen("));
        } finally {
            olga.quit();
        }

        HubBrowser http = HubBrowser.signIn(HUB.httpPort, "olga.nilsen");
        HttpResponse<String> cp = http.get("/audit/checkpoint?from=" + LocalDate.now().minusDays(1) + "&to=" + LocalDate.now().plusDays(1));
        assertThat(cp.statusCode()).as(cp.body()).isEqualTo(200);
        assertThat(cp.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment; filename=\"lexhub-audit-checkpoint-");
        JsonNode checkpoint = JSON.readTree(cp.body());
        assertThat(checkpoint.path("format").asText()).isEqualTo("lexhub-audit-checkpoint/1");
        assertThat(checkpoint.path("signature").asText()).isNotBlank();
        assertThat(http.get("/audit/checkpoint?from=2020-01-01&to=2020-01-02").statusCode()).as("no events then").isEqualTo(409);
        assertThat(http.get("/audit/checkpoint?from=2026-02-30&to=x").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void othersMayNotLookAndFormsNeedTheirToken() throws Exception {
        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        HttpResponse<String> refused = alice.get("/audit");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("<h1>Not allowed</h1>", "needs one of: audit");
        assertThat(alice.get("/audit/checkpoint?from=2026-01-01&to=2026-12-31").statusCode()).isEqualTo(403);
        assertThat(alice.post("/audit/verification", "csrf=" + alice.csrf()).statusCode()).isEqualTo(403);
        HubBrowser olga = HubBrowser.signIn(HUB.httpPort, "olga.nilsen");
        assertThat(olga.post("/audit/verification", "").statusCode()).as("no CSRF token").isEqualTo(403);
    }

    @Test
    @Order(3)
    void theCheckNamesARowChangedBehindTheHubsBackAndARewrittenEvent() throws Exception {
        String ref = approved("CUST-AU-3");
        Sql sql = new Sql(database);
        sql.update("UPDATE waivers SET end_date = end_date + 365 WHERE request_ref = ?", ref);
        ChromeDriver olga = Chromium.signedIn(HUB.httpPort, "olga.nilsen");
        try {
            olga.get("http://127.0.0.1:" + HUB.httpPort + "/audit");
            Chromium.press(olga, olga.findElement(By.xpath("//main//button[normalize-space()='Check now']")));
            String result = olga.findElement(By.id("check-result")).getText();
            assertThat(result).startsWith("Broken.").contains("The chain is intact", "waivers request_ref=" + ref, "end_date recorded");
            Chromium.check(olga, "workspace-audit-broken-row");

            String seq = sql.strings("SELECT MIN(seq) FROM audit_events WHERE request_ref = ?", ref).get(0);
            sql.update("UPDATE audit_events SET payload = '{}' WHERE seq = " + Long.parseLong(seq));
            Chromium.press(olga, olga.findElement(By.xpath("//main//button[normalize-space()='Check now']")));
            assertThat(olga.findElement(By.id("check-result")).getText()).startsWith("Broken.").contains("BROKEN at event " + seq);
            assertThat(new HubBrowser(HUB.httpPort).get("/").statusCode()).isEqualTo(303);
        } finally {
            olga.quit();
        }
    }
}
