package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * "My decisions" filtered and decided in bulk (architecture rule 16, a real Chromium on the real
 * routes). Alice Moreau (licensing) is asked to decide two fast-track renewals, a fast-track request
 * that renews nothing and a standard-track discount; the filters narrow the list and its count; the
 * shipped policy lets only fast-track renewals be decided together, so only they have a box; her
 * bulk approval records two votes, each with its own audit events. At the HTTP level: a forged
 * selection (a request the policy keeps out, one not routed to the poster, a malformed id) is
 * refused per request, a form without the CSRF token decides nothing.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InboxFiltersBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("inbox-filters-browser");
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;

    String submit(String doc) throws Exception {
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("crm-connector", "intake"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("reference").asText();
    }

    /** A fast-track renewal that waits on licensing: a temporary access (approved by the policy), then its renewal above the auto-approval's revenue. */
    String renewal(String customer) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String first = submit(request(customer, "TEMPORARY_ACCESS", "\"seats\": 10", today.plusDays(2).toString(), 5, 1000, "INTERNAL", null));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref = ? AND state = 'ACTIVE'", first) == 1);
        return open(submit(request(customer, "TEMPORARY_ACCESS", "\"seats\": 10", today.plusDays(7).toString(), 10, 8000, "INTERNAL", null, first)));
    }

    String open(String ref) {
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM approval_levels WHERE request_ref = ? AND status = 'OPEN'", ref) == 1);
        return ref;
    }

    String url(String path) {
        return "http://127.0.0.1:" + HUB.httpPort + path;
    }

    @Test
    @Order(1)
    void filtersNarrowTheListAndTwoRenewalsAreApprovedTogetherAsTwoVotes() throws Exception {
        String r1 = renewal("CUST-IF-1");
        String r2 = renewal("CUST-IF-2");
        String seats = open(submit(request("CUST-IF-3", "EXTRA_SEATS", "\"seats\": 10", LocalDate.now(ZoneOffset.UTC).plusDays(3).toString(), 10, 8000,
                "INTERNAL", null)));
        String discount = open(submit(request("CUST-IF-4", "DISCOUNT", "\"discountPercent\": 35", "2027-03-01", 365, 180000, "INTERNAL", null)));
        Sql sql = new Sql(database);
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            assertThat(alice.getTitle()).isEqualTo("My decisions (4) - lexhub");
            // only the fast-track renewals have a box (the shipped policy's bulkDecision)
            assertThat(alice.findElements(By.cssSelector("#item-" + r1 + " input[type=checkbox]"))).hasSize(1);
            assertThat(alice.findElements(By.cssSelector("#item-" + r2 + " input[type=checkbox]"))).hasSize(1);
            assertThat(alice.findElements(By.cssSelector("#item-" + seats + " input[type=checkbox]"))).isEmpty();
            assertThat(alice.findElements(By.cssSelector("#item-" + discount + " input[type=checkbox]"))).isEmpty();
            assertThat(alice.findElement(By.id("item-" + r1)).getText()).contains("fast track, renewal");
            assertThat(alice.findElement(By.id("bulk-form")).getText()).contains("fast-track renewals of any type");
            Chromium.check(alice, "workspace-inbox-bulk");

            // the fast track: three; with the customer too: one
            new org.openqa.selenium.support.ui.Select(alice.findElement(By.id("track"))).selectByValue("fast");
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Filter']")));
            assertThat(alice.getCurrentUrl()).contains("track=fast");
            assertThat(alice.getTitle()).isEqualTo("My decisions (3) - lexhub");
            assertThat(alice.findElements(By.id("item-" + discount))).isEmpty();
            assertThat(alice.findElement(By.tagName("caption")).getText()).startsWith("3 decisions wait on you and match the filters");
            Chromium.check(alice, "workspace-inbox-filtered");
            alice.findElement(By.id("customer")).sendKeys("cust-if-3");
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Filter']")));
            assertThat(alice.getTitle()).isEqualTo("My decisions (1) - lexhub");
            assertThat(alice.findElements(By.id("item-" + seats))).hasSize(1);
            // by type and tier, by address
            alice.get(url("/?type=DISCOUNT"));
            assertThat(alice.getTitle()).isEqualTo("My decisions (1) - lexhub");
            assertThat(alice.findElements(By.id("item-" + discount))).hasSize(1);
            alice.get(url("/?whose=mine&due=all&track=standard"));
            assertThat(alice.getTitle()).isEqualTo("My decisions (1) - lexhub");

            // nothing matches: said plainly, with the way back
            alice.get(url("/?due=overdue"));
            assertThat(alice.getTitle()).isEqualTo("My decisions (0) - lexhub");
            assertThat(alice.findElement(By.id("empty-title")).getText()).isEqualTo("Nothing matches these filters");
            Chromium.check(alice, "workspace-inbox-filter-empty");
            Chromium.press(alice, alice.findElement(By.xpath("//section[contains(@class,'empty-state')]//a[normalize-space()='Clear the filters']")));
            assertThat(alice.getTitle()).isEqualTo("My decisions (4) - lexhub");

            // wrong values: the error summary, the field marked, nothing listed
            alice.get(url("/?track=slow&type=REFUND&whose=henrik.vogel&due=later"));
            assertThat(alice.getTitle()).isEqualTo("Error: My decisions (0) - lexhub");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#track']")).getText()).isEqualTo("Choose fast, standard or any track");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#type']")).getText()).isEqualTo("Choose a type of exception from the list");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#whose']")).getText()).contains("someone you stand in for");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#due']")).getText()).contains("overdue");
            Chromium.check(alice, "workspace-inbox-filter-error");

            // bulk: nothing ticked, no decision: the error summary, nothing decided
            alice.get(url("/"));
            Chromium.press(alice, alice.findElement(By.xpath("//form[@id='bulk-form']//button[normalize-space()='Continue']")));
            assertThat(alice.getTitle()).startsWith("Error: ");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#bulk-first']")).getText()).isEqualTo("Select at least one request to decide");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#bulk-approve']")).getText()).contains("approve or deny");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#bulk-rationale']")).getText()).isEqualTo("Enter a rationale for your decision");
            Chromium.check(alice, "workspace-inbox-bulk-error");

            alice.findElement(By.cssSelector("#item-" + r1 + " input[type=checkbox]")).click();
            alice.findElement(By.cssSelector("#item-" + r2 + " input[type=checkbox]")).click();
            alice.findElement(By.id("bulk-approve")).click();
            alice.findElement(By.id("bulk-rationale")).sendKeys("Renewals of pilots <b>in good standing</b>");
            Chromium.press(alice, alice.findElement(By.xpath("//form[@id='bulk-form']//button[normalize-space()='Continue']")));
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("Confirm your decision on 2 requests");
            String restated = alice.findElement(By.id("to-decide")).getText();
            assertThat(restated).contains("Approve " + r1 + " for CUST-IF-1 Ltd at level 1 of 1: Temporary access of Meridian Data Platform, 10 seats, 10 days",
                    "Approve " + r2 + " for CUST-IF-2 Ltd at level 1 of 1", "This is the last level");
            assertThat(alice.findElement(By.tagName("main")).getText()).contains("Renewals of pilots <b>in good standing</b>");
            Chromium.check(alice, "workspace-inbox-bulk-confirm");
            assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref IN (?, ?)", r1, r2)).as("nothing before the confirmation").isZero();

            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Confirm: approve 2']")));
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("2 of 2 requests decided");
            assertThat(alice.findElement(By.id("recorded")).getText()).contains(r1, r2);
            assertThat(alice.findElements(By.id("refused"))).isEmpty();
            Chromium.check(alice, "workspace-inbox-bulk-result");

            // two votes, each its own, through the one decision entry (channel workspace, the session as actor)
            for (String ref : new String[] {r1, r2}) {
                assertThat(sql.strings("SELECT approver_id || ':' || channel || ':' || rationale FROM approval_votes WHERE request_ref = ?", ref))
                        .containsExactly("alice.moreau:workspace:Renewals of pilots <b>in good standing</b>");
                assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'approval.recorded'", ref))
                        .singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:alice.moreau("));
                assertThat(sql.strings("SELECT state FROM requests WHERE reference = ?", ref)).containsExactly("APPROVED");
            }
            assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref IN (?, ?)", seats, discount)).isZero();
            alice.get(url("/"));
            assertThat(alice.getTitle()).isEqualTo("My decisions (2) - lexhub");
            assertThat(alice.findElements(By.id("bulk-form"))).as("nothing left that may be decided together").isEmpty();
        } finally {
            alice.quit();
        }
    }

    @Test
    @Order(2)
    void aForgedSelectionIsRefusedPerRequestAndAFormWithoutTheTokenDecidesNothing() throws Exception {
        String renewal = renewal("CUST-IF-5");
        String seats = open(submit(request("CUST-IF-6", "EXTRA_SEATS", "\"seats\": 10", LocalDate.now(ZoneOffset.UTC).plusDays(3).toString(), 10, 8000,
                "INTERNAL", null)));
        Sql sql = new Sql(database);
        String pick = renewal + ":1:1";

        // Grace (product) is not asked: the renewal is refused for her, nothing recorded
        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");
        HttpResponse<String> forged = grace.post("/decisions/bulk", HubBrowser.form("item", pick, "action", "approve", "rationale", "ok",
                "confirm", "yes", "csrf", grace.csrf()));
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forged.body()).contains("0 of 1 request decided", renewal, "It does not wait on you");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", renewal)).isZero();

        // Alice: the request the policy keeps out, a malformed id and a stale level are refused each; the eligible one is recorded
        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        String form = HubBrowser.form("item", seats + ":1:1", "item", "' OR 1=1 --", "item", pick, "action", "approve", "rationale", "Pilot renewal",
                "confirm", "yes");
        assertThat(alice.post("/decisions/bulk", form).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(alice.post("/decisions/bulk", form + "&csrf=wrong").statusCode()).isEqualTo(403);
        assertThat(new HubBrowser(HUB.httpPort).post("/decisions/bulk", form).statusCode()).as("no session").isIn(401, 403);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref IN (?, ?)", renewal, seats)).isZero();

        HttpResponse<String> stale = alice.post("/decisions/bulk", HubBrowser.form("item", renewal + ":1:2", "action", "approve",
                "rationale", "x", "csrf", alice.csrf()));
        assertThat(stale.body()).contains("Nothing to decide together", "It changed since you selected it").doesNotContain("value=\"yes\"");

        HttpResponse<String> result = alice.post("/decisions/bulk", form + "&csrf=" + alice.csrf());
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("1 of 3 requests decided", "The policy does not let it be decided in bulk", "This is not a request of your list");
        assertThat(sql.strings("SELECT approver_id || ':' || channel FROM approval_votes WHERE request_ref = ?", renewal)).containsExactly("alice.moreau:workspace");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", seats)).isZero();

        // the same form again: the renewal was decided, so it is refused now; nothing twice
        HttpResponse<String> again = alice.post("/decisions/bulk", form + "&csrf=" + alice.csrf());
        assertThat(again.body()).contains("0 of 3 requests decided");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", renewal)).isEqualTo(1);

        // more than the cap: refused as a whole before anything is checked
        StringBuilder many = new StringBuilder(HubBrowser.form("action", "approve", "rationale", "x", "csrf", alice.csrf()));
        for (int i = 0; i <= io.lexhub.api.BulkDecisionPages.CAP; i++) many.append("&item=EXC-2026-").append(String.format("%06d", i)).append("%3A1%3A1");
        HttpResponse<String> capped = alice.post("/decisions/bulk", many.toString());
        assertThat(capped.statusCode()).isEqualTo(400);
        assertThat(capped.body()).contains("Select at most 50 requests at a time");
    }
}
