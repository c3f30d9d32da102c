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
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The waivers page as the desk and audit use it (architecture rule 16): a real headless Chromium on
 * the real routes. Waivers come from the policy's fast track (approved without an approver); the desk
 * sees them in the active list, in the "within 7 days" view and by the calendar's month, and revokes
 * one with a rationale after the confirmation page restates it; the auditor sees the list; anyone
 * else is refused the page and the form, and a form without the session's CSRF token revokes nothing.
 * The desk narrows a waiver (an earlier end, fewer seats) the same way: form, confirmation, list;
 * a widening comes back as an error beside its field.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaiversBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("waivers-browser");
    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;

    /** A temporary access of 10 seats from the day after tomorrow, inside the fast track's auto-approval: a waiver at once. */
    String waiver(String customer, int days) throws Exception {
        return waiver(customer, today().plusDays(2), days, null);
    }

    /** The same, from {@code start}; {@code renews}: the waiver it renews (null: none). */
    String waiver(String customer, LocalDate start, int days, String renews) throws Exception {
        String doc = request(customer, "TEMPORARY_ACCESS", "\"seats\": 10", start.toString(), days, 1000, "INTERNAL", null, renews);
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("crm-connector", "intake"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref = ? AND state = 'ACTIVE'", ref) == 1);
        return ref;
    }

    /** The hub's zone is UTC (config/application.properties). */
    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static String main(ChromeDriver b) {
        return b.findElement(By.tagName("main")).getText();
    }

    static WebElement row(ChromeDriver b, String ref) {
        return b.findElement(By.id("waiver-" + ref));
    }

    @Test
    void theDeskListsFiltersAndRevokesAWaiverAfterTheConfirmation() throws Exception {
        String soon = waiver("CUST-WV-1", 5);      // ends in 6 days
        String later = waiver("CUST-WV-2", 30);    // ends in 31 days: not within 30
        String revoked = waiver("CUST-WV-3", 20);  // ends in 21 days
        String renewal = waiver("CUST-WV-1", today().plusDays(7), 10, soon);  // continues the first from its end
        LocalDate laterEnd = today().plusDays(31);
        Sql sql = new Sql(database);
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/waivers");
            assertThat(alice.getTitle()).isEqualTo("Active waivers - lexhub");
            assertThat(alice.findElement(By.cssSelector("header a[aria-current='page']")).getText()).isEqualTo("Waivers");
            assertThat(row(alice, soon).getText()).contains("CUST-WV-1 Ltd", "Temporary access of Meridian Data Platform", "10 seats, 5 days",
                    DATE.format(today().plusDays(6)), "ends in 6 days", "active");
            assertThat(row(alice, later).getText()).contains("ends in 31 days").endsWith("none");
            // the renewal chain, both ways, as links to the requests
            assertThat(row(alice, soon).findElement(By.linkText(renewal)).getDomAttribute("href")).isEqualTo("/requests/" + renewal);
            assertThat(row(alice, soon).getText()).contains("renewed by " + renewal);
            assertThat(row(alice, renewal).getText()).contains("renews " + soon, "ends in 16 days");
            assertThat(main(alice)).contains("End dates in the next 12 months");
            Chromium.check(alice, "workspace-waivers");

            // the 7 days' view: only the waiver that ends within a week
            Chromium.press(alice, alice.findElement(By.xpath("//nav[@aria-label='Waiver views']//a[starts-with(normalize-space(), 'Within 7 days')]")));
            assertThat(alice.getCurrentUrl()).endsWith("/waivers?view=expiring-7");
            assertThat(alice.findElements(By.id("waiver-" + soon))).hasSize(1);
            assertThat(alice.findElements(By.id("waiver-" + later))).isEmpty();
            assertThat(alice.findElements(By.id("waiver-" + revoked))).isEmpty();
            assertThat(alice.findElement(By.cssSelector("nav.views a[aria-current='page']")).getText()).startsWith("Within 7 days (");
            assertThat(alice.findElement(By.tagName("caption")).getText()).startsWith("Active waivers ending within 7 days: ");
            Chromium.check(alice, "workspace-waivers-expiring");

            // the calendar's month of the later one leads to it
            Chromium.press(alice, alice.findElement(By.xpath("//table[contains(@class,'calendar')]//a[normalize-space()='"
                    + DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH).format(laterEnd) + "']")));
            assertThat(alice.getCurrentUrl()).endsWith("/waivers?month=" + laterEnd.toString().substring(0, 7));
            assertThat(alice.findElements(By.id("waiver-" + later))).hasSize(1);

            // revoke: the form, refused empty, then the confirmation that restates it; nothing changes before the confirmation
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/waivers?view=expiring-30");
            Chromium.press(alice, row(alice, revoked).findElement(By.partialLinkText("Revoke")));
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("Revoke the waiver of " + revoked);
            Chromium.check(alice, "workspace-waiver-revoke");
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Continue']")));
            assertThat(alice.getTitle()).startsWith("Error: ");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#rationale']")).getText()).isEqualTo("Enter why the waiver is revoked");
            Chromium.check(alice, "workspace-waiver-revoke-error");
            alice.findElement(By.id("rationale")).sendKeys("Customer breached the pilot terms <b>twice</b>");
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Continue']")));
            assertThat(alice.findElement(By.cssSelector(".restate")).getText()).isEqualTo("Revoke the waiver of " + revoked + " for CUST-WV-3 Ltd: 10 seats, 20 days, from "
                    + DATE.format(today().plusDays(2)) + ", ends " + DATE.format(today().plusDays(21)) + ".");
            assertThat(main(alice)).contains("Customer breached the pilot terms <b>twice</b>");
            Chromium.check(alice, "workspace-waiver-revoke-confirm");
            assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", revoked)).containsExactly("ACTIVE");

            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Confirm: revoke']")));
            assertThat(alice.getCurrentUrl()).endsWith("/waivers?view=revoked&done=" + revoked);
            assertThat(alice.findElement(By.id("done")).getText()).contains("The waiver of " + revoked + " for CUST-WV-3 Ltd is revoked");
            assertThat(row(alice, revoked).getText()).contains("revoked on " + DATE.format(today()), "was to end in 21 days");
            Chromium.check(alice, "workspace-waivers-revoked");
            assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", revoked)).containsExactly("REVOKED");
            assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.revoked'", revoked))
                    .singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:alice.moreau("));
            assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.revoked'", revoked).get(0))
                    .contains("Customer breached the pilot terms");

            // a revoked waiver offers no revocation, and its form answers that it is not active
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/waivers/" + revoked + "/revocation");
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("Not an active waiver");
        } finally {
            alice.quit();
        }
    }

    @Test
    void auditSeesTheListOthersAreRefusedAndAFormWithoutTheTokenRevokesNothing() throws Exception {
        String ref = waiver("CUST-WV-4", 10);
        Sql sql = new Sql(database);
        String form = HubBrowser.form("rationale", "no longer needed", "confirm", "yes");

        HubBrowser olga = HubBrowser.signIn(HUB.httpPort, "olga.nilsen");
        HttpResponse<String> list = olga.get("/waivers");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(ref, "CUST-WV-4 Ltd", "/waivers/" + ref + "/revocation");

        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");
        assertThat(grace.get("/waivers").statusCode()).isEqualTo(403);
        assertThat(grace.get("/waivers/" + ref + "/revocation").statusCode()).isEqualTo(403);
        assertThat(grace.post("/waivers/" + ref + "/revocation", form + "&csrf=" + grace.csrf()).statusCode()).isEqualTo(403);

        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        assertThat(alice.post("/waivers/" + ref + "/revocation", form).statusCode()).isEqualTo(403);
        assertThat(alice.post("/waivers/" + ref + "/revocation", form + "&csrf=wrong").statusCode()).isEqualTo(403);
        assertThat(alice.get("/waivers/EXC-2000-999999/revocation").statusCode()).isEqualTo(404);
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ref)).containsExactly("ACTIVE");
        // a page past the last makes no trouble: the list continues after a row that is not there
        assertThat(alice.get("/waivers?view=active&after=2999-01-01~EXC-2999-000001").body()).contains("There are no more waivers in this view");
    }

    static void date(ChromeDriver b, String id, LocalDate d) {
        b.executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, d.toString());
    }

    @Test
    void theDeskNarrowsAWaiverAfterTheConfirmationAndAWideningIsRefusedBesideItsField() throws Exception {
        String ref = waiver("CUST-WV-5", 20);   // 10 seats, ends in 21 days
        Sql sql = new Sql(database);
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/waivers");
            Chromium.press(alice, row(alice, ref).findElement(By.partialLinkText("Amend")));
            assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("Amend the waiver of " + ref);
            assertThat(main(alice)).contains("An amendment only narrows", "renewal");
            assertThat(alice.findElement(By.id("end")).getDomProperty("value")).isEqualTo(today().plusDays(21).toString());
            assertThat(alice.findElement(By.id("seats")).getDomProperty("value")).isEqualTo("10");
            assertThat(alice.findElements(By.id("discountPercent"))).as("a waiver without a discount has no discount field").isEmpty();
            Chromium.check(alice, "workspace-waiver-amend");

            // a widening (more seats) and no rationale: the error summary, the message beside each field, what was typed kept
            date(alice, "end", today().plusDays(30));
            alice.findElement(By.id("seats")).clear();
            alice.findElement(By.id("seats")).sendKeys("12");
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Continue']")));
            assertThat(alice.getTitle()).startsWith("Error: ");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#end']")).getText()).contains("widens the waiver", "renewal");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#seats']")).getText()).startsWith("More seats than 10 widens the waiver");
            assertThat(alice.findElement(By.id("seats-error")).getText()).contains("More seats than 10");
            assertThat(alice.findElement(By.id("seats")).getDomAttribute("aria-describedby")).isEqualTo("seats-hint seats-error");
            assertThat(alice.findElement(By.id("seats")).getDomProperty("value")).isEqualTo("12");
            Chromium.check(alice, "workspace-waiver-amend-error");

            date(alice, "end", today().plusDays(10));
            alice.findElement(By.id("seats")).clear();
            alice.findElement(By.id("seats")).sendKeys("6");
            alice.findElement(By.id("rationale")).sendKeys("Pilot scope reduced <b>by half</b>");
            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Continue']")));
            assertThat(alice.findElement(By.cssSelector(".restate")).getText()).isEqualTo("Bring the end of " + ref + " forward from "
                    + DATE.format(today().plusDays(21)) + " to " + DATE.format(today().plusDays(10)) + " and lower the seats from 10 to 6, because "
                    + "Pilot scope reduced <b>by half</b>.");
            Chromium.check(alice, "workspace-waiver-amend-confirm");
            assertThat(sql.strings("SELECT end_date FROM waivers WHERE request_ref = ?", ref)).containsExactly(today().plusDays(21).toString());

            Chromium.press(alice, alice.findElement(By.xpath("//main//button[normalize-space()='Confirm: amend']")));
            assertThat(alice.getCurrentUrl()).endsWith("/waivers?amended=" + ref);
            assertThat(alice.findElement(By.id("done")).getText()).contains("The waiver of " + ref + " for CUST-WV-5 Ltd is amended", "6 seats, 9 days",
                    "ends " + DATE.format(today().plusDays(10)));
            assertThat(row(alice, ref).getText()).contains("6 seats", "ends in 10 days", "active");
            Chromium.check(alice, "workspace-waivers-amended");
            assertThat(sql.strings("SELECT state || ' ' || end_date FROM waivers WHERE request_ref = ?", ref))
                    .containsExactly("ACTIVE " + today().plusDays(10));
            assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.amended'", ref))
                    .singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:alice.moreau("));

        } finally {
            alice.quit();
        }
        // the form of before is stale now: confirmed again, it is refused (409) and changes nothing
        HubBrowser desk = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        String stale = HubBrowser.form("end", today().plusDays(5).toString(), "seats", "5", "rationale", "again", "expectedEnd",
                today().plusDays(21).toString(), "expectedSeats", "10", "expectedDiscountPercent", "", "confirm", "yes");
        assertThat(desk.post("/waivers/" + ref + "/amendment", stale + "&csrf=" + desk.csrf()).statusCode()).isEqualTo(409);
        assertThat(sql.strings("SELECT end_date FROM waivers WHERE request_ref = ?", ref)).containsExactly(today().plusDays(10).toString());
    }

    @Test
    void anApproverWithoutDeskOrAuditIsRefusedTheAmendmentAndAFormWithoutTheTokenAmendsNothing() throws Exception {
        String ref = waiver("CUST-WV-6", 10);
        Sql sql = new Sql(database);
        String form = HubBrowser.form("end", today().plusDays(5).toString(), "seats", "5", "rationale", "narrower", "expectedEnd",
                today().plusDays(11).toString(), "expectedSeats", "10", "expectedDiscountPercent", "", "confirm", "yes");

        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");
        assertThat(grace.get("/waivers/" + ref + "/amendment").statusCode()).isEqualTo(403);
        assertThat(grace.post("/waivers/" + ref + "/amendment", form + "&csrf=" + grace.csrf()).statusCode()).isEqualTo(403);

        HubBrowser olga = HubBrowser.signIn(HUB.httpPort, "olga.nilsen");
        assertThat(olga.get("/waivers/" + ref + "/amendment").body()).contains("Amend the waiver of " + ref);

        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        assertThat(alice.post("/waivers/" + ref + "/amendment", form).statusCode()).isEqualTo(403);
        assertThat(alice.post("/waivers/" + ref + "/amendment", form + "&csrf=wrong").statusCode()).isEqualTo(403);
        assertThat(alice.get("/waivers/EXC-2000-999999/amendment").statusCode()).isEqualTo(404);
        assertThat(sql.strings("SELECT end_date FROM waivers WHERE request_ref = ?", ref)).containsExactly(today().plusDays(11).toString());
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref = ? AND event_type = 'waiver.amended'", ref)).isZero();
    }
}
