package io.lexhub.workspace;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.BrowserHubTest;
import io.lexhub.support.Chromium;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The customer portal as customers use it (docs/portal.md; architecture rule 16): real headless
 * Chromium on the real routes, requests made through the hub's intake (REST with an intake key). A
 * customer asks for a sign-in link, opens the mailed link (GreenMail), sees their organisation's
 * requests, a request's timeline with its expected decision date, their waiver under "Our waivers";
 * another organisation's reference answers exactly as a reference that does not exist. An address of
 * no known customer signs in to a session that sees nothing and says why. An account manager opens
 * the portal on behalf of a customer, and every page says so; others are refused that page, and a
 * staff session is not a customer's. axe-core on every page, each also at phone size (390 x 844).
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalBrowserTest implements BrowserHubTest {

    static final TestHub HUB = TestHub.prepare("portal-browser");
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public TestHub hub() {
        return HUB;
    }

    @BeanInject
    Database database;

    String url(String path) {
        return "http://127.0.0.1:" + HUB.httpPort + path;
    }

    /** A request through the intake API (the CRM's key), its reference once it is stored in {@code state}. */
    String submitted(String doc, String state) throws Exception {
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("crm-connector", "intake"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        Sql sql = new Sql(database);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM requests WHERE reference = ? AND state = ?", ref, state) == 1);
        return ref;
    }

    static String day(int days) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(days).toString();
    }

    static String main(ChromeDriver b) {
        return b.findElement(By.tagName("main")).getText();
    }

    /** Asks for a portal link in this browser for {@code email}, opens the mailed link and presses Sign in. */
    void signIn(ChromeDriver b, String email) throws Exception {
        int before = mailsTo(email).size();
        b.get(url("/portal/sign-in"));
        assertThat(b.getTitle()).isEqualTo("Sign in to the portal - license exceptions portal");
        checkBothSizes(b, "portal-sign-in");
        b.findElement(By.id("email")).sendKeys(email);
        Chromium.press(b, b.findElement(By.xpath("//main//button[normalize-space()='Mail me a sign-in link']")));
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Check your mail");
        Chromium.check(b, "portal-check-your-mail");
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(email).size() > before);
        MimeMessage m = mailsTo(email).get(mailsTo(email).size() - 1);
        assertThat(m.getSubject()).isEqualTo("Your sign-in link for the license exceptions portal");
        String link = TestHub.link(TestHub.text(m), "Sign in");
        assertThat(link).contains("/portal/sign-in/link/");
        b.get(link.replaceFirst("^http://[^/]+", url("")));
        Chromium.check(b, "portal-sign-in-link");
        Chromium.press(b, b.findElement(By.xpath("//main//button[normalize-space()='Sign in']")));
    }

    static List<MimeMessage> mailsTo(String to) {
        return Arrays.stream(HUB.mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(to));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** Types into a field, replacing what it held (not PortalAskBrowserTest's: loading that class prepares its own hub). */
    static void fill(ChromeDriver b, String id, String value) {
        var e = b.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    /** The page checked at desktop size and again at phone size (390 x 844), then back. */
    static void checkBothSizes(ChromeDriver b, String name) {
        Chromium.check(b, name);
        b.manage().window().setSize(new Dimension(390, 844));
        Chromium.check(b, name + "-phone");
        long overflow = (Long) b.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).as(name + " fits a phone's width").isLessThanOrEqualTo(0);
        b.manage().window().setSize(new Dimension(1280, 1100));
    }

    @Test
    void aCustomerFollowsTheirRequestsAndWaiversAndNobodyElses() throws Exception {
        String waiver = submitted(request("CUST-PA", "TEMPORARY_ACCESS", "\"seats\": 10", day(2), 30, 1000, "INTERNAL", null), "APPROVED");
        String pending = submitted(request("CUST-PA", "DISCOUNT", "\"discountPercent\": 35", day(60), 365, 180000, "INTERNAL", null),
                "PENDING_APPROVAL");
        String others = submitted(request("CUST-PB", "DISCOUNT", "\"discountPercent\": 35", day(30), 365, 180000, "INTERNAL", null),
                "PENDING_APPROVAL");
        Sql sql = new Sql(database);
        ChromeDriver jane = Chromium.open();
        try {
            signIn(jane, "Jane.Doe@CUST-PA.example");
            assertThat(jane.getCurrentUrl()).endsWith("/portal/requests");
            assertThat(jane.getTitle()).isEqualTo("Our requests - license exceptions portal");
            assertThat(jane.findElement(By.cssSelector("header")).getText()).contains("Signed in as Jane.Doe@CUST-PA.example for CUST-PA Ltd");
            assertThat(jane.findElements(By.id("request-" + waiver))).hasSize(1);
            assertThat(jane.findElement(By.id("request-" + pending)).getText()).contains("Discount for Meridian Data Platform", "Being decided");
            assertThat(jane.findElements(By.id("request-" + others))).isEmpty();
            assertThat(jane.findElements(By.linkText("Requests"))).as("no staff navigation").isEmpty();
            checkBothSizes(jane, "portal-requests");

            // a request's timeline: the team deciding now (never a person), the expected decision date
            Chromium.press(jane, jane.findElement(By.linkText(pending)));
            assertThat(jane.getTitle()).isEqualTo("Request " + pending + " - license exceptions portal");
            assertThat(jane.findElement(By.id("status")).getText()).isEqualTo("Being decided");
            assertThat(jane.findElement(By.id("expected")).getText()).matches("by \\d{1,2} [A-Z][a-z]{2} \\d{4} \\((in \\d+ days|tomorrow|today)\\)");
            assertThat(main(jane)).contains("Received: done", "Checked and assessed: done", "Licensing team (step 1 of", "deciding now", "Decision: to come")
                    .doesNotContain("Alice", "alice.moreau", "risk", "Risk", "weight");
            checkBothSizes(jane, "portal-request");

            // our waivers: the approved one with its exact terms and end date
            Chromium.press(jane, jane.findElement(By.linkText("Our waivers")));
            assertThat(jane.findElement(By.id("waiver-" + waiver)).getText()).contains("Temporary access for Meridian Data Platform", "10 seats, 30 days",
                    "(in 31 days)");
            checkBothSizes(jane, "portal-waivers");
            assertThat(jane.findElements(By.id("renew-" + waiver))).as("a waiver in force may be renewed").hasSize(1);

            // the same pages in German (?lang=de; else the customer's setting, else the browser's): words, dates and numbers the German way
            jane.get(url("/portal/requests/" + pending + "?lang=de"));
            assertThat(jane.getTitle()).isEqualTo("Anfrage " + pending + " - Portal für Lizenzausnahmen");
            assertThat(jane.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
            assertThat(jane.findElement(By.id("status")).getText()).isEqualTo("In Entscheidung");
            assertThat(jane.findElement(By.id("expected")).getText()).matches("bis \\d{1,2}\\. \\p{L}+ \\d{4} \\((in \\d+ Tagen|morgen|heute)\\)");
            assertThat(main(jane)).contains("Eingegangen: erledigt", "Geprüft und bewertet: erledigt", "Lizenzmanagement (Schritt 1 von", "entscheidet gerade",
                    "Rabatt für Meridian Data Platform", "35 % Rabatt, 365 Tage, ab ");
            assertThat(jane.findElement(By.tagName("header")).getText()).contains("Unsere Anfragen", "Unsere Ausnahmen", "Abmelden");
            checkBothSizes(jane, "portal-request-de");
            jane.get(url("/portal/waivers?lang=de"));
            assertThat(jane.findElement(By.id("waiver-" + waiver)).getText()).contains("Befristeter Zugang für Meridian Data Platform",
                    "10 Nutzerlizenzen, 30 Tage", "(in 31 Tagen)", "Verlängern");
            checkBothSizes(jane, "portal-waivers-de");

            // renewing the waiver from its page: the ask form filled in from it, starting the day after it ends, the renewal linked to it
            jane.get(url("/portal/requests/" + waiver));
            Chromium.press(jane, jane.findElement(By.id("renew")));
            assertThat(jane.getCurrentUrl()).endsWith("/portal/requests/new?renews=" + waiver);
            assertThat(jane.findElement(By.id("renewal")).getText()).contains("This request renews " + waiver);
            assertThat(jane.findElement(By.id("term-seats")).getAttribute("value")).isEqualTo("10");
            assertThat(jane.findElement(By.id("product")).getAttribute("value")).isEqualTo("Meridian Data Platform");
            assertThat(jane.findElement(By.id("start")).getAttribute("value")).isEqualTo(day(32));
            assertThat(jane.findElement(By.id("end")).getAttribute("value")).isEqualTo(day(61));
            checkBothSizes(jane, "portal-renew");
            fill(jane, "revenueImpact", "1000");
            fill(jane, "why-enables", "The migration to the new data centre runs a month longer than planned.");
            fill(jane, "why-whom", "The ten people of our migration team.");
            fill(jane, "why-howLong", "Another 30 days, until the migration is done.");
            fill(jane, "why-without", "The migration stops half-way.");
            fill(jane, "name", "Jane Doe");
            // the pending discount for the same product starts on day 60: the renewal is shortened so as not to overlap it
            jane.executeScript("arguments[0].value = arguments[1];", jane.findElement(By.id("end")), day(50));
            Chromium.press(jane, jane.findElement(By.id("send")));
            assertThat(jane.getCurrentUrl()).as(main(jane)).matches(".*/portal/requests/EXC-\\d{4}-\\d{6}$");
            String renewal = jane.getCurrentUrl().substring(jane.getCurrentUrl().lastIndexOf('/') + 1);
            assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", renewal).get(0))
                    .containsPattern("\"renews\"\\s*:\\s*\"" + waiver + "\"");
            // only the organisation's own waiver in force: another's reference, or a request that is no waiver, is not found
            jane.get(url("/portal/requests/new?renews=" + others));
            assertThat(jane.findElement(By.tagName("h1")).getText()).isEqualTo("Waiver not found");
            String notFound = main(jane);
            jane.get(url("/portal/requests/new?renews=" + pending));
            assertThat(main(jane)).isEqualTo(notFound);

            // another organisation's reference, typed in: the same page as a reference that does not exist
            jane.get(url("/portal/requests/" + others));
            assertThat(jane.findElement(By.tagName("h1")).getText()).isEqualTo("Request not found");
            String otherText = main(jane);
            checkBothSizes(jane, "portal-request-not-found");
            jane.get(url("/portal/requests/EXC-2026-999999"));
            assertThat(main(jane)).isEqualTo(otherText);
            assertThat(otherText).doesNotContain(others, "CUST-PB");

            // a customer's session is nobody on the staff side: the workspace asks to sign in
            jane.get(url("/requests"));
            assertThat(jane.getCurrentUrl()).contains("/sign-in");
            assertThat(jane.getCurrentUrl()).doesNotContain("/portal/");

            // sign-out ends it
            jane.get(url("/portal/requests"));
            Chromium.press(jane, jane.findElement(By.xpath("//header//button[normalize-space()='Sign out']")));
            assertThat(jane.findElement(By.tagName("h1")).getText()).isEqualTo("Signed out");
            jane.get(url("/portal/requests"));
            assertThat(jane.getCurrentUrl()).endsWith("/portal/sign-in");
        } finally {
            jane.quit();
        }
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE event_type LIKE 'portal.%' AND payload LIKE ? ORDER BY seq",
                "%Jane.Doe@CUST-PA.example%"))
                .containsExactly("portal.sign-in-link.requested", "portal.sign-in-link.used", "portal.signed-in");
        assertThat(sql.strings("SELECT customer_id || ':' || organisation || ':' || state FROM sessions WHERE person_id = ?", "Jane.Doe@CUST-PA.example"))
                .containsExactly("CUST-PA:CONFIRMED:ENDED");
        assertThat(sql.count("SELECT COUNT(*) FROM sign_in_links WHERE via = 'portal' AND state = 'USED' AND person_id = ?", "Jane.Doe@CUST-PA.example")).isEqualTo(1);
    }

    @Test
    void anAddressOfNoKnownCustomerSeesNothingAndIsToldWhy() throws Exception {
        String someones = submitted(request("CUST-PC", "TEMPORARY_ACCESS", "\"seats\": 5", day(2), 10, 1000, "INTERNAL", null), "APPROVED");
        ChromeDriver sam = Chromium.open();
        try {
            signIn(sam, "sam@unknown-org.example");
            assertThat(sam.getTitle()).isEqualTo("Your organisation is not confirmed yet - license exceptions portal");
            assertThat(main(sam)).contains("we do not know yet which organisation your address belongs to", "Ask us to confirm your organisation");
            assertThat(sam.findElements(By.linkText("Our waivers"))).isEmpty();
            checkBothSizes(sam, "portal-unconfirmed");
            sam.get(url("/portal/requests/" + someones));
            assertThat(sam.findElement(By.tagName("h1")).getText()).isEqualTo("Request not found");
            sam.get(url("/portal/waivers"));
            assertThat(main(sam)).contains("not confirmed yet").doesNotContain(someones);
        } finally {
            sam.quit();
        }
        assertThat(new Sql(database).strings("SELECT organisation FROM sessions WHERE person_id = 'sam@unknown-org.example'"))
                .containsExactly("UNCONFIRMED");
    }

    /**
     * An unconfirmed person asks the desk to confirm their organisation; a refusal tells them why, a
     * confirmation binds the domain to the customer: their open session sees it at once, and a
     * colleague at the same domain signs in confirmed. Only the desk reaches the Organisations page.
     */
    @Test
    void theDeskConfirmsTheOrganisationOfAnAddressAtAnUnknownDomain() throws Exception {
        String theirs = submitted(request("CUST-PG", "TEMPORARY_ACCESS", "\"seats\": 5", day(2), 10, 1000, "INTERNAL", null), "APPROVED");
        Sql sql = new Sql(database);
        ChromeDriver lea = Chromium.open();
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        ChromeDriver grace = Chromium.signedIn(HUB.httpPort, "grace.lin");
        try {
            signIn(lea, "lea@pg-holding.example");
            assertThat(main(lea)).contains("Ask us to confirm your organisation").doesNotContain("coming soon");
            // the company is required: the summary links to the field, the message is beside it
            Chromium.press(lea, lea.findElement(By.xpath("//main//button[normalize-space()='Ask to confirm my organisation']")));
            assertThat(lea.getTitle()).startsWith("Error: ");
            assertThat(lea.findElement(By.id("company-error")).getText()).contains("Enter your company's name");
            Chromium.check(lea, "portal-organisation-error");
            lea.findElement(By.id("company")).sendKeys("PG Holding <script>alert(1)</script>");
            lea.findElement(By.id("customer-number")).sendKeys("CUST-PG");
            Chromium.press(lea, lea.findElement(By.xpath("//main//button[normalize-space()='Ask to confirm my organisation']")));
            assertThat(lea.findElement(By.id("claim")).getText()).contains("Our licensing desk is checking", "PG Holding <script>alert(1)</script>");
            checkBothSizes(lea, "portal-organisation-asked");
            await().atMost(Duration.ofSeconds(20)).until(() -> !mailsTo("licensing-desk@meridian-software.example").stream()
                    .filter(m -> subject(m).startsWith("A customer asks to confirm their organisation")).toList().isEmpty());

            // someone without the desk role is refused the page
            grace.get(url("/organisations"));
            assertThat(grace.findElement(By.tagName("h1")).getText()).isNotEqualTo("Organisations to confirm");
            assertThat(grace.findElements(By.linkText("Organisations"))).isEmpty();

            // the desk: the claim, the customer number pre-chosen; a refusal needs its reason
            Chromium.press(alice, alice.findElement(By.linkText("Organisations")));
            assertThat(alice.getTitle()).startsWith("Organisations to confirm (");
            long claim = sql.count("SELECT MAX(id) FROM organisation_claims WHERE person_id = 'lea@pg-holding.example'");
            org.openqa.selenium.WebElement card = alice.findElement(By.id("claim-" + claim));
            assertThat(card.getText()).contains("PG Holding <script>alert(1)</script>", "at pg-holding.example", "lea@pg-holding.example");
            assertThat(new org.openqa.selenium.support.ui.Select(alice.findElement(By.id("customer-" + claim))).getFirstSelectedOption()
                    .getAttribute("value")).isEqualTo("CUST-PG");
            Chromium.check(alice, "organisations");
            Chromium.press(alice, alice.findElement(By.cssSelector("#claim-" + claim + " button.secondary")));
            assertThat(alice.findElement(By.id("reason-" + claim + "-error")).getText()).contains("Give the reason");
            Chromium.press(alice, alice.findElement(By.cssSelector("#claim-" + claim + " form[action$='confirmation'] button")));
            assertThat(alice.findElement(By.id("note")).getText()).isEqualTo("Confirmed pg-holding.example for CUST-PG: 1 person was told by mail.");
            assertThat(alice.findElements(By.id("claim-" + claim))).isEmpty();
            Chromium.check(alice, "organisations-confirmed");

            // her open session sees the organisation from its next page; the mail says so
            lea.get(url("/portal/requests"));
            assertThat(lea.getTitle()).isEqualTo("Our requests - license exceptions portal");
            assertThat(lea.findElements(By.id("request-" + theirs))).hasSize(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo("lea@pg-holding.example").stream()
                    .anyMatch(m -> subject(m).equals("Your organisation is confirmed for the license exceptions portal")));
        } finally {
            lea.quit();
            alice.quit();
            grace.quit();
        }
        // a colleague at the same domain signs in confirmed
        ChromeDriver max = Chromium.open();
        try {
            signIn(max, "max@PG-Holding.example");
            assertThat(max.findElements(By.id("request-" + theirs))).hasSize(1);
        } finally {
            max.quit();
        }
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE event_type LIKE 'portal.organisation-%' ORDER BY seq"))
                .containsExactly("portal.organisation-asked", "portal.organisation-confirmed");
        assertThat(sql.strings("SELECT customer_id || ':' || confirmed_by FROM confirmed_domains WHERE domain = 'pg-holding.example'"))
                .containsExactly("CUST-PG:alice.moreau");
    }

    @Test
    void anAccountManagerActsOnBehalfOfACustomerAndEveryPageSaysSo() throws Exception {
        String ref = submitted(request("CUST-PD", "TEMPORARY_ACCESS", "\"seats\": 5", day(2), 10, 1000, "INTERNAL", null), "APPROVED");
        ChromeDriver dev = Chromium.signedIn(HUB.httpPort, "dev.patel");
        ChromeDriver alice = Chromium.signedIn(HUB.httpPort, "alice.moreau");
        try {
            // a staff session is not a customer's: the portal asks to sign in to it
            dev.get(url("/portal/requests"));
            assertThat(dev.getCurrentUrl()).endsWith("/portal/sign-in");

            dev.get(url("/on-behalf"));
            assertThat(dev.getTitle()).isEqualTo("Open the portal for a customer - lexhub");
            checkBothSizes(dev, "portal-on-behalf");
            Chromium.press(dev, dev.findElement(By.xpath("//main//button[normalize-space()='Open the portal for this customer']")));
            assertThat(dev.getTitle()).startsWith("Error: ");
            assertThat(dev.findElement(By.cssSelector(".error-summary a[href='#customer']")).getText()).isEqualTo("Pick a customer from the list");
            Chromium.check(dev, "portal-on-behalf-error");
            new org.openqa.selenium.support.ui.Select(dev.findElement(By.id("customer"))).selectByValue("CUST-PD");
            Chromium.press(dev, dev.findElement(By.xpath("//main//button[normalize-space()='Open the portal for this customer']")));
            assertThat(dev.getCurrentUrl()).endsWith("/portal/requests");
            assertThat(dev.findElement(By.cssSelector(".acting-for")).getText()).isEqualTo(
                    "You are acting on behalf of CUST-PD Ltd as Dev Patel. What you do here is recorded in both names.");
            assertThat(dev.findElements(By.id("request-" + ref))).hasSize(1);
            checkBothSizes(dev, "portal-on-behalf-requests");
            Chromium.press(dev, dev.findElement(By.linkText("Our waivers")));
            assertThat(dev.findElement(By.cssSelector(".acting-for")).getText()).contains("on behalf of CUST-PD Ltd");

            // Alice (licensing) is no account manager
            alice.get(url("/on-behalf"));
            assertThat(alice.getTitle()).isEqualTo("Not allowed - lexhub");
        } finally {
            dev.quit();
            alice.quit();
        }
        assertThat(new Sql(database).strings("SELECT actor FROM audit_events WHERE event_type = 'portal.signed-in' AND actor LIKE 'on-behalf:%'"))
                .singleElement().satisfies(a -> assertThat(a).startsWith("on-behalf:dev.patel(ses_").endsWith(")for:CUST-PD"));
    }

    /**
     * Issue 21 item 3: a NEEDS_INFO request (made through the intake without its seats) completed on its
     * page: a value that is no number and one the policy refuses come back beside the field with the
     * summary, the good value moves it to the approvers (an open level in the database), a second submit
     * of the same form changes nothing. A waiting request withdrawn in two steps: levels voided, audit
     * event, mails. Another organisation's reference is refused on both POSTs, a POST without the CSRF
     * token too.
     */
    @Test
    void aCustomerCompletesARequestOnItsPageAndWithdrawsAnother() throws Exception {
        String needsInfo = submitted(request("CUST-PE", "EXTRA_SEATS", "\"deployment\": \"SaaS\"", day(20), 60, 180000, "INTERNAL", null), "NEEDS_INFO");
        String waiting = submitted(request("CUST-PE", "DISCOUNT", "\"discountPercent\": 35", day(90), 200, 180000, "INTERNAL", null), "PENDING_APPROVAL");
        String others = submitted(request("CUST-PF", "DISCOUNT", "\"discountPercent\": 35", day(30), 365, 180000, "INTERNAL", null), "PENDING_APPROVAL");
        Sql sql = new Sql(database);
        ChromeDriver kim = Chromium.open();
        try {
            // the mail to the customer's contact saying what is missing links the request's page; signing in lands on it
            await().atMost(Duration.ofSeconds(20)).until(() -> !mailsTo("contact@cust-pe.example").isEmpty());
            String mailed = TestHub.text(mailsTo("contact@cust-pe.example").get(0));
            java.util.regex.Matcher link = java.util.regex.Pattern.compile("http://\\S+/portal/requests/" + needsInfo).matcher(mailed);
            assertThat(link.find()).as(mailed).isTrue();
            kim.get(link.group().replaceFirst("^http://[^/]+", url("")));
            assertThat(kim.getCurrentUrl()).endsWith("/portal/sign-in");
            signIn(kim, "kim@cust-pe.example");
            assertThat(kim.getCurrentUrl()).endsWith("/portal/requests/" + needsInfo);
            assertThat(main(kim)).contains("What we need from you", "Complete your request").doesNotContain("coming soon");
            checkBothSizes(kim, "portal-request-needs-info");
            String form = (String) kim.executeScript("return document.querySelector('main form').outerHTML");

            // not a number: the summary links to the field, the message is beside it, the value is kept
            kim.findElement(By.id("f-terms-seats")).sendKeys("lots");
            Chromium.press(kim, kim.findElement(By.xpath("//main//button[normalize-space()='Send the missing information']")));
            assertThat(kim.getTitle()).startsWith("Error: ");
            assertThat(kim.findElement(By.cssSelector(".error-summary a[href='#f-terms-seats']")).getText()).contains("whole number");
            assertThat(kim.findElement(By.id("f-terms-seats-error")).getText()).contains("whole number");
            assertThat(kim.findElement(By.id("f-terms-seats")).getAttribute("value")).isEqualTo("lots");
            Chromium.check(kim, "portal-request-supplement-error");

            // a number the policy refuses: the validator's message, nothing stored
            kim.findElement(By.id("f-terms-seats")).clear();
            kim.findElement(By.id("f-terms-seats")).sendKeys("999999");
            Chromium.press(kim, kim.findElement(By.xpath("//main//button[normalize-space()='Send the missing information']")));
            assertThat(kim.findElement(By.id("f-terms-seats-error")).getText()).isNotBlank();
            assertThat(kim.findElement(By.id("f-terms-seats")).getAttribute("value")).isEqualTo("999999");
            assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE reference = ? AND state = 'NEEDS_INFO'", needsInfo)).isEqualTo(1);

            kim.findElement(By.id("f-terms-seats")).clear();
            kim.findElement(By.id("f-terms-seats")).sendKeys("40");
            Chromium.press(kim, kim.findElement(By.xpath("//main//button[normalize-space()='Send the missing information']")));
            assertThat(kim.findElement(By.id("note")).getText()).contains("your request is complete");
            assertThat(kim.findElement(By.id("status")).getText()).isEqualTo("Being decided");
            assertThat(main(kim)).contains("Checked and assessed: done", "deciding now").doesNotContain("Complete your request");
            checkBothSizes(kim, "portal-request-supplemented");
            assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE reference = ? AND state = 'PENDING_APPROVAL'", needsInfo)).isEqualTo(1);
            assertThat(sql.count("SELECT COUNT(*) FROM approval_levels WHERE request_ref = ? AND status = 'OPEN'", needsInfo)).isEqualTo(1);

            // the same form again (a double click): the current page and a note, no second supplement
            kim.executeScript("document.querySelector('main').insertAdjacentHTML('beforeend', arguments[0]);"
                    + "document.querySelector('main form:last-of-type input[name=\"value-terms.seats\"]').value = '41';"
                    + "document.querySelector('main form:last-of-type').submit();", form);
            await().atMost(Duration.ofSeconds(10)).until(() -> !kim.findElements(By.id("note")).isEmpty()
                    && kim.findElement(By.id("note")).getText().contains("no longer needs information"));
            assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref = ? AND event_type = 'request.supplemented'", needsInfo)).isEqualTo(1);
            assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'request.supplemented'", needsInfo))
                    .singleElement().satisfies(a -> assertThat(a).startsWith("portal-link:kim@cust-pe.example(ses_"));

            // change the terms of the request waiting for approvers: the form holds its terms; a reason is required
            kim.get(url("/portal/requests/" + waiting));
            Chromium.press(kim, kim.findElement(By.id("amend")));
            assertThat(kim.findElement(By.id("f-terms-discountPercent")).getAttribute("value")).isEqualTo("35");
            kim.findElement(By.id("f-terms-discountPercent")).clear();
            kim.findElement(By.id("f-terms-discountPercent")).sendKeys("30");
            Chromium.press(kim, kim.findElement(By.xpath("//main//button[normalize-space()='Change the terms']")));
            assertThat(kim.getTitle()).startsWith("Error: ");
            assertThat(kim.findElement(By.id("rationale-error")).getText()).contains("Say why");
            assertThat(kim.findElement(By.id("f-terms-discountPercent")).getAttribute("value")).isEqualTo("30");
            checkBothSizes(kim, "portal-amend-error");
            kim.findElement(By.id("rationale")).sendKeys("Finance agreed to 30 %.");
            Chromium.press(kim, kim.findElement(By.xpath("//main//button[normalize-space()='Change the terms']")));
            assertThat(kim.findElement(By.id("note")).getText()).contains("The terms are changed");
            assertThat(kim.findElement(By.id("status")).getText()).isEqualTo("Being decided");
            Chromium.check(kim, "portal-amended");
            assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'request.amended'", waiting))
                    .singleElement().satisfies(a -> assertThat(a).startsWith("portal-link:kim@cust-pe.example(ses_"));
            assertThat(sql.strings("SELECT request_json FROM requests WHERE reference = ?", waiting)).singleElement().asString()
                    .contains("\"discountPercent\":30");
            // another organisation's request cannot be changed, and not without the CSRF token
            assertThat(new io.lexhub.support.HubBrowser(HUB.httpPort).get("/portal/requests/" + others + "/amendment").statusCode())
                    .as("not signed in").isEqualTo(303);

            // withdraw: the confirmation restates it, then the request is withdrawn
            kim.get(url("/portal/requests/" + waiting));
            Chromium.press(kim, kim.findElement(By.id("withdraw")));
            assertThat(kim.findElement(By.id("restated")).getText()).isEqualTo("Withdraw " + waiting
                    + " (Discount, Meridian Data Platform)? Approvers stop deciding it; it cannot be undone.");
            checkBothSizes(kim, "portal-withdraw-confirm");
            kim.findElement(By.id("reason")).sendKeys("We bought the licences instead.");
            Chromium.press(kim, kim.findElement(By.xpath("//main//button[normalize-space()='Withdraw the request']")));
            assertThat(kim.findElement(By.id("note")).getText()).contains("Your request is withdrawn");
            assertThat(kim.findElement(By.id("status")).getText()).isEqualTo("Withdrawn");
            assertThat(kim.findElements(By.id("withdraw"))).isEmpty();
            // the chain of the amended terms: 30 % needs one level fewer than the 35 % asked first
            assertThat(main(kim)).contains("Licensing team (step 1 of 3): no longer needed", "Decision: none: you withdrew the request");
            Chromium.check(kim, "portal-withdrawn");

            // cookie-level: another organisation's reference on both POSTs, and no CSRF token
            io.lexhub.support.HubBrowser http = new io.lexhub.support.HubBrowser(HUB.httpPort);
            String session = kim.manage().getCookieNamed("lexhub_portal").getValue();
            http.cookies.put("lexhub_portal", session);
            String csrf = io.lexhub.access.Sessions.csrfToken(session);
            HttpResponse<String> foreignSupplement = http.post("/portal/requests/" + others + "/supplement",
                    io.lexhub.support.HubBrowser.form("csrf", csrf, "value-terms.seats", "5"));
            HttpResponse<String> unknown = http.post("/portal/requests/EXC-2026-999999/supplement", io.lexhub.support.HubBrowser.form("csrf", csrf));
            assertThat(foreignSupplement.statusCode()).isEqualTo(404);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(http.post("/portal/requests/" + others + "/withdrawal", io.lexhub.support.HubBrowser.form("csrf", csrf)).statusCode()).isEqualTo(404);
            assertThat(http.get("/portal/requests/" + others + "/withdrawal").statusCode()).isEqualTo(404);
            assertThat(http.get("/portal/requests/" + others + "/amendment").statusCode()).isEqualTo(404);
            assertThat(http.post("/portal/requests/" + others + "/amendment",
                    io.lexhub.support.HubBrowser.form("csrf", csrf, "value-terms.discountPercent", "5", "rationale", "x")).statusCode()).isEqualTo(404);
            assertThat(http.post("/portal/requests/" + waiting + "/amendment", io.lexhub.support.HubBrowser.form("rationale", "no token")).statusCode())
                    .isEqualTo(403);
            assertThat(http.post("/portal/requests/" + needsInfo + "/withdrawal", io.lexhub.support.HubBrowser.form("reason", "no token")).statusCode())
                    .isEqualTo(403);
            assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE reference = ? AND state = 'PENDING_APPROVAL'", others)).isEqualTo(1);
            assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE reference = ? AND state = 'PENDING_APPROVAL'", needsInfo)).isEqualTo(1);
        } finally {
            kim.quit();
        }
        assertThat(sql.count("SELECT COUNT(*) FROM requests WHERE reference = ? AND state = 'WITHDRAWN'", waiting)).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_levels WHERE request_ref = ? AND status IN ('OPEN', 'WAITING')", waiting)).isZero();
        // the licensing approver decides after the withdrawal won: a clear refusal, nothing recorded
        HttpResponse<String> late = HUB.post("/api/requests/" + waiting + "/decisions", "application/json",
                "{\"decision\": \"approve\", \"rationale\": \"fine\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + HUB.key("alice.moreau", "approver"));
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("WITHDRAWN");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", waiting)).isZero();
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE request_ref = ? AND event_type = 'request.withdrawn'", waiting))
                .singleElement().satisfies(a -> assertThat(a).startsWith("portal-link:kim@cust-pe.example(ses_"));
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'request.withdrawn'", waiting))
                .singleElement().satisfies(p -> assertThat(p).contains("We bought the licences instead.", "PENDING_APPROVAL"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo("contact@cust-pe.example").stream().anyMatch(m -> subject(m).equals(
                "[" + waiting + "] Your request has been withdrawn")));
        await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(HUB.mail.getReceivedMessages()).anyMatch(m -> subject(m).equals(
                "[" + waiting + "] Withdrawn by the customer: no decision needed")));
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
