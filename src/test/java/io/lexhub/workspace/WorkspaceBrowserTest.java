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
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The workspace as approvers use it (architecture rule 16): a real headless Chromium on the real
 * routes. An approver signs in, finds the request in "My decisions", reads the review page,
 * approves with a rationale and a condition after the confirmation page restates it, and the next
 * level's approver finds it in theirs; a denial made with the keyboard alone; who may see and
 * decide what (HTTP level: another approver, the auditor, a form without the CSRF token). Every
 * page goes through {@link Chromium#check} (axe-core, CSP, stylesheets, a screenshot).
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("workspace-browser");
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;

    /** A discount request through the REST channel; level 1 is the licensing desk's (Alice Moreau is asked). */
    String submitted(String customer) throws Exception {
        String doc = request(customer, "DISCOUNT", "\"discountPercent\": 35", "2027-03-01", 365, 180000, "INTERNAL", null);
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("crm-connector", "intake"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM approval_levels WHERE request_ref = ? AND status = 'OPEN'", ref) == 1);
        return ref;
    }

    static String main(ChromeDriver b) {
        return b.findElement(By.tagName("main")).getText();
    }

    @Test
    void anApproverFindsReviewsAndApprovesAndTheNextLevelSeesIt() throws Exception {
        String ref = submitted("CUST-WS-1");
        Sql sql = new Sql(database);
        String nextRole = sql.strings("SELECT role FROM approval_levels WHERE request_ref = ? AND level_no = 2", ref).get(0);
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            assertThat(alice.getTitle()).matches("My decisions \\(\\d+\\) - lexhub");
            assertThat(alice.findElement(By.id("signed-in")).getText()).contains("Alice Moreau");
            WebElement row = alice.findElement(By.xpath("//main//table//tr[th/a[normalize-space()='" + ref + "']]"));
            assertThat(row.getText()).contains("Discount of", "35 % discount", "1 of", "(licensing)", "business hour");
            Chromium.check(alice, "workspace-inbox");
            alice.manage().window().setSize(new Dimension(390, 844));
            Chromium.check(alice, "workspace-inbox-narrow");
            alice.manage().window().setSize(new Dimension(1280, 1100));

            Chromium.press(alice, row.findElement(By.linkText(ref)));
            assertThat(alice.findElement(By.tagName("h1")).getText()).startsWith(ref + ": Discount for");
            assertThat(main(alice)).contains("What the customer asks for", "35 % discount", "Approval chain", "Level 1: licensing",
                    "Similar past decisions", "Your decision");
            assertThat(alice.findElements(By.cssSelector("#risk-title"))).hasSize(1);
            Chromium.check(alice, "workspace-case");

            // nothing chosen, nothing typed: the error summary, nothing decided
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Continue']")));
            assertThat(alice.getTitle()).startsWith("Error: ");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#rationale']")).getText()).isEqualTo("Enter a rationale for your decision");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#action-approve']")).getText()).contains("approve, deny or ask");
            Chromium.check(alice, "workspace-case-error");
            assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();

            alice.findElement(By.id("action-approve")).click();
            alice.findElement(By.id("rationale")).sendKeys("Reference customer <b>for the EMEA launch</b>");
            alice.findElement(By.id("conditions")).sendKeys("Quarterly usage report");
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Continue']")));
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("Confirm your decision");
            assertThat(alice.findElement(By.cssSelector(".restate")).getText())
                    .startsWith("Approve " + ref + " at level 1 of ").contains("35 % discount, 365 days, from 1 Mar 2027, with 1 condition.");
            assertThat(main(alice)).contains("Reference customer <b>for the EMEA launch</b>", "Quarterly usage report", "Level 2 decides next.");
            Chromium.check(alice, "workspace-confirm");
            assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).as("nothing before the confirmation").isZero();

            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Confirm: approve']")));
            assertThat(alice.getCurrentUrl()).endsWith("/requests/" + ref + "#decided");
            assertThat(alice.findElement(By.id("decided")).getText()).contains("You voted approve at level 1");
            assertThat(alice.findElements(By.id("decide-title"))).as("nothing waits on her now").isEmpty();
            Chromium.check(alice, "workspace-decided");
            assertThat(sql.strings("SELECT approver_id || ':' || channel || ':' || rationale || ':' || conditions FROM approval_votes WHERE request_ref = ?", ref))
                    .containsExactly("alice.moreau:workspace:Reference customer <b>for the EMEA launch</b>:[\"Quarterly usage report\"]");
            assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'approval.recorded'", ref))
                    .singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:alice.moreau("));

            alice.get("http://127.0.0.1:" + HUB.httpPort + "/");
            assertThat(alice.findElements(By.linkText(ref))).as("decided: off her list").isEmpty();
        } finally {
            alice.quit();
        }

        // a holder of the next level's role (config/approvers.yaml)
        String next = java.util.Map.of("sales", "carla.jensen", "finance", "kate.murphy", "legal", "elena.rossi", "product", "grace.lin",
                "security", "ivan.petrov", "executive", "sam.takahashi").get(nextRole);
        ChromeDriver second = Chromium.signedIn(HUB.httpPort, next);
        try {
            WebElement row = second.findElement(By.xpath("//main//table//tr[th/a[normalize-space()='" + ref + "']]"));
            assertThat(row.getText()).contains("2 of", "(" + nextRole + ")");
            Chromium.press(second, row.findElement(By.linkText(ref)));
            assertThat(main(second)).contains("approve by alice.moreau via workspace: Reference customer <b>for the EMEA launch</b>");
        } finally {
            second.quit();
        }
    }

    @Test
    void theApprovalMailsReviewLinkLandsOnTheRequestAfterSignIn() throws Exception {
        String ref = submitted("CUST-WS-4");
        String review = TestHub.link(TestHub.text(HUB.awaitMail(ref, "alice.moreau@meridian-software.example", "Approval needed")), "Review");
        assertThat(review).isEqualTo("http://127.0.0.1:" + HUB.httpPort + "/requests/" + ref);
        ChromeDriver b = Chromium.open();
        try {
            b.get(review);
            assertThat(b.getCurrentUrl()).as("not signed in: to the sign-in page").endsWith("/sign-in");
            Chromium.signIn(b, HUB.httpPort, "alice.moreau");
            assertThat(b.getCurrentUrl()).as("signed in: on the request the mail named").endsWith("/requests/" + ref);
            assertThat(b.findElement(By.id("decide-title")).getText()).isEqualTo("Your decision");
            b.get("http://127.0.0.1:" + HUB.httpPort + "/sign-in");
            assertThat(b.manage().getCookieNamed("lexhub_next")).as("used once").isNull();
        } finally {
            b.quit();
        }
    }

    @Test
    void aDenialMadeWithTheKeyboardAlone() throws Exception {
        String ref = submitted("CUST-WS-2");
        ChromeDriver b = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            WebElement link = b.findElement(By.linkText(ref));
            tabTo(b, link);
            Chromium.nextPage(b, () -> b.switchTo().activeElement().sendKeys(Keys.ENTER));
            tabTo(b, b.findElement(By.id("action-approve")));
            // arrow keys move a radio group's choice: approve -> deny
            b.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
            assertThat(b.findElement(By.id("action-deny")).isSelected()).isTrue();
            b.switchTo().activeElement().sendKeys(Keys.TAB);
            assertThat(b.switchTo().activeElement().getDomAttribute("id")).isEqualTo("rationale");
            b.switchTo().activeElement().sendKeys("Outside the discount bands for this segment");
            tabTo(b, b.findElement(By.xpath("//main//button[normalize-space()='Continue']")));
            Chromium.nextPage(b, () -> b.switchTo().activeElement().sendKeys(Keys.ENTER));
            assertThat(b.findElement(By.cssSelector(".restate")).getText()).startsWith("Deny " + ref + " at level 1 of ");
            tabTo(b, b.findElement(By.xpath("//main//button[normalize-space()='Confirm: deny']")));
            Chromium.nextPage(b, () -> b.switchTo().activeElement().sendKeys(Keys.ENTER));
            assertThat(b.findElement(By.id("decided")).getText()).contains("You voted deny at level 1");
            assertThat(b.findElement(By.cssSelector(".status")).getText()).contains("denied");
        } finally {
            b.quit();
        }
    }

    /** Presses Tab until the element has the focus (at most 60 times), as a keyboard user moves through the page. */
    static void tabTo(ChromeDriver b, WebElement target) {
        b.findElement(By.tagName("body"));
        for (int i = 0; i < 60; i++) {
            if (b.switchTo().activeElement().equals(target)) return;
            b.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + target);
    }

    @Test
    void onlyTheRequestsApproversDecideAndOnlyWithTheirFormsToken() throws Exception {
        String ref = submitted("CUST-WS-3");
        String approve = HubBrowser.form("action", "approve", "rationale", "ok", "confirm", "yes");

        // another approver, not in this request's chain: neither the page nor the form
        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");
        Sql sql = new Sql(database);
        if (sql.strings("SELECT role FROM approval_levels WHERE request_ref = ?", ref).contains("product")) {
            throw new AssertionError("the test needs a request without a product level");
        }
        assertThat(grace.get("/requests/" + ref).statusCode()).isEqualTo(403);
        assertThat(grace.post("/requests/" + ref + "/decision", approve + "&csrf=" + grace.csrf()).statusCode()).isEqualTo(403);

        // the auditor reads the case, without a form, and may not decide
        HubBrowser olga = HubBrowser.signIn(HUB.httpPort, "olga.nilsen");
        HttpResponse<String> read = olga.get("/requests/" + ref);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("What the customer asks for").doesNotContain("Your decision");
        assertThat(olga.post("/requests/" + ref + "/decision", approve + "&csrf=" + olga.csrf()).statusCode()).isEqualTo(403);
        assertThat(olga.get("/requests/EXC-2000-999999").statusCode()).as("the desk and audit learn a request does not exist").isEqualTo(404);

        // the approver: without the form's CSRF token nothing is decided; with it, the decision is recorded
        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        assertThat(alice.post("/requests/" + ref + "/decision", approve).statusCode()).isEqualTo(403);
        assertThat(alice.post("/requests/" + ref + "/decision", approve + "&csrf=wrong").statusCode()).isEqualTo(403);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
        HttpResponse<String> decided = alice.post("/requests/" + ref + "/decision", approve + "&csrf=" + alice.csrf());
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(303);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ? AND approver_id = 'alice.moreau'", ref)).isEqualTo(1);
        // the same form again: the level waits on her no more
        HttpResponse<String> again = alice.post("/requests/" + ref + "/decision", approve + "&csrf=" + alice.csrf());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("Not yours to decide");
    }
}
