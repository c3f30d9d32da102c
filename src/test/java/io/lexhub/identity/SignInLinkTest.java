package io.lexhub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Cli;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 18, item 3: sign-in without an identity provider, on the real routes. A person asks for a
 * link by mail (GreenMail is the SMTP server), opens it (a page, nothing consumed), presses the
 * button and holds a session; the link used again, expired, or opened in another browser is
 * refused; an unknown address gets the same answer and no mail; the console's link works in the
 * first browser that opens it. Neither the outbox nor any table ever holds a live token.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInLinkTest {

    static final TestHub HUB;

    static {
        // whole milliseconds: the database keeps microseconds, and an instant it rounded up would leave the
        // outbox's "due at or before now" false for ever under a clock that stands still
        MutableClockConfiguration.CLOCK.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        HUB = TestHub.prepare("sign-in-link");
    }

    /** A sign-in link's token as it appears in a URL (43 base64url characters for 256 bits). */
    static final Pattern LIVE_LINK = Pattern.compile("/sign-in/link/[A-Za-z0-9_-]{43}");

    @BeanInject
    Database database;
    Sql sql;
    /** Every token a test saw: none may be in the database, ever. */
    final List<String> tokens = new ArrayList<>();

    @BeforeEach
    void sql() {
        sql = new Sql(database);
    }

    @AfterAll
    void stop() {
        HUB.close();
    }

    /** A browser: follows nothing by itself, keeps the hub's cookies. */
    static final class Browser extends HubBrowser {
        Browser() {
            super(HUB.httpPort);
        }

        HttpResponse<String> askFor(String email) throws Exception {
            return post("/sign-in", "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
        }
    }

    static URI hub(String path) {
        return URI.create("http://127.0.0.1:" + HUB.httpPort + path);
    }

    /** The sign-in link in the newest mail to this address, waiting up to 20 s for a mail newer than {@code before} ones. */
    String mailedLink(String to, int before) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(to).size() > before);
        MimeMessage m = mailsTo(to).get(mailsTo(to).size() - 1);
        assertThat(m.getSubject()).isEqualTo("Your sign-in link for the license exceptions hub");
        String link = TestHub.link(TestHub.text(m), "Sign in");
        assertThat(link).containsPattern(LIVE_LINK).startsWith("http://127.0.0.1:" + HUB.httpPort + "/sign-in/link/");
        tokens.add(link.substring(link.lastIndexOf('/') + 1));
        return link;
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

    static String path(String link) {
        return link.substring(link.indexOf("/sign-in/"));
    }

    String lastFailure() {
        List<String> f = sql.strings("SELECT payload FROM audit_events WHERE event_type = 'session.sign-in-failed' ORDER BY seq DESC");
        return f.isEmpty() ? "" : f.get(0);
    }

    /** Neither the outbox nor any other table holds a token the tests have seen (the whole database, as H2 scripts it). */
    void noLiveTokenStored() {
        String script = String.join("\n", sql.strings("SCRIPT NOPASSWORDS NOSETTINGS"));
        assertThat(script).contains("sign_in_links".toUpperCase());
        for (String token : tokens) assertThat(script).as("a live token in the database").doesNotContain(token);
        assertThat(sql.strings("SELECT body FROM outbox WHERE dedup_key LIKE 'sign-in-link:%'"))
                .allSatisfy(b -> assertThat(b).doesNotContainPattern(LIVE_LINK).contains("[sign-in link: issued when this mail is sent]"));
    }

    @Test
    void aPersonAsksForALinkOpensItPressesTheButtonAndIsSignedIn() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> form = b.get("/sign-in");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<label for=\"email\">", "action=\"/sign-in\"").doesNotContain("/sign-in/oidc");
        assertThat(form.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("default-src 'none'"));

        HttpResponse<String> asked = b.askFor("henrik.vogel@meridian-software.example");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        assertThat(asked.body()).contains("If this address belongs to someone here, a sign-in link is on its way");
        assertThat(asked.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("lexhub_link=")
                .contains("HttpOnly", "SameSite=Lax", "Path=/sign-in", "Max-Age=900"));
        String link = mailedLink("henrik.vogel@meridian-software.example", 0);
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'sign-in-link.requested'"))
                .anySatisfy(a -> assertThat(a).startsWith("sign-in-page:"));

        // opening the link (or a mail scanner fetching it) signs nobody in
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> page = b.get(path(link));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("Sign in as Henrik Vogel", "<form method=\"post\">");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
        assertThat(b.cookies).doesNotContainKey("lexhub_session");
        assertThat(sql.strings("SELECT state FROM sign_in_links WHERE person_id = 'henrik.vogel'")).containsExactly("ISSUED");
        noLiveTokenStored();

        // a POST that is not the hub's form is refused before the link is looked at
        HttpResponse<String> foreign = b.send("POST", path(link), null);
        assertThat(foreign.statusCode()).as("not the hub's form").isEqualTo(415);

        String binding = b.cookies.get("lexhub_link");
        HttpResponse<String> done = b.post(path(link), "confirm=sign-in");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/");
        assertThat(b.cookies).containsKey("lexhub_session").doesNotContainKey("lexhub_link");
        HttpResponse<String> home = b.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as <strong>Henrik Vogel</strong> (executive, licensing, policy-owner)");
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'session.signed-in'"))
                .anySatisfy(a -> assertThat(a).startsWith("sign-in-link:henrik.vogel(ses_"));
        assertThat(sql.strings("SELECT scopes FROM sessions WHERE person_id = 'henrik.vogel' AND method = 'sign-in-link'")).containsExactly("approver,desk");
        assertThat(sql.strings("SELECT state FROM sign_in_links WHERE person_id = 'henrik.vogel'")).containsExactly("USED");

        // the same link again, even from the same browser: refused, audited
        b.cookies.put("lexhub_link", binding);
        HttpResponse<String> again = b.post(path(link), "confirm=sign-in");
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("Link already used");
        assertThat(lastFailure()).contains("\"reason\":\"used\"", "henrik.vogel");
        assertThat(b.get(path(link)).body()).contains("Link already used");
        assertThat(sql.count("SELECT COUNT(*) FROM sessions WHERE person_id = 'henrik.vogel' AND method = 'sign-in-link'")).isEqualTo(1);
        noLiveTokenStored();
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        Browser b = new Browser();
        b.askFor("grace.lin@meridian-software.example");
        String link = mailedLink("grace.lin@meridian-software.example", 0);
        MutableClockConfiguration.CLOCK.advance(Duration.ofMinutes(16));
        HttpResponse<String> page = b.get(path(link));
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("Link expired", "15 minutes");
        HttpResponse<String> post = b.post(path(link), "confirm=sign-in");
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(b.cookies).doesNotContainKey("lexhub_session");
        assertThat(lastFailure()).contains("\"reason\":\"expired\"", "grace.lin");
        noLiveTokenStored();
    }

    @Test
    void aLinkOpenedInAnotherBrowserIsRefusedAndStillWorksInTheOneThatAsked() throws Exception {
        Browser asker = new Browser();
        asker.askFor("ivan.petrov@meridian-software.example");
        String link = mailedLink("ivan.petrov@meridian-software.example", 0);

        Browser other = new Browser();
        HttpResponse<String> page = other.get(path(link));
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("Open the link in the browser you asked from").doesNotContain("Ivan");
        HttpResponse<String> post = other.post(path(link), "confirm=sign-in");
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(other.cookies).doesNotContainKey("lexhub_session");
        assertThat(lastFailure()).contains("\"reason\":\"other-browser\"", "ivan.petrov");
        // a browser with a binding cookie of its own (it asked for a link for someone else) is another browser too
        other.askFor("jonas.berg@meridian-software.example");
        assertThat(other.post(path(link), "confirm=sign-in").statusCode()).isEqualTo(403);

        assertThat(asker.post(path(link), "confirm=sign-in").statusCode()).isEqualTo(303);
        assertThat(asker.get("/").body()).contains("Signed in as <strong>Ivan Petrov</strong>");
        noLiveTokenStored();
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoMail() throws Exception {
        long links = sql.count("SELECT COUNT(*) FROM sign_in_links");
        long outbox = sql.count("SELECT COUNT(*) FROM outbox");
        Browser b = new Browser();
        HttpResponse<String> unknown = b.askFor("mallory@elsewhere.example");
        HttpResponse<String> known = new Browser().askFor("kate.murphy@meridian-software.example");
        assertThat(unknown.statusCode()).isEqualTo(known.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(unknown.headers().allValues("Set-Cookie")).hasSize(1).allSatisfy(c -> assertThat(c).startsWith("lexhub_link="));
        mailedLink("kate.murphy@meridian-software.example", 0);
        assertThat(sql.count("SELECT COUNT(*) FROM sign_in_links")).isEqualTo(links + 1);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox")).isEqualTo(outbox + 1);
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE '%mallory%'")).isZero();
        assertThat(mailsTo("mallory@elsewhere.example")).isEmpty();

        // a form without an address keeps what was typed and says what is wrong, beside the field and at the top
        HttpResponse<String> empty = b.askFor("not-an-address");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("There is a problem", "href=\"#email\"", "value=\"not-an-address\"", "aria-invalid=\"true\"");
    }

    @Test
    void anAddressIsSentAtMostFiveLinksAnHourAndTheAnswerDoesNotSaySo() throws Exception {
        Browser b = new Browser();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 7; i++) answers.add(b.askFor("dev.patel@meridian-software.example").body());
        assertThat(answers).allMatch(a -> a.equals(answers.get(0)));
        assertThat(sql.count("SELECT COUNT(*) FROM sign_in_links WHERE person_id = 'dev.patel'")).isEqualTo(5);
        // every mailed link works in this browser (it kept one binding), the newest too
        String link = mailedLink("dev.patel@meridian-software.example", 4);
        assertThat(b.post(path(link), "confirm=sign-in").statusCode()).isEqualTo(303);
    }

    @Test
    void theConsolePrintsALinkThatWorksInTheFirstBrowserThatOpensIt() throws Exception {
        Cli.Run run = Cli.run("sign-in-link", "alice.moreau");
        assertThat(run.exit()).as(run.out()).isZero();
        String link = run.out().lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
        assertThat(link).containsPattern(LIVE_LINK).startsWith("http://127.0.0.1:" + HUB.httpPort + "/sign-in/link/");
        tokens.add(link.substring(link.lastIndexOf('/') + 1));
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'sign-in-link.issued'"))
                .anySatisfy(a -> assertThat(a).startsWith("cli:"));
        noLiveTokenStored();

        Browser first = new Browser();
        HttpResponse<String> page = first.get(path(link));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in as Alice Moreau");
        assertThat(first.cookies).containsKey("lexhub_link");
        Browser second = new Browser();
        assertThat(second.get(path(link)).statusCode()).as("bound to the first browser").isEqualTo(403);
        assertThat(second.post(path(link), "confirm=sign-in").statusCode()).isEqualTo(403);

        assertThat(first.post(path(link), "confirm=sign-in").statusCode()).isEqualTo(303);
        HttpResponse<String> home = first.get("/");
        assertThat(home.body()).contains("Signed in as <strong>Alice Moreau</strong> (licensing)");
        assertThat(first.post(path(link), "confirm=sign-in").statusCode()).as("used").isEqualTo(403);

        Cli.Run nobody = Cli.run("sign-in-link", "mallory");
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.out()).contains("not a person of approvers.yaml");
        assertThat(Cli.run("help").out()).contains("sign-in-link");
        noLiveTokenStored();
    }
}
