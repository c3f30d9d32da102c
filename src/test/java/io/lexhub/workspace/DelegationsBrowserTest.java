package io.lexhub.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The delegations page as people use it (architecture rule 16): a real headless Chromium on the real
 * routes. Carla hands her sales role to Dev for a week, Dev sees it received, Carla ends it with a
 * reason; a form with the last day before the first comes back with the error summary, as typed;
 * the desk sees every live delegation and may end it, nobody else may end someone else's; a form
 * without the session's CSRF token changes nothing.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DelegationsBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("delegations-browser");
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;

    /** The hub's zone is UTC (config/application.properties). */
    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static String main(ChromeDriver b) {
        return b.findElement(By.tagName("main")).getText();
    }

    /** Sets a date field's value as its picker would (typing into a date field depends on the browser's locale). */
    static void date(ChromeDriver b, String id, LocalDate d) {
        b.executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, d.toString());
    }

    @Test
    void carlaHandsHerRoleToDevWhoSeesItAndSheEndsIt() throws Exception {
        Sql sql = new Sql(database);
        ChromeDriver carla = Chromium.signedIn(HUB.httpPort, "carla.jensen");
        long id;
        try {
            carla.get("http://127.0.0.1:" + HUB.httpPort + "/delegations");
            assertThat(carla.getTitle()).isEqualTo("Delegations - lexhub");
            assertThat(carla.findElement(By.cssSelector("header a[aria-current='page']")).getText()).isEqualTo("Delegations");
            assertThat(main(carla)).contains("You have not handed a role to anyone");
            // the defaults: her one role, from today for a week
            assertThat(new Select(carla.findElement(By.id("role"))).getFirstSelectedOption().getText()).isEqualTo("sales");
            assertThat(carla.findElement(By.id("from")).getDomProperty("value")).isEqualTo(today().toString());
            assertThat(carla.findElement(By.id("until")).getDomProperty("value")).isEqualTo(today().plusDays(7).toString());
            assertThat(main(carla)).doesNotContain("All live delegations");
            Chromium.check(carla, "workspace-delegations-empty");

            // the last day before the first: the error summary, what was typed kept, nothing set
            new Select(carla.findElement(By.id("delegate"))).selectByValue("dev.patel");
            date(carla, "from", today().plusDays(3));
            date(carla, "until", today().plusDays(1));
            carla.findElement(By.id("reason")).sendKeys("Annual leave <i>Lisbon</i>");
            Chromium.press(carla, carla.findElement(By.xpath("//main//button[normalize-space()='Set the delegation']")));
            assertThat(carla.getTitle()).isEqualTo("Error: Delegations - lexhub");
            assertThat(carla.findElement(By.cssSelector(".error-summary a[href='#until']")).getText()).isEqualTo("The last day must be on or after the first day");
            assertThat(carla.findElement(By.id("until")).getDomAttribute("aria-describedby")).isEqualTo("until-hint until-error");
            assertThat(carla.findElement(By.id("reason")).getDomProperty("value")).isEqualTo("Annual leave <i>Lisbon</i>");
            assertThat(new Select(carla.findElement(By.id("delegate"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("dev.patel");
            Chromium.check(carla, "workspace-delegations-error");
            assertThat(sql.count("SELECT COUNT(*) FROM delegations WHERE delegator = 'carla.jensen'")).isZero();

            // corrected: set, and listed as given
            date(carla, "from", today());
            date(carla, "until", today().plusDays(7));
            Chromium.press(carla, carla.findElement(By.xpath("//main//button[normalize-space()='Set the delegation']")));
            id = sql.count("SELECT MAX(id) FROM delegations WHERE delegator = 'carla.jensen' AND delegate = 'dev.patel' AND role = 'sales'");
            assertThat(carla.getCurrentUrl()).endsWith("/delegations#given-" + id);
            WebElement given = carla.findElement(By.id("given-" + id));
            assertThat(given.getText()).contains("sales", "Carla Jensen", "Dev Patel", DATE.format(today()) + " to " + DATE.format(today().plusDays(7)),
                    "last day in 7 days", "Annual leave <i>Lisbon</i>", "live");
            Chromium.check(carla, "workspace-delegations");
            assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'delegation.created' AND payload LIKE ?", "%\"id\":" + id + ",%"))
                    .singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:carla.jensen("));
        } finally {
            carla.quit();
        }

        // Dev sees it received, without an end button (only its delegator or the desk may end it)
        ChromeDriver dev = Chromium.signedIn(HUB.httpPort, "dev.patel");
        try {
            dev.get("http://127.0.0.1:" + HUB.httpPort + "/delegations");
            WebElement received = dev.findElement(By.id("received-" + id));
            assertThat(received.getText()).contains("sales", "Carla Jensen", "Dev Patel", "live");
            assertThat(received.findElements(By.tagName("button"))).isEmpty();
            Chromium.check(dev, "workspace-delegations-received");
        } finally {
            dev.quit();
        }
        HubBrowser devHttp = HubBrowser.signIn(HUB.httpPort, "dev.patel");
        assertThat(devHttp.post("/delegations/" + id + "/end", HubBrowser.form("reason", "mine now", "confirm", "yes", "csrf", devHttp.csrf())).statusCode())
                .isEqualTo(403);

        // Carla ends it: what ends, a reason (refused empty), then ended
        carla = Chromium.signedIn(HUB.httpPort, "carla.jensen");
        try {
            carla.get("http://127.0.0.1:" + HUB.httpPort + "/delegations");
            Chromium.press(carla, carla.findElement(By.id("given-" + id)).findElement(By.tagName("button")));
            assertThat(carla.findElement(By.cssSelector(".restate")).getText()).isEqualTo("End the delegation of sales from Carla Jensen to Dev Patel, "
                    + DATE.format(today()) + " to " + DATE.format(today().plusDays(7)) + ".");
            Chromium.check(carla, "workspace-delegation-end");
            Chromium.press(carla, carla.findElement(By.xpath("//main//button[normalize-space()='End the delegation']")));
            assertThat(carla.findElement(By.cssSelector(".error-summary a[href='#reason']")).getText()).isEqualTo("Enter why the delegation ends");
            assertThat(sql.count("SELECT COUNT(*) FROM delegations WHERE id = ? AND revoked_at IS NULL", id)).isEqualTo(1);
            carla.findElement(By.id("reason")).sendKeys("Trip cancelled");
            Chromium.press(carla, carla.findElement(By.xpath("//main//button[normalize-space()='End the delegation']")));
            assertThat(carla.findElement(By.id("given-" + id)).getText()).contains("ended on " + DATE.format(today()));
            assertThat(carla.findElement(By.id("given-" + id)).findElements(By.tagName("button"))).isEmpty();
        } finally {
            carla.quit();
        }
        assertThat(sql.count("SELECT COUNT(*) FROM delegations WHERE id = ? AND revoked_at IS NOT NULL", id)).isEqualTo(1);
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'delegation.revoked' AND payload LIKE ?", "%Trip cancelled%"))
                .singleElement().satisfies(a -> assertThat(a).startsWith("sign-in-link:carla.jensen("));
    }

    @Test
    void theDeskSeesAndEndsAnyLiveDelegationOthersMayNotAndNoFormWithoutTheToken() throws Exception {
        Sql sql = new Sql(database);
        String set = HubBrowser.form("delegate", "carla.jensen", "role", "sales", "from", today().plusDays(1).toString(),
                "until", today().plusDays(10).toString(), "reason", "Conference week");
        HubBrowser dev = HubBrowser.signIn(HUB.httpPort, "dev.patel");
        // without the session's CSRF token, or with a wrong one: refused, nothing set
        assertThat(dev.post("/delegations", set).statusCode()).isEqualTo(403);
        assertThat(dev.post("/delegations", set + "&csrf=wrong").statusCode()).isEqualTo(403);
        assertThat(sql.count("SELECT COUNT(*) FROM delegations WHERE delegator = 'dev.patel'")).isZero();
        // a role she does not hold: the form again, 400
        HttpResponse<String> wrongRole = dev.post("/delegations", set.replace("role=sales", "role=finance") + "&csrf=" + dev.csrf());
        assertThat(wrongRole.statusCode()).isEqualTo(400);
        assertThat(wrongRole.body()).contains("Choose one of your roles", "Conference week");
        HttpResponse<String> done = dev.post("/delegations", set + "&csrf=" + dev.csrf());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        long id = sql.count("SELECT MAX(id) FROM delegations WHERE delegator = 'dev.patel'");

        // someone else, neither its delegator nor the desk, may not end it
        HubBrowser kate = HubBrowser.signIn(HUB.httpPort, "kate.murphy");
        assertThat(kate.get("/delegations").body()).doesNotContain("All live delegations", "Conference week");
        assertThat(kate.post("/delegations/" + id + "/end", HubBrowser.form("reason", "x", "confirm", "yes", "csrf", kate.csrf())).statusCode()).isEqualTo(403);

        // the desk sees every live one and ends it; without the token nothing ends
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/delegations");
            WebElement row = alice.findElement(By.id("all-" + id));
            assertThat(row.getText()).contains("sales", "Dev Patel", "Carla Jensen", "Conference week", "starts tomorrow");
            Chromium.check(alice, "workspace-delegations-desk");
        } finally {
            alice.quit();
        }
        HubBrowser desk = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        String end = HubBrowser.form("reason", "Dev is not away after all", "confirm", "yes");
        assertThat(desk.post("/delegations/" + id + "/end", end).statusCode()).isEqualTo(403);
        assertThat(sql.count("SELECT COUNT(*) FROM delegations WHERE id = ? AND revoked_at IS NULL", id)).isEqualTo(1);
        assertThat(desk.post("/delegations/" + id + "/end", end + "&csrf=" + desk.csrf()).statusCode()).isEqualTo(303);
        assertThat(sql.count("SELECT COUNT(*) FROM delegations WHERE id = ? AND revoked_at IS NOT NULL", id)).isEqualTo(1);
        // ended already: nothing to end
        assertThat(desk.post("/delegations/" + id + "/end", end + "&csrf=" + desk.csrf()).statusCode()).isEqualTo(409);
        assertThat(desk.post("/delegations/999999/end", end + "&csrf=" + desk.csrf()).statusCode()).isEqualTo(404);
    }
}
