package io.lexhub.api;

import io.lexhub.access.SignInLinks;
import io.lexhub.access.Throttle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in without an identity provider (docs/identity.md, the embedded default): the form's POST
 * asks for a link by mail, the link opens a page, the page's button signs in. The routes are in
 * routes/sign-in.camel.yaml and declare {@code signIn} (no credential exists yet; the link and the
 * browser's binding cookie are the proof, checked here as the OpenID callback checks its answer);
 * the gate checks that every POST comes from the hub's own form (same origin, form-encoded).
 */
public final class SignInLinkPages {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.access");
    /** The cookie that binds a link to the browser that asked for it (or first opened a console link). */
    public static final String BINDING_COOKIE = "lexhub_link";

    private final SignInLinks links;
    private final SignInPages pages;
    private final Throttle failures;
    private final Throttle perIp;
    private final boolean secureCookies;
    private final boolean smtp;

    /**
     * @param failures the gate's throttle of failed credentials (a bad link counts there)
     * @param smtp     whether the outbox sends mail (when not, the log says how to print a link at the console)
     */
    public SignInLinkPages(SignInLinks links, SignInPages pages, Throttle failures, String publicUrl, boolean smtp, Clock clock) {
        this.links = links;
        this.pages = pages;
        this.failures = failures;
        this.perIp = new Throttle(links.config().perIpPerHour(), Duration.ofHours(1), clock, "sign-in link requests");
        this.secureCookies = publicUrl.toLowerCase(Locale.ROOT).startsWith("https:");
        this.smtp = smtp;
    }

    /** POST /sign-in: the same neutral answer whatever the address; a mail only for a person of approvers.yaml. */
    public void request(Exchange exchange) {
        if (off(exchange)) return;
        Message m = exchange.getMessage();
        String address = exchange.getProperty(SignInPages.ADDRESS, "unknown", String.class);
        String email = field(m, "email");
        if (email == null || email.isBlank() || email.length() > 254 || !email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            Pages.page(exchange, 400, pages.signInForm(email == null ? "" : email.strip(),
                    email == null || email.isBlank() ? "Enter your work e-mail address" : "Enter an e-mail address like name@example.com"));
            return;
        }
        long wait = perIp.waitSeconds(address);
        if (wait > 0) {
            pages.message(exchange, 429, "Too many sign-in links asked for", "This address has asked for many sign-in links in the last hour. "
                    + "Please wait a while and try again.", false);
            exchange.getMessage().setHeader("Retry-After", String.valueOf(wait));
            return;
        }
        perIp.failed(address);
        // the browser keeps its binding secret (a second request from it keeps the first mail's link working too)
        String binding = SignInPages.cookies(m).get(BINDING_COOKIE);
        if (!io.lexhub.access.Sessions.wellFormed(binding)) binding = links.secret();
        SignInLinks.Asked asked = links.request(email.strip(), binding, address);
        switch (asked) {
            case QUEUED -> LOG.info("sign-in link asked for from {}: its mail is in the outbox{}", address, smtp ? ""
                    : " but SMTP is off (lexhub.smtp.enabled): the mail waits; print a link at the console with `java -jar target/lexhub.jar sign-in-link <person-id>`");
            case TOO_MANY -> LOG.warn("sign-in link asked for from {} for an address past its hourly limit: no mail", address);
            case UNKNOWN -> LOG.info("sign-in link asked for from {} for an address that is not a person of approvers.yaml: no mail", address);
        }
        long minutes = links.config().validity().toMinutes();
        pages.message(exchange, 200, "Check your mail", "If this address belongs to someone here, a sign-in link is on its way to it. "
                + "Open it in this browser within " + minutes + " minutes. Nothing arrived? Check the address and ask again, or ask the hub's operators.", false);
        exchange.getMessage().setHeader("Set-Cookie", List.of(Pages.cookie(BINDING_COOKIE, binding, "/sign-in", minutes * 60, secureCookies)));
    }

    /** GET /sign-in/link/{token}: a page with the button that signs in; opening it signs nobody in (mail scanners fetch links). */
    public void open(Exchange exchange) {
        if (off(exchange)) return;
        Message m = exchange.getMessage();
        String address = exchange.getProperty(SignInPages.ADDRESS, "unknown", String.class);
        SignInLinks.Look look = links.open(m.getHeader("token", String.class), SignInPages.cookies(m).get(BINDING_COOKIE));
        if (!look.usable()) {
            if ("unknown".equals(look.refusal())) failures.failed(address);
            LOG.info("sign-in link opened from {} and refused: {}", address, look.refusal());
            refusal(exchange, look.refusal());
            return;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", look.person().name());
        model.put("id", look.person().id());
        model.put("minutes", links.config().validity().toMinutes());
        Pages.page(exchange, 200, Pages.render("sign-in-link.jte", model));
        if (look.bindCookie() != null) {
            exchange.getMessage().setHeader("Set-Cookie", List.of(Pages.cookie(BINDING_COOKIE, look.bindCookie(), "/sign-in",
                    links.config().validity().toSeconds(), secureCookies)));
        }
    }

    /** POST /sign-in/link/{token} from the link's page: the link used up and a session, or the refusal (audited). */
    public void complete(Exchange exchange) {
        if (off(exchange)) return;
        Message m = exchange.getMessage();
        String address = exchange.getProperty(SignInPages.ADDRESS, "unknown", String.class);
        SignInLinks.Completed done = links.complete(m.getHeader("token", String.class), SignInPages.cookies(m).get(BINDING_COOKIE), address);
        if (done.session() == null) {
            failures.failed(address);
            LOG.warn("refused a sign-in link from {}: {}", address, done.refusal());
            refusal(exchange, done.refusal());
            return;
        }
        LOG.info("{} signed in (sign-in-link, session {}) from {}", done.person().id(), done.session().sessionId(), address);
        String next = Pages.localPage(SignInPages.cookies(m).get(Pages.NEXT_COOKIE));
        Pages.headersOnly(exchange, 303);
        exchange.getMessage().setHeader("Location", next);
        List<String> cookies = new ArrayList<>();
        cookies.add(pages.cookie(io.lexhub.access.Sessions.COOKIE, done.session().secret(), "/", -1));
        cookies.add(Pages.cookie(BINDING_COOKIE, "", "/sign-in", 0, secureCookies));
        cookies.add(Pages.cookie(Pages.NEXT_COOKIE, "", "/", 0, secureCookies));
        exchange.getMessage().setHeader("Set-Cookie", cookies);
        exchange.getMessage().setBody("");
    }

    /** Sign-in links switched off (lexhub.auth.link.enabled = false): the page says so. */
    private boolean off(Exchange exchange) {
        if (links.config().enabled()) return false;
        pages.message(exchange, 404, "Sign-in links are off", "This hub does not send sign-in links (lexhub.auth.link.enabled).", true);
        return true;
    }

    private void refusal(Exchange exchange, String reason) {
        long minutes = links.config().validity().toMinutes();
        switch (reason) {
            case "used" -> pages.message(exchange, 403, "Link already used",
                    "This sign-in link has been used already. Each link works once: ask for a new one.", true);
            case "expired" -> pages.message(exchange, 403, "Link expired",
                    "This sign-in link has expired (a link works for " + minutes + " minutes). Ask for a new one.", true);
            case "other-browser" -> pages.message(exchange, 403, "Open the link in the browser you asked from",
                    "This sign-in link works only in the browser where it was asked for (or, for a link printed at the console, where it was "
                            + "first opened). Open it there, or ask for a new link in this browser. Nobody was signed in.", true);
            case "not-in-directory" -> pages.message(exchange, 403, "Not signed in",
                    "This link's person is no longer one of this hub's people. Ask the licensing desk.", true);
            default -> pages.message(exchange, 404, "Link not valid",
                    "This sign-in link is not valid. Check that you copied all of it, or ask for a new one.", true);
        }
    }

    /** A form field: platform-http hands them over as headers; a raw body is read as a fallback. */
    private static String field(Message m, String name) {
        String v = m.getHeader(name, String.class);
        if (v != null) return v;
        return MailDecisionPages.form(m.getBody(String.class)).get(name);
    }
}
