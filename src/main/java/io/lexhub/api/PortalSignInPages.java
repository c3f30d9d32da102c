package io.lexhub.api;

import io.lexhub.access.PortalLinks;
import io.lexhub.access.Principal;
import io.lexhub.access.Sessions;
import io.lexhub.access.Throttle;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customers' sign-in to the portal (docs/portal.md): the form asks for an address and mails a
 * single-use link ({@link PortalLinks}), the link opens a page whose button signs in, sign-out ends
 * the session. Routes in routes/portal.camel.yaml: the sign-in pages declare {@code signIn} (the
 * gate checks that their POSTs come from the hub's own form), sign-out a customer session and its
 * CSRF token. The portal's session cookie has Path=/portal: staff pages never receive it.
 */
public final class PortalSignInPages {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.access");
    /** The cookie that binds a portal link to the browser that asked for it. */
    public static final String BINDING_COOKIE = "lexhub_portal_link";

    private final PortalLinks links;
    private final Sessions sessions;
    private final Throttle failures;
    private final Throttle perIp;
    private final boolean secureCookies;

    /** @param failures the gate's throttle of failed credentials (a bad link counts there) */
    public PortalSignInPages(PortalLinks links, Sessions sessions, Throttle failures, String publicUrl, Clock clock) {
        this.links = links;
        this.sessions = sessions;
        this.failures = failures;
        this.perIp = new Throttle(links.config().perIpPerHour(), Duration.ofHours(1), clock, "portal sign-in link requests");
        this.secureCookies = publicUrl.toLowerCase(Locale.ROOT).startsWith("https:");
    }

    /** GET /portal/sign-in. */
    public void form(Exchange exchange) {
        if (off(exchange)) return;
        Pages.page(exchange, 200, form(null, null));
    }

    private static String form(String email, String error) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("email", email == null ? "" : email);
        model.put("error", error);
        return Pages.render("portal-sign-in.jte", model);
    }

    /** POST /portal/sign-in: the same answer for every well-formed address (each gets a link; which organisation is decided at sign-in). */
    public void request(Exchange exchange) {
        if (off(exchange)) return;
        Message m = exchange.getMessage();
        String address = exchange.getProperty(SignInPages.ADDRESS, "unknown", String.class);
        String email = Pages.fields(exchange, List.of("email")).get("email");
        if (email == null || email.isBlank() || !PortalLinks.wellFormed(email.strip())) {
            Pages.page(exchange, 400, form(email == null ? "" : email.strip(),
                    email == null || email.isBlank() ? "Enter your work e-mail address" : "Enter an e-mail address like name@example.com"));
            return;
        }
        long wait = perIp.waitSeconds(address);
        if (wait > 0) {
            message(exchange, 429, "Too many sign-in links asked for", "Many sign-in links were asked for from your network in the last hour. "
                    + "Please wait a while and try again.", null, false);
            exchange.getMessage().setHeader("Retry-After", String.valueOf(wait));
            return;
        }
        perIp.failed(address);
        String binding = SignInPages.cookies(m).get(BINDING_COOKIE);
        if (!Sessions.wellFormed(binding)) binding = sessions.fresh().secret();
        PortalLinks.Asked asked = links.request(email.strip(), binding, address);
        if (asked == PortalLinks.Asked.TOO_MANY) LOG.warn("portal sign-in link asked for from {} for an address past its hourly limit: no mail", address);
        else LOG.info("portal sign-in link asked for from {}: its mail is in the outbox", address);
        long minutes = links.config().validity().toMinutes();
        message(exchange, 200, "Check your mail", "We are sending a sign-in link to the address you gave. Open it in this browser within "
                + minutes + " minutes. Nothing arrived after a few minutes? Check the address and ask again.", null, false);
        exchange.getMessage().setHeader("Set-Cookie", List.of(Pages.cookie(BINDING_COOKIE, binding, "/portal/sign-in", minutes * 60, secureCookies)));
    }

    /** GET /portal/sign-in/link/{token}: the page with the button; opening it signs nobody in (mail scanners fetch links). */
    public void open(Exchange exchange) {
        if (off(exchange)) return;
        Message m = exchange.getMessage();
        String address = exchange.getProperty(SignInPages.ADDRESS, "unknown", String.class);
        String refusal = links.open(m.getHeader("token", String.class), SignInPages.cookies(m).get(BINDING_COOKIE));
        if (refusal != null) {
            if ("unknown".equals(refusal)) failures.failed(address);
            refusal(exchange, refusal);
            return;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("email", "the address you gave");
        model.put("minutes", links.config().validity().toMinutes());
        Pages.page(exchange, 200, Pages.render("portal-sign-in-link.jte", model));
    }

    /** POST /portal/sign-in/link/{token}: the link used up and a portal session, or the refusal (audited). */
    public void complete(Exchange exchange) {
        if (off(exchange)) return;
        Message m = exchange.getMessage();
        String address = exchange.getProperty(SignInPages.ADDRESS, "unknown", String.class);
        PortalLinks.Completed done = links.complete(m.getHeader("token", String.class), SignInPages.cookies(m).get(BINDING_COOKIE), address);
        if (done.session() == null) {
            failures.failed(address);
            LOG.warn("refused a portal sign-in link from {}: {}", address, done.refusal());
            refusal(exchange, done.refusal());
            return;
        }
        LOG.info("a customer signed in to the portal (session {}, organisation {} {}) from {}", done.session().sessionId(),
                done.organisation().state(), done.organisation().customerId(), address);
        String next = Pages.localPage(SignInPages.cookies(m).get(Pages.NEXT_COOKIE));
        Pages.headersOnly(exchange, 303);
        // back to the portal page asked for (never its sign-in pages), else the list
        exchange.getMessage().setHeader("Location", next.startsWith("/portal/") && !next.startsWith("/portal/sign-") ? next : "/portal/requests");
        exchange.getMessage().setHeader("Set-Cookie", List.of(Pages.cookie(Sessions.PORTAL_COOKIE, done.session().secret(), "/portal", -1, secureCookies),
                Pages.cookie(BINDING_COOKIE, "", "/portal/sign-in", 0, secureCookies), Pages.cookie(Pages.NEXT_COOKIE, "", "/", 0, secureCookies)));
        exchange.getMessage().setBody("");
    }

    /** POST /portal/sign-out (the gate checked the portal session and the form's CSRF token). */
    public void signOut(Exchange exchange) {
        Principal p = Callers.principal(exchange);
        sessions.signOut(p);
        LOG.info("{} signed out of the portal (session {})", p.onBehalf() ? p.id() : "a customer", p.credentialId());
        message(exchange, 200, "Signed out", "You are signed out of the portal.", null, true);
        exchange.getMessage().setHeader("Set-Cookie", List.of(Pages.cookie(Sessions.PORTAL_COOKIE, "", "/portal", 0, secureCookies)));
    }

    private boolean off(Exchange exchange) {
        if (links.config().enabled()) return false;
        message(exchange, 404, "Sign-in is not available", "This portal does not send sign-in links at the moment. Ask the licensing desk.", null, false);
        return true;
    }

    private void refusal(Exchange exchange, String reason) {
        long minutes = links.config().validity().toMinutes();
        switch (reason) {
            case "used" -> message(exchange, 403, "Link already used", "This sign-in link has been used already. Each link works once: ask for a new one.",
                    null, true);
            case "expired" -> message(exchange, 403, "Link expired", "This sign-in link has expired (a link works for " + minutes
                    + " minutes). Ask for a new one.", null, true);
            case "other-browser" -> message(exchange, 403, "Open the link in the browser you asked from",
                    "This sign-in link works only in the browser where it was asked for. Open it there, or ask for a new link in this browser.", null, true);
            default -> message(exchange, 404, "Link not valid", "This sign-in link is not valid. Check that you copied all of it, or ask for a new one.",
                    null, true);
        }
    }

    /** A portal page with a title and a paragraph (the portal's own layout). */
    static void message(Exchange exchange, int status, String title, String text, PortalViewer viewer, boolean signIn) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", title);
        model.put("paragraphs", List.of(text));
        model.put("viewer", viewer);
        model.put("signIn", signIn);
        Pages.page(exchange, status, Pages.render("portal-message.jte", model));
    }
}
