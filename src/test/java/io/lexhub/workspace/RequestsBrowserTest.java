package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.ApiContract;
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
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The workspace's Requests page as the desk uses it (docs/workspace.md, "Requests"): requests
 * submitted through the REST API, then Alice Moreau (licensing: the desk) filters them by state
 * and customer, sorts, pages (3 a page here), opens one; a search that cannot be run comes back
 * with the error summary; the CSV of a search, read at the HTTP level: its headers, RFC 4180
 * quoting and a customer's name that a spreadsheet would run as a formula. Grace Lin (product, no
 * desk or audit scope) gets neither. Every page goes through {@link Chromium#check}.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequestsBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("requests-browser");
    static final ObjectMapper JSON = new ObjectMapper();
    /** A customer's name a spreadsheet would run: a formula with a comma and quotes in it. */
    static final String EVIL_NAME = "=SUM(1,2) \"Evil\" Ltd";

    @Override
    public TestHub hub() {
        return HUB;
    }

    static {
        // three a page, so six requests make pages
        System.setProperty("lexhub.workspace.requests.page-size", "3");
    }

    @BeanInject
    Database database;

    String alpha;
    String beta;
    String gamma;
    String alphaAgain;
    String delta;
    String evil;

    /** The six requests, submitted once (by the first test: the hub runs from then on). */
    synchronized void submitted() throws Exception {
        if (evil != null) return;
        alpha = submit(discount("CUST-RQ-ALPHA"));
        beta = submit(discount("CUST-RQ-BETA"));
        gamma = submit(discount("CUST-RQ-GAMMA"));
        // the same customer and product for an overlapping period: rejected
        alphaAgain = submit(request("CUST-RQ-ALPHA", "DISCOUNT", "\"discountPercent\": 30", "2027-06-01", 365, 180000, "INTERNAL", null));
        delta = submit(request("CUST-RQ-DELTA", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        evil = submit(discount("CUST-RQ-EVIL").replace("\"name\": \"CUST-RQ-EVIL Ltd\"", "\"name\": " + JSON.writeValueAsString(EVIL_NAME)));
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM request_search WHERE state = 'PENDING_APPROVAL'") == 5);
        assertThat(sql.strings("SELECT state FROM request_search WHERE reference = ?", alphaAgain)).containsExactly("REJECTED");
    }

    static String discount(String customer) {
        return request(customer, "DISCOUNT", "\"discountPercent\": 35", "2027-03-01", 365, 180000, "INTERNAL", null);
    }

    String submit(String doc) throws Exception {
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("crm-connector", "intake"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("reference").asText();
    }

    static List<String> references(ChromeDriver b) {
        return b.findElements(By.cssSelector("main table tbody th a")).stream().map(WebElement::getText).toList();
    }

    static void search(ChromeDriver b) {
        Chromium.press(b, b.findElement(By.xpath("//main//button[normalize-space()='Search']")));
    }

    @Test
    void theDeskFiltersSortsPagesAndOpensARequest() throws Exception {
        submitted();
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            Chromium.press(alice, alice.findElement(By.xpath("//header//a[normalize-space()='Requests']")));
            assertThat(alice.getTitle()).isEqualTo("Requests (6) - lexhub");
            assertThat(alice.findElement(By.xpath("//header//a[normalize-space()='Requests']")).getDomAttribute("aria-current")).isEqualTo("page");
            assertThat(alice.findElement(By.id("result-count")).getText()).startsWith("6 requests match, newest first. Showing 1 to 3.");
            assertThat(references(alice)).as("newest first, three a page").containsExactly(evil, delta, alphaAgain);
            Chromium.check(alice, "workspace-requests");

            // pending approval, customers with "rq-" in their id: five, on two pages
            new Select(alice.findElement(By.id("state"))).selectByValue("PENDING_APPROVAL");
            alice.findElement(By.id("customer")).sendKeys("rq-");
            search(alice);
            assertThat(alice.getCurrentUrl()).contains("state=PENDING_APPROVAL").contains("customer=rq-");
            assertThat(alice.findElement(By.id("result-count")).getText()).startsWith("5 requests match");
            assertThat(references(alice)).containsExactly(evil, delta, gamma);
            assertThat(alice.findElement(By.cssSelector("nav.pages")).getText()).contains("Page 1 of 2");
            Chromium.press(alice, alice.findElement(By.cssSelector("nav.pages a[rel='next']")));
            assertThat(references(alice)).containsExactly(beta, alpha);
            assertThat(alice.findElement(By.id("result-count")).getText()).contains("Showing 4 to 5");
            Chromium.check(alice, "workspace-requests-page-2");

            // by customer, A to Z ("=" sorts before letters), then Z to A; back to the first page
            Chromium.press(alice, alice.findElement(By.linkText("Customer")));
            assertThat(alice.findElement(By.xpath("//main//th[a[normalize-space()='Customer']]")).getDomAttribute("aria-sort")).isEqualTo("ascending");
            assertThat(references(alice)).containsExactly(evil, alpha, beta);
            Chromium.press(alice, alice.findElement(By.linkText("Customer")));
            assertThat(alice.findElement(By.xpath("//main//th[a[normalize-space()='Customer']]")).getDomAttribute("aria-sort")).isEqualTo("descending");
            assertThat(references(alice)).containsExactly(gamma, delta, beta);
            // the filters stay with the sort
            assertThat(new Select(alice.findElement(By.id("state"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("PENDING_APPROVAL");
            assertThat(alice.findElement(By.id("customer")).getDomProperty("value")).isEqualTo("rq-");

            // one customer, any state: its two requests, the rejected one found by state too
            new Select(alice.findElement(By.id("state"))).selectByValue("");
            alice.findElement(By.id("customer")).clear();
            alice.findElement(By.id("customer")).sendKeys("Alpha");
            search(alice);
            assertThat(references(alice)).containsExactlyInAnyOrder(alpha, alphaAgain);
            new Select(alice.findElement(By.id("state"))).selectByValue("REJECTED");
            search(alice);
            assertThat(references(alice)).containsExactly(alphaAgain);
            assertThat(main(alice)).contains("CUST-RQ-ALPHA Ltd", "Discount of Meridian Data Platform", "api", "rejected");

            // every reference is a link to its page
            Chromium.press(alice, alice.findElement(By.linkText(alphaAgain)));
            assertThat(alice.findElement(By.tagName("h1")).getText()).startsWith(alphaAgain + ": Discount for CUST-RQ-ALPHA Ltd");
            alice.navigate().back();

            // nothing matches: says so, and how to widen the search
            alice.findElement(By.id("customer")).clear();
            alice.findElement(By.id("customer")).sendKeys("nobody by that name");
            search(alice);
            assertThat(alice.findElement(By.id("result-count")).getText()).isEqualTo("No requests match this search.");
            assertThat(main(alice)).contains("Without state rejected", "Without customer \u201cnobody by that name\u201d", "clear the search");
            Chromium.check(alice, "workspace-requests-empty");
            Chromium.press(alice, alice.findElement(By.partialLinkText("Without customer")));
            assertThat(references(alice)).containsExactly(alphaAgain);

            // a search the page cannot run: the error summary, the field marked, nothing listed
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/requests?state=LOST&from=2027-02-30&sort=price");
            assertThat(alice.getTitle()).isEqualTo("Error: Requests - lexhub");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#state']")).getText()).isEqualTo("Choose a state from the list");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#from']")).getText()).contains("must be a real date");
            assertThat(alice.findElement(By.cssSelector(".error-summary a[href='#sort']")).getText()).isEqualTo("Choose how to sort from the list");
            assertThat(alice.findElement(By.id("state")).getDomAttribute("aria-invalid")).isEqualTo("true");
            assertThat(alice.findElements(By.cssSelector("main table"))).isEmpty();
            Chromium.check(alice, "workspace-requests-error");
        } finally {
            alice.quit();
        }
    }

    static String main(ChromeDriver b) {
        return b.findElement(By.tagName("main")).getText();
    }

    @Test
    void aSearchIsItsAddressAndEveryParameterIsChecked() throws Exception {
        submitted();
        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        ApiContract contract = HUB.checkAnswersAgainstTheApiContract();
        HttpResponse<String> found = contract.check(alice.get("/requests?q=" + evil.substring(4) + "&channel=api"));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("1 request matches").contains("href=\"/requests/" + evil + "\"");
        assertThat(found.body()).contains("<td>=SUM(1,2) \"Evil\" Ltd<br><small>CUST-RQ-EVIL</small></td>");

        for (String bad : List.of("state=lost", "type=GIFT", "sort=price", "order=up", "channel=fax", "from=2027-13-01", "from=2027-03-02&to=2027-03-01",
                "page=0", "page=abc", "tier=T1%3Bdrop", "state=APPROVED&state=DENIED", "q=" + "x".repeat(201), "customer=a%0Ab")) {
            HttpResponse<String> refused = contract.check(alice.get("/requests?" + bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("There is a problem");
        }
        // a broken % escape (which java.net.URI will not send): refused, not guessed at
        assertThat(rawGet("/requests?q=%E0%A4%A", alice)).startsWith("HTTP/1.1 400 ");
        // within the cap: a page past the last one is refused with how many there are
        HttpResponse<String> past = contract.check(alice.get("/requests?page=3"));
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("There is no page 3: this search has 2 pages");
        // values are matched as data: a quote, a percent sign or an underscore finds nothing, and breaks nothing
        for (String literal : List.of("q=%27%20OR%201%3D1%20--", "customer=%25", "customer=_", "product=Meridian%25")) {
            HttpResponse<String> none = contract.check(alice.get("/requests?" + literal));
            assertThat(none.statusCode()).as(literal).isEqualTo(200);
            assertThat(none.body()).as(literal).contains("No requests match this search.");
        }
        // dates are whole days in the hub's zone, both included
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(alice.get("/requests?from=" + today + "&to=" + today).body()).contains("6 requests match");
        assertThat(alice.get("/requests?to=" + LocalDate.now(ZoneOffset.UTC).minusDays(1)).body()).contains("No requests match this search.");
        // the tier and the product filter exactly; the auditor searches too
        String tier = new Sql(database).strings("SELECT tier FROM request_search WHERE reference = ?", alpha).get(0);
        assertThat(alice.get("/requests?tier=" + tier + "&product=Meridian+Data+Platform&customer=alpha").body()).contains("1 request matches");
        assertThat(HubBrowser.signIn(HUB.httpPort, "olga.nilsen").get("/requests").statusCode()).isEqualTo(200);
    }

    /** The status line of a GET sent as written, with the browser's cookies. */
    static String rawGet(String target, HubBrowser b) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", HUB.httpPort)) {
            String cookies = String.join("; ", b.cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + HUB.httpPort + "\r\nCookie: " + cookies
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void theCsvHoldsTheWholeResultQuotedAndDefused() throws Exception {
        submitted();
        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        ApiContract contract = HUB.checkAnswersAgainstTheApiContract();
        // all pages of the search, in its order
        HttpResponse<String> all = contract.check(alice.get("/requests.csv?state=PENDING_APPROVAL&sort=reference"));
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv; charset=utf-8");
        assertThat(all.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"lexhub-requests-" + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
        assertThat(all.headers().firstValue("X-Lexhub-Rows")).contains("5");
        assertThat(all.headers().firstValue("X-Lexhub-Truncated")).isEmpty();
        String body = all.body();
        assertThat(body).startsWith("\uFEFFReference,Received (UTC),State,Type,Customer id,Customer name,Product,Tier,Channel,Start,End,Track,"
                + "Risk level,Risk score,Updated (UTC),Page\r\n");
        List<String> lines = body.substring(1).lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(1, 6)).extracting(l -> l.substring(0, l.indexOf(','))).containsExactly(alpha, beta, gamma, delta, evil);
        assertThat(body.split("\r\n", -1)).as("CRLF after every record").hasSize(7).endsWith("");
        String alphaLine = lines.get(1);
        assertThat(alphaLine).contains(",PENDING_APPROVAL,DISCOUNT,CUST-RQ-ALPHA,CUST-RQ-ALPHA Ltd,Meridian Data Platform,", ",api,2027-03-01,")
                .endsWith(",http://127.0.0.1:" + HUB.httpPort + "/requests/" + alpha);
        // the formula is text: a leading apostrophe, and quoted (it has a comma and quotes) with its quotes doubled
        assertThat(lines.get(5)).contains(",CUST-RQ-EVIL,\"'=SUM(1,2) \"\"Evil\"\" Ltd\",Meridian Data Platform,");
        assertThat(body).doesNotContain(",=SUM");

        // the same checks as the page; nothing matched is a header alone
        HttpResponse<String> bad = contract.check(alice.get("/requests.csv?type=GIFT"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Choose a type of exception from the list");
        HttpResponse<String> none = contract.check(alice.get("/requests.csv?customer=nobody"));
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body().lines().count()).isEqualTo(1);
    }

    @Test
    void onlyTheDeskAndAuditSearch() throws Exception {
        submitted();
        HubBrowser grace = HubBrowser.signIn(HUB.httpPort, "grace.lin");
        assertThat(grace.get("/requests").statusCode()).isEqualTo(403);
        HttpResponse<String> csv = grace.get("/requests.csv");
        assertThat(csv.statusCode()).isEqualTo(403);
        assertThat(csv.body()).doesNotContain(alpha);
        assertThat(grace.get("/").body()).as("her navigation offers no Requests").doesNotContain("href=\"/requests\"");
        // signed out: to the sign-in page
        HubBrowser nobody = new HubBrowser(HUB.httpPort);
        assertThat(nobody.get("/requests").statusCode()).isEqualTo(303);
        assertThat(nobody.get("/requests.csv").headers().firstValue("Location")).contains("/sign-in");
    }

    /**
     * Times in the viewer's zone: the page's script reads the browser's zone (Tokyo here, the hub's is
     * UTC), rewrites the page's times in it and keeps it in a cookie, which the next page is written
     * in on the server; a browser without script, or with a cookie naming no zone, gets the hub's.
     */
    @Test
    void timesAreShownInTheViewersZone() throws Exception {
        submitted();
        ChromeDriver alice = Chromium.open();
        try {
            alice.executeCdpCommand("Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", "Asia/Tokyo"));
            Chromium.signIn(alice, HUB.httpPort, "alice.moreau");
            alice.get("http://127.0.0.1:" + HUB.httpPort + "/requests");
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.findElement(By.cssSelector("[data-zone-name]")).getText().equals("Asia/Tokyo"));
            assertTimesIn(alice, java.time.ZoneId.of("Asia/Tokyo"));
            assertThat(alice.manage().getCookieNamed("lexhub_tz").getValue()).isEqualTo("Asia/Tokyo");
            // the next page is written in it on the server
            HubBrowser same = new HubBrowser(HUB.httpPort);
            same.cookies.put("lexhub_session", alice.manage().getCookieNamed("lexhub_session").getValue());
            same.cookies.put("lexhub_tz", "Asia/Tokyo");
            assertThat(same.get("/requests").body()).contains("Times are in <span data-zone-name>Asia/Tokyo</span>");
            alice.navigate().refresh();
            assertTimesIn(alice, java.time.ZoneId.of("Asia/Tokyo"));
            Chromium.check(alice, "workspace-requests-tokyo");
        } finally {
            alice.quit();
        }
        HubBrowser noScript = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        assertThat(noScript.get("/requests").body()).contains("Times are in <span data-zone-name>UTC</span>");
        for (String forged : List.of("..%2F..%2Fetc", "Mars%2FOlympus", "<b>", "Europe%2FBerlin%2F%2F")) {
            noScript.cookies.put("lexhub_tz", forged);
            assertThat(noScript.get("/requests").body()).as(forged).contains("Times are in <span data-zone-name>UTC</span>");
        }
    }

    /** Every instant on the page (a time with a time of day) is written in {@code zone}, as the server writes times. */
    static void assertTimesIn(ChromeDriver b, java.time.ZoneId zone) {
        List<WebElement> times = b.findElements(By.cssSelector("main time[datetime*='T']"));
        assertThat(times).isNotEmpty();
        for (WebElement t : times) {
            java.time.Instant at = java.time.OffsetDateTime.parse(t.getDomAttribute("datetime")).toInstant();
            assertThat(t.getText()).isEqualTo(io.lexhub.workspace.Times.dateTime(at, zone));
        }
    }

    /** Last (it changes a request): a decision moves the request to its new state in the search, in the same transaction. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aDecisionMovesTheRequestInTheSearch() throws Exception {
        submitted();
        HubBrowser alice = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        String deny = HubBrowser.form("action", "deny", "rationale", "Outside the discount bands", "confirm", "yes") + "&csrf=" + alice.csrf();
        assertThat(alice.post("/requests/" + gamma + "/decision", deny).statusCode()).isEqualTo(303);
        HttpResponse<String> denied = alice.get("/requests?state=DENIED");
        assertThat(denied.body()).contains("1 request matches").contains("href=\"/requests/" + gamma + "\"");
        assertThat(alice.get("/requests?state=PENDING_APPROVAL").body()).contains("4 requests match").doesNotContain("href=\"/requests/" + gamma + "\"");
        Sql sql = new Sql(database);
        assertThat(sql.count("SELECT COUNT(*) FROM requests r JOIN request_search s ON s.reference = r.reference"
                + " WHERE s.state = r.state AND s.received_at = r.received_at AND s.tier = COALESCE(r.tier, '')")).isEqualTo(sql.count("SELECT COUNT(*) FROM requests"));
    }
}
