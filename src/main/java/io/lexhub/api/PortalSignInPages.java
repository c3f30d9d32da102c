package io.lexhub.api;

import io.lexhub.access.PortalLinks;
import io.lexhub.access.Principal;
import io.lexhub.access.Sessions;
import io.lexhub.access.Throttle;
import io.lexhub.notify.Languages;
import io.lexhub.notify.Messages;
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
    private final Languages languages;

    /** @param failures the gate's throttle of failed credentials (a bad link counts there) */
    public PortalSignInPages(PortalLinks links, Sessions sessions, Throttle failures, String publicUrl, Clock clock, Languages languages) {
        this.languages = languages;
        this.links = links;
        this.sessions = sessions;
        this.failures = failures;
        this.perIp = new Throttle(links.config().perIpPerHour(), Duration.ofHours(1), clock, "portal sign-in link requests");
        this.secureCookies = publicUrl.toLowerCase(Locale.ROOT).startsWith("https:");
    }

    /** GET /portal/sign-in. */
    public void form(Exchange exchange) {
        if (off(exchange)) return;
        form(exchange, 200, text(exchange), null, null);
    }

    private static void form(Exchange exchange, int status, Messages.Text m, String email, String error) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("m", m);
        model.put("email", email == null ? "" : email);
        model.put("error", error);
        PortalPages.page(exchange, status, m, "portal-sign-in.jte", model);
    }

    /** Nobody is signed in on these pages: the language is the one asked for ({@code ?lang=}), else the browser's, else English. */
    private Messages.Text text(Exchange exchange) {
        return languages.messages().in(languages.forBrowser(exchange.getMessage().getHeader("lang", String.class),
                exchange.getMessage().getHeader("Accept-Language", String.class)));
    }

    /** POST /portal/sign-in: the same answer for every well-formed address (each gets a link; which organisation is decided at sign-in). */
    public void request(Exchange exchange) {
        if (off(exchange)) return;
        Message m = exchange.getMessage();
        String address = exchange.getProperty(SignInPages.ADDRESS, "unknown", String.class);
        String email = Pages.fields(exchange, List.of("email")).get("email");
        if (email == null || email.isBlank() || !PortalLinks.wellFormed(email.strip())) {
            Messages.Text t = text(exchange);
            form(exchange, 400, t, email == null ? "" : email.strip(), t.t(email == null || email.isBlank() ? "portal.signIn.enterEmail" : "portal.signIn.badEmail"));
            return;
        }
        long wait = perIp.waitSeconds(address);
        if (wait > 0) {
            message(exchange, 429, text(exchange), "portal.signIn.tooMany", null, false);
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
        Messages.Text t = text(exchange);
        message(exchange, 200, t, t.t("portal.signIn.check.title"), t.t("portal.signIn.check.text", minutes), null, false);
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
        Messages.Text t = text(exchange);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("m", t);
        model.put("email", t.t("portal.signIn.link.you"));
        model.put("minutes", links.config().validity().toMinutes());
        PortalPages.page(exchange, 200, t, "portal-sign-in-link.jte", model);
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
        message(exchange, 200, text(exchange), "portal.signedOut", null, true);
        exchange.getMessage().setHeader("Set-Cookie", List.of(Pages.cookie(Sessions.PORTAL_COOKIE, "", "/portal", 0, secureCookies)));
    }

    private boolean off(Exchange exchange) {
        if (links.config().enabled()) return false;
        message(exchange, 404, text(exchange), "portal.signIn.off", null, false);
        return true;
    }

    private void refusal(Exchange exchange, String reason) {
        Messages.Text t = text(exchange);
        long minutes = links.config().validity().toMinutes();
        switch (reason) {
            case "used" -> message(exchange, 403, t, "portal.link.used", null, true);
            case "expired" -> message(exchange, 403, t, t.t("portal.link.expired.title"), t.t("portal.link.expired.text", minutes), null, true);
            case "other-browser" -> message(exchange, 403, t, "portal.link.otherBrowser", null, true);
            default -> message(exchange, 404, t, "portal.link.invalid", null, true);
        }
    }

    /** A portal message page of the keys {@code key}.title and {@code key}.text. */
    private static void message(Exchange exchange, int status, Messages.Text m, String key, PortalViewer viewer, boolean signIn) {
        message(exchange, status, m, m.t(key + ".title"), m.t(key + ".text"), viewer, signIn);
    }

    /** A portal page with a title and a paragraph (the portal's own layout), in this language. */
    static void message(Exchange exchange, int status, Messages.Text m, String title, String text, PortalViewer viewer, boolean signIn) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("m", m);
        model.put("title", title);
        model.put("paragraphs", List.of(text));
        model.put("viewer", viewer);
        model.put("signIn", signIn);
        PortalPages.page(exchange, status, m, "portal-message.jte", model);
    }
}
