package io.lexhub.identity;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Chromium;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Architecture rule 16: the pages people use, as they see them. A real headless Chromium (Debian's,
 * through its chromedriver) on the real routes, GreenMail as the SMTP server: signing in with a link
 * by mail from the form to the workspace and out again, the neutral answer to an unknown address, a
 * link opened in another browser, and an approval mail's decision page filled in and submitted.
 * Every page is checked by {@link Chromium#check}: axe-core (no serious or critical violation), no
 * CSP violation in the console, the stylesheets applied, a screenshot in target/screenshots/.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesBrowserTest {

    static final TestHub HUB = TestHub.prepare("pages-browser");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HENRIK = "henrik.vogel@meridian-software.example";
    static final String ALICE = "alice.moreau@meridian-software.example";

    @BeanInject
    Database database;

    @BeforeAll
    void browserInstalled() {
        Chromium.requireInstalled();
    }

    @AfterAll
    void stop() {
        HUB.close();
    }

    static String hub(String path) {
        return "http://127.0.0.1:" + HUB.httpPort + path;
    }

    static String h1(ChromeDriver b) {
        return b.findElement(By.tagName("h1")).getText();
    }

    static String main(ChromeDriver b) {
        return b.findElement(By.tagName("main")).getText();
    }

    /** Types the address into the sign-in form and presses its button, as a person does. */
    static void askForLink(ChromeDriver b, String email) {
        b.get(hub("/sign-in"));
        WebElement field = b.findElement(By.id("email"));
        field.clear();
        field.sendKeys(email);
        press(b, b.findElement(By.cssSelector("main form button[type=submit]")));
    }

    static void press(ChromeDriver b, WebElement control) {
        Chromium.press(b, control);
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

    /** The sign-in link of the newest mail to this address, waiting for a mail beyond the {@code before} there were. */
    static String mailedLink(String to, int before) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(to).size() > before);
        List<MimeMessage> mails = mailsTo(to);
        return TestHub.link(TestHub.text(mails.get(mails.size() - 1)), "Sign in");
    }

    @Test
    void aPersonSignsInWithAMailedLinkSeesTheWorkspaceAndSignsOut() throws Exception {
        ChromeDriver b = Chromium.open();
        try {
            b.get(hub("/sign-in"));
            assertThat(b.getTitle()).isEqualTo("Sign in - lexhub");
            assertThat(h1(b)).isEqualTo("Sign in");
            assertThat(b.findElement(By.cssSelector("label[for=email]")).getText()).isEqualTo("Your work e-mail address");
            assertThat(b.findElement(By.cssSelector("body > header")).getText()).contains("lexhub");
            assertThat(b.findElements(By.cssSelector("body > footer"))).hasSize(1);
            Chromium.check(b, "sign-in");
            // on a phone's width too
            b.manage().window().setSize(new Dimension(390, 844));
            Chromium.check(b, "sign-in-narrow");
            b.manage().window().setSize(new Dimension(1280, 1100));

            // nothing typed: the error summary at the top links to the field, the message is beside it
            press(b, b.findElement(By.cssSelector("main form button[type=submit]")));
            assertThat(b.getTitle()).isEqualTo("Error: Sign in - lexhub");
            WebElement summary = b.findElement(By.cssSelector("main .error-summary[role=alert]"));
            assertThat(summary.findElement(By.tagName("h2")).getText()).isEqualTo("There is a problem");
            WebElement toField = summary.findElement(By.cssSelector("a[href='#email']"));
            assertThat(toField.getText()).isEqualTo("Enter your work e-mail address");
            assertThat(b.findElement(By.id("email-error")).getText()).contains("Enter your work e-mail address");
            assertThat(b.findElement(By.id("email")).getDomAttribute("aria-invalid")).isEqualTo("true");
            Chromium.check(b, "sign-in-error");
            toField.click();
            assertThat(b.switchTo().activeElement().getDomAttribute("id")).as("the summary's link leads to the field").isEqualTo("email");

            // a typo is kept on the form, as typed (markup in it stays text: the template escapes it), with its error
            String typo = "henrik.vogel\"><script>alert(1)</script>";
            b.findElement(By.id("email")).sendKeys(typo);
            press(b, b.findElement(By.cssSelector("main form button[type=submit]")));
            assertThat(b.findElement(By.id("email")).getDomProperty("value")).isEqualTo(typo);
            assertThat(b.findElements(By.tagName("script"))).isEmpty();
            assertThat(b.findElement(By.cssSelector(".error-summary a[href='#email']")).getText()).isEqualTo("Enter an e-mail address like name@example.com");

            int before = mailsTo(HENRIK).size();
            askForLink(b, HENRIK);
            assertThat(h1(b)).isEqualTo("Check your mail");
            assertThat(main(b)).contains("If this address belongs to someone here, a sign-in link is on its way");
            Chromium.check(b, "sign-in-link-sent");

            String link = mailedLink(HENRIK, before);
            b.get(link);
            assertThat(h1(b)).isEqualTo("Sign in as Henrik Vogel");
            Chromium.check(b, "sign-in-link");
            press(b, b.findElement(By.xpath("//main//button[normalize-space()='Sign in']")));

            assertThat(b.getCurrentUrl()).isEqualTo(hub("/"));
            assertThat(b.findElement(By.id("signed-in")).getText()).isEqualTo("Signed in as Henrik Vogel (executive, licensing, policy-owner). Times are in UTC.");
            assertThat(h1(b)).isEqualTo("My decisions");
            Chromium.check(b, "workspace");

            press(b, b.findElement(By.xpath("//header//button[normalize-space()='Sign out']")));
            assertThat(h1(b)).isEqualTo("Signed out");
            assertThat(main(b)).contains("You are signed out");
            Chromium.check(b, "signed-out");
            press(b, b.findElement(By.linkText("Sign in")));
            assertThat(b.getCurrentUrl()).isEqualTo(hub("/sign-in"));
            assertThat(h1(b)).isEqualTo("Sign in");
            // and the workspace is closed to this browser now
            b.get(hub("/"));
            assertThat(b.getCurrentUrl()).isEqualTo(hub("/sign-in"));
        } finally {
            b.quit();
        }
    }

    @Test
    void anUnknownAddressSeesTheSameNeutralPage() throws Exception {
        ChromeDriver known = Chromium.open();
        ChromeDriver unknown = Chromium.open();
        try {
            askForLink(known, ALICE);
            askForLink(unknown, "nobody@elsewhere.example");
            assertThat(h1(unknown)).isEqualTo(h1(known)).isEqualTo("Check your mail");
            assertThat(main(unknown)).isEqualTo(main(known));
            assertThat(unknown.getTitle()).isEqualTo(known.getTitle());
            Chromium.check(unknown, "sign-in-link-sent-unknown");
            await().atMost(Duration.ofSeconds(20)).until(() -> !mailsTo(ALICE).isEmpty());
            assertThat(mailsTo("nobody@elsewhere.example")).isEmpty();
        } finally {
            known.quit();
            unknown.quit();
        }
    }

    @Test
    void aLinkOpenedInAnotherBrowserIsRefusedWithAReadablePage() throws Exception {
        String farid = "farid.haddad@meridian-software.example";
        ChromeDriver asker = Chromium.open();
        ChromeDriver other = Chromium.open();
        try {
            int before = mailsTo(farid).size();
            askForLink(asker, farid);
            String link = mailedLink(farid, before);
            other.get(link);
            assertThat(h1(other)).isEqualTo("Open the link in the browser you asked from");
            assertThat(main(other)).contains("Nobody was signed in");
            assertThat(other.findElements(By.xpath("//main//button[normalize-space()='Sign in']"))).isEmpty();
            Chromium.check(other, "sign-in-link-other-browser");
            // the browser that asked still may
            asker.get(link);
            press(asker, asker.findElement(By.xpath("//main//button[normalize-space()='Sign in']")));
            assertThat(asker.findElement(By.id("signed-in")).getText()).startsWith("Signed in as Farid Haddad");
        } finally {
            asker.quit();
            other.quit();
        }
    }

    @Test
    void anApproverDecidesOnTheMailedLinksPage() throws Exception {
        String intake = HUB.key("crm-connector", "intake");
        String doc = request("CUST-WEB-1", "DISCOUNT", "\"discountPercent\": 35", "2027-03-01", 365, 180000, "INTERNAL", null);
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + intake);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        String approve = TestHub.link(TestHub.text(HUB.awaitMail(ref, ALICE, "Approval needed")), "Approve");

        ChromeDriver b = Chromium.open();
        try {
            b.get(approve);
            assertThat(h1(b)).isEqualTo("Approve " + ref);
            assertThat(main(b)).contains("You are about to approve license exception " + ref + " at level 1");
            assertThat(b.findElement(By.cssSelector("label[for=rationale]")).getText()).isEqualTo("Rationale");
            assertThat(b.findElement(By.cssSelector("label[for=conditions]")).getText()).isEqualTo("Conditions");
            Chromium.check(b, "decision-approve");

            // conditions typed, no rationale: the form again with the summary, the conditions kept, nothing decided
            b.findElement(By.id("conditions")).sendKeys("Review usage after 12 months");
            press(b, b.findElement(By.xpath("//main//button[normalize-space()='Confirm: approve']")));
            assertThat(b.getTitle()).startsWith("Error: ");
            assertThat(b.findElement(By.cssSelector(".error-summary a[href='#rationale']")).getText()).isEqualTo("Enter a rationale for your decision");
            assertThat(b.findElement(By.id("rationale-error")).getText()).contains("Enter a rationale for your decision");
            assertThat(b.findElement(By.id("conditions")).getDomProperty("value")).isEqualTo("Review usage after 12 months");
            Chromium.check(b, "decision-approve-error");
            Sql sql = new Sql(database);
            assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();

            b.findElement(By.id("rationale")).sendKeys("Three-year commitment <b>& a reference customer</b>");
            press(b, b.findElement(By.xpath("//main//button[normalize-space()='Confirm: approve']")));
            assertThat(h1(b)).isEqualTo("Decision recorded");
            assertThat(main(b)).contains("Your decision on " + ref + " is recorded", "level 1 approved",
                    "The request is now pending approval.");
            Chromium.check(b, "decision-recorded");
            assertThat(sql.strings("SELECT approver_id || ':' || channel || ':' || rationale FROM approval_votes WHERE request_ref = ?", ref))
                    .containsExactly("alice.moreau:mail-link:Three-year commitment <b>& a reference customer</b>");

            // the link again: used up, a readable refusal
            b.get(approve);
            assertThat(h1(b)).isEqualTo("Link refused");
            assertThat(main(b)).contains("Nothing was decided");
            Chromium.check(b, "decision-link-refused");
        } finally {
            b.quit();
        }
    }
}
