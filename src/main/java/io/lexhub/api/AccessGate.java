package io.lexhub.api;

import io.lexhub.access.ApiKeys;
import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.access.Sessions;
import io.lexhub.access.Throttle;
import io.lexhub.access.oidc.OidcClient;
import io.lexhub.access.oidc.SystemTokens;
import io.lexhub.pipeline.approval.DecisionLinks;
import io.lexhub.pipeline.approval.RequestApprovers;
import java.net.URI;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StartupListener;
import org.apache.camel.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where HTTP callers are authenticated and authorised (architecture rule 12). Runs
 * before every rest route (routes/access.camel.yaml intercepts {@code rest:*}): finds the route's
 * declared access ({@link AccessRules}), proves the caller with the credential that route takes
 * (an API key in the Authorization header only, or the decision link's token in the path), checks
 * the scopes, and leaves the {@link Principal} in the exchange property {@link #PRINCIPAL} for the
 * handlers, which never look at credentials themselves. A refused call is answered here and the
 * exchange goes no further (the route's steps never run).
 */
public final class AccessGate implements StartupListener {

    /** Exchange property: the authenticated {@link Principal} (absent on public routes). */
    public static final String PRINCIPAL = "lexhubPrincipal";
    /** Exchange property: the rest route the exchange came in through (the 500 handler answers only there). */
    public static final String REST_ROUTE = "lexhubRestRoute";
    /** Exchange property: true when the gate refused the call and wrote the answer (the interceptor then stops). */
    public static final String REFUSED = "lexhubRefused";

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.access");

    /** A refused call: the HTTP status and what the caller is told (a page may be sent elsewhere instead: {@code location}). */
    private static final class Refused extends RuntimeException {
        final int status;
        final long retryAfter;
        final String location;
        /** the WWW-Authenticate challenge of a 401 (RFC 6750 section 3) */
        final String challenge;

        Refused(int status, String message, long retryAfter) {
            this(status, message, retryAfter, null);
        }

        Refused(int status, String message, long retryAfter, String location) {
            this(status, message, retryAfter, location, "Bearer");
        }

        Refused(int status, String message, long retryAfter, String location, String challenge) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfter = retryAfter;
            this.location = location;
            this.challenge = challenge;
        }
    }

    /** Exchange property: the route is a page of people (answers are HTML, not JSON). */
    private static final String PAGE = "lexhubPage";

    private final ApiKeys keys;
    private final DecisionLinks links;
    private final RequestApprovers approvers;
    private final Throttle throttle;
    private final Sessions sessions;
    private final String publicOrigin;
    private final boolean secureCookies;
    /** systems' access tokens from the OpenID provider (issue 18.5); null when off */
    private volatile SystemTokens systemTokens;
    private volatile AccessRules rules;
    /** subscribers' signed callbacks (docs/events.md); none accepted until set */
    private volatile io.lexhub.pipeline.events.WebhookCallbacks callbacks;
    /** who holds an account-manager role (the portal's on-behalf pages); nobody until set */
    private volatile java.util.function.Predicate<String> accountManagers = id -> false;
    /** who holds the policy-owner role (four eyes on the policy); nobody until set */
    private volatile java.util.function.Predicate<String> policyOwners = id -> false;
    private CamelContext context;

    public AccessGate(ApiKeys keys, DecisionLinks links, RequestApprovers approvers, Throttle throttle, String publicUrl) {
        this(keys, links, approvers, throttle, null, publicUrl);
    }

    public AccessGate(ApiKeys keys, DecisionLinks links, RequestApprovers approvers, Throttle throttle, Sessions sessions, String publicUrl) {
        this.sessions = sessions;
        this.keys = keys;
        this.links = links;
        this.approvers = approvers;
        this.throttle = throttle;
        this.publicOrigin = origin(publicUrl);
        this.secureCookies = publicUrl.toLowerCase(java.util.Locale.ROOT).startsWith("https:");
    }

    /**
     * Takes access tokens of systems from the OpenID provider where a route takes API keys
     * ({@code lexhub.auth.oidc.api-audience} set); without, a JWT is an unknown credential.
     */
    public void systemTokens(SystemTokens tokens) {
        this.systemTokens = tokens;
    }

    /** Takes subscribers' callbacks signed with their secrets (routes declaring {@code webhookSignature}). */
    public void webhookCallbacks(io.lexhub.pipeline.events.WebhookCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** Who may open the portal on behalf of a customer ({@code account-manager} in a route's session scopes; docs/portal.md). */
    public void accountManagers(java.util.function.Predicate<String> test) {
        this.accountManagers = test;
    }

    /** Who may decide on policy proposals ({@code policy-owner} in a route's scopes; docs/policy.md). */
    public void policyOwners(java.util.function.Predicate<String> test) {
        this.policyOwners = test;
    }

    /** Reads every rest verb's declaration before the routes start; an undeclared one stops the hub. */
    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        this.context = context;
        this.rules = AccessRules.of(context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions());
        LOG.info("access declared for {} HTTP routes", rules.size());
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // all done while starting
    }

    /**
     * interceptFrom rest:*: authenticate and authorise; when refused, the answer is written and
     * {@link #REFUSED} set. (An exception here would escape the routes' error handling: Camel
     * runs interceptFrom before it.)
     */
    public void check(Exchange exchange) {
        exchange.setProperty(Responses.INSTANCE, exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class));
        try {
            admit(exchange);
        } catch (Refused r) {
            exchange.setProperty(REFUSED, true);
            answer(exchange, r);
        } catch (RuntimeException e) {
            // nothing may escape here: Camel runs interceptFrom outside the route's onException, and what
            // escaped would be platform-http's empty 500 with nothing in the log
            exchange.setProperty(REFUSED, true);
            if (io.lexhub.store.DatabaseUnavailableException.in(e)) {
                // keys, links and sessions are in the database: while it is away nobody can be told apart, and nothing could be stored either
                LOG.warn("cannot check credentials, the database is unavailable: {}", e.getMessage());
                answer(exchange, new Refused(503, "the hub cannot check credentials while its database is unavailable; retry in a few seconds", 5));
            } else {
                Responses.internalError(exchange, e);
            }
        }
    }

    private void admit(Exchange exchange) {
        exchange.setProperty(REST_ROUTE, exchange.getFromRouteId());
        AccessRules.Rule rule = rule(exchange);
        if (rule == null) {
            LOG.error("refused {}: route {} ({}) declares no access", exchange.getMessage().getHeader(Exchange.HTTP_PATH), exchange.getFromRouteId(),
                    exchange.getFromEndpoint() == null ? null : exchange.getFromEndpoint().getEndpointUri());
            throw new Refused(403, "this route declares no access", 0);
        }
        if (AccessRules.PUBLIC.equals(rule.key())) return;
        boolean page = AccessRules.SESSION.equals(rule.key()) || AccessRules.SIGN_IN.equals(rule.key());
        if (page) exchange.setProperty(PAGE, true);
        String address = remoteAddress(exchange);
        exchange.setProperty(SignInPages.ADDRESS, address);
        long wait = throttle.waitSeconds(address);
        if (wait > 0) throw new Refused(429, "too many failed attempts from your address; try again later", wait);
        // the sign-in flow's own pages: nobody has a credential yet (the callback proves itself by state, PKCE and the ID token)
        if (AccessRules.SIGN_IN.equals(rule.key())) {
            // what the sign-in pages post (an address, a sign-in link's button) must come from the hub's own form
            if ("POST".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD))) {
                sameOriginForm(exchange.getMessage(), "A sign-in is only sent from the hub's own sign-in page. Nobody was signed in.");
            }
            return;
        }
        Principal principal;
        if (AccessRules.DECISION_LINK.equals(rule.key())) {
            principal = linkHolder(exchange, address);
        } else if (AccessRules.WEBHOOK_SIGNATURE.equals(rule.key())) {
            principal = signedCaller(exchange, address);
        } else {
            // a portal route (scope customer) reads only the portal's cookie: a staff session never counts there as a customer,
            // and a staff route reads only the staff cookie (docs/portal.md)
            boolean portal = rule.acceptsSession() && rule.session().contains(Scope.CUSTOMER.id());
            String cookie = rule.acceptsSession() && sessions != null
                    ? SignInPages.cookies(exchange.getMessage()).get(portal ? Sessions.PORTAL_COOKIE : Sessions.COOKIE) : null;
            boolean keyFirst = AccessRules.API_KEY.equals(rule.key()) && (cookie == null || exchange.getMessage().getHeader("Authorization") != null);
            if (keyFirst) {
                principal = keyHolder(exchange, address);
                authorise(exchange, rule.allowed(), principal, "your key");
            } else {
                principal = sessionHolder(exchange, cookie, address, page, portal ? "/portal/sign-in" : "/sign-in");
                authorise(exchange, rule.session(), principal, "your account");
            }
        }
        exchange.setProperty(PRINCIPAL, principal);
    }

    /**
     * A person's session cookie: a live session (else 401, or on a page the way to sign in); for a
     * request that changes something, also the same-origin checks and the session's CSRF token
     * (the form field {@code csrf} or the header {@code X-CSRF-Token}).
     */
    private Principal sessionHolder(Exchange exchange, String secret, String address, boolean page, String signIn) {
        Message m = exchange.getMessage();
        String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (secret == null) {
            if (!page) throw new Refused(401, "an API key (Authorization: Bearer <key>) or a signed-in session is required", 0);
            throw new Refused(401, "Please sign in.", 0, read ? signIn : null);
        }
        Sessions.Check check = sessions.authenticate(secret);
        if (!check.ok()) {
            if ("unknown".equals(check.refusal())) throttle.failed(address);
            LOG.info("refused {} {} from {}: {} session", method, m.getHeader(Exchange.HTTP_PATH), address, check.refusal());
            throw new Refused(401, "Your session has ended. Please sign in again.", 0, page && read ? signIn : null);
        }
        if (!read) {
            String site = m.getHeader("Sec-Fetch-Site", String.class);
            String origin = m.getHeader("Origin", String.class);
            // the pages send Referrer-Policy: no-referrer, under which a browser posts a same-origin form with
            // Origin: null; that is taken only when the browser says the request is same-origin (Sec-Fetch-Site)
            boolean nullOrigin = "null".equals(origin) && "same-origin".equals(site);
            boolean foreign = (site != null && !site.equals("same-origin") && !site.equals("none"))
                    || (origin != null && !nullOrigin && !origin.equalsIgnoreCase(publicOrigin));
            String token = m.getHeader("csrf", String.class);
            if (token == null) token = m.getHeader("X-CSRF-Token", String.class);
            if (foreign || !Sessions.csrfMatches(secret, token)) {
                LOG.warn("refused {} {} to {}: {}", method, m.getHeader(Exchange.HTTP_PATH), check.principal().actor(),
                        foreign ? "sent from another site" : "without the session's CSRF token");
                throw new Refused(403, "This form is out of date or was sent from another site. Nothing was changed; reload the page and try again.", 0);
            }
        }
        exchange.setProperty(SignInPages.CSRF, Sessions.csrfToken(secret));
        ZoneId zone = ViewerZone.of(SignInPages.cookies(m).get(ViewerZone.COOKIE));
        if (zone != null) exchange.setProperty(ViewerZone.PROPERTY, zone);
        return check.principal();
    }

    private AccessRules.Rule rule(Exchange exchange) {
        String uri = exchange.getFromEndpoint() == null ? null : exchange.getFromEndpoint().getEndpointUri();
        AccessRules.Rule rule = rules == null ? null : rules.forEndpoint(uri);
        if (rule == null && context != null) {
            // routes reloaded since start: read the declarations again (an undeclared verb stays refused)
            try {
                rules = AccessRules.of(context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions());
                rule = rules.forEndpoint(uri);
            } catch (IllegalStateException e) {
                LOG.error("{}", e.getMessage());
            }
        }
        return rule;
    }

    /**
     * Only {@code Authorization: Bearer <credential>}: never the query string or a form field (they
     * end up in logs and histories). The credential is one of the hub's API keys, or, when systems'
     * access tokens are on, a JWT from the OpenID provider ({@link SystemTokens}).
     */
    private Principal keyHolder(Exchange exchange, String address) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || header.isBlank()) throw new Refused(401, "an API key is required (Authorization: Bearer <key>)", 0);
        String key = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        SystemTokens tokens = systemTokens;
        if (tokens != null && key != null && !key.startsWith("lxk_") && SystemTokens.looksLikeJws(key)) return tokenHolder(exchange, tokens, key, address);
        Optional<Principal> p = keys.authenticate(key);
        if (p.isEmpty()) {
            throttle.failed(address);
            LOG.warn("refused {} {} from {}: unknown, expired or revoked API key", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_PATH), address);
            throw new Refused(401, "the API key is not valid (unknown, expired or revoked)", 0);
        }
        return p.get();
    }

    /**
     * A system's access token: refused with {@code invalid_token} (RFC 6750) and counted like a bad
     * key; one log line with the reason, never the token. A provider that cannot be reached is
     * nobody's failed credential: 503.
     */
    private Principal tokenHolder(Exchange exchange, SystemTokens tokens, String token, String address) {
        try {
            return tokens.authenticate(token);
        } catch (OidcClient.Refused e) {
            throttle.failed(address);
            // the reason may quote the token's unverified header (its typ, its alg): one line, bounded
            String reason = e.getMessage().replaceAll("\\p{Cntrl}", "?");
            LOG.warn("refused {} {} from {}: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD), exchange.getMessage().getHeader(Exchange.HTTP_PATH),
                    address, reason.length() > 300 ? reason.substring(0, 300) + "..." : reason);
            throw new Refused(401, "the access token is not valid (signature, issuer, audience, expiry or type)", 0, null, "Bearer error=\"invalid_token\"");
        } catch (OidcClient.Unreachable e) {
            LOG.warn("cannot check an access token for {} {} from {}: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_PATH), address, e.getMessage());
            throw new Refused(503, "the hub cannot reach its identity provider to check the access token; retry in a little while", 30);
        }
    }

    /**
     * A subscriber's callback, signed over the exact body with one of its secrets (Standard Webhooks):
     * the body is read here as text and left as the text that was verified. Any refusal is the same
     * 401, counted like a bad key; the reason is logged by {@code WebhookCallbacks}.
     */
    private Principal signedCaller(Exchange exchange, String address) {
        Message m = exchange.getMessage();
        String body = m.getBody(String.class);
        m.setBody(body);
        io.lexhub.pipeline.events.WebhookCallbacks verifier = callbacks;
        Principal p = verifier == null ? null : verifier.verify(m.getHeader("subscriberId", String.class), m.getHeader("webhook-id", String.class),
                m.getHeader("webhook-timestamp", String.class), m.getHeader("webhook-signature", String.class), body);
        if (p == null) {
            throttle.failed(address);
            throw new Refused(401, "a callback must be signed with the subscriber's secret (webhook-id, webhook-timestamp within five minutes,"
                    + " webhook-signature), each webhook-id once", 0);
        }
        return p;
    }

    /**
     * The mailed link's token, bound to the request of its URL. A form POST must come from the
     * hub's own confirmation page: form-encoded, and same-origin when the browser says where it came from.
     */
    private Principal linkHolder(Exchange exchange, String address) {
        Message m = exchange.getMessage();
        String ref = m.getHeader("reference", String.class);
        String token = m.getHeader("token", String.class);
        Optional<String> approver = links.holder(ref, token);
        if (approver.isEmpty()) {
            throttle.failed(address);
            LOG.warn("refused a decision link for {} from {}: no such link", ref, address);
            throw new Refused(404, "This decision link is not valid. Nothing was decided.", 0);
        }
        if ("POST".equals(m.getHeader(Exchange.HTTP_METHOD))) sameOriginForm(m, "A decision is only taken from the hub's own confirmation page. Nothing was decided.");
        return new Principal(approver.get(), Principal.MAIL_LINK, "link:" + DecisionLinks.hash(token).substring(0, 12), Set.of(Scope.APPROVER));
    }

    private void sameOriginForm(Message m, String refusal) {
        String type = m.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new Refused(415, refusal.replace(" only taken from", " sent with").replace(" only sent from", " sent with"), 0);
        }
        String site = m.getHeader("Sec-Fetch-Site", String.class);
        if (site != null && !site.equals("same-origin") && !site.equals("none")) throw new Refused(403, refusal, 0);
        String origin = m.getHeader("Origin", String.class);
        if (origin != null && !origin.equals("null") && !origin.equalsIgnoreCase(publicOrigin)) throw new Refused(403, refusal, 0);
    }

    private void authorise(Exchange exchange, Set<String> allowed, Principal p, String credential) {
        // a session route with no scopes: any signed-in person
        if (allowed.isEmpty() && p.signedIn()) return;
        for (String scope : allowed) {
            if (AccessRules.ACCOUNT_MANAGER.equals(scope)) {
                if (p.signedIn() && accountManagers.test(p.id())) return;
            } else if (AccessRules.POLICY_OWNER.equals(scope)) {
                // a person only (a key of someone in approvers.yaml, or a staff session), never a system
                if (p.has(Scope.APPROVER) && policyOwners.test(p.id())) return;
            } else if (AccessRules.REQUEST_APPROVER.equals(scope)) {
                if (p.has(Scope.APPROVER) && approvers.includes(exchange.getMessage().getHeader("reference", String.class), p.id())) return;
            } else if (p.has(Scope.of(scope))) {
                return;
            }
        }
        LOG.warn("refused {} {} to {}: needs {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD), exchange.getMessage().getHeader(Exchange.HTTP_PATH),
                p.actor(), allowed);
        throw new Refused(403, credential + " does not allow this (it needs one of: " + String.join(", ", allowed) + ")", 0);
    }

    /** The page asked for, path and query, if it is one of the hub's; "/" otherwise. */
    private static String next(Message m) {
        String path = m.getHeader(Exchange.HTTP_PATH, String.class);
        String query = m.getHeader(Exchange.HTTP_QUERY, String.class);
        return Pages.localPage(path == null ? null : path + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    /** A refusal: the status with a short reason; a page for links, JSON for the API. */
    private void answer(Exchange exchange, Refused r) {
        Message m = exchange.getMessage();
        if (r.location != null) {
            String next = next(m);
            Pages.headersOnly(exchange, 303);
            m.setHeader("Location", r.location);
            // back to this page once signed in (a mailed link to a request lands on it)
            if (!"/".equals(next)) m.setHeader("Set-Cookie", List.of(Pages.cookie(Pages.NEXT_COOKIE, next, "/", 900, secureCookies)));
            m.setBody("");
            return;
        }
        boolean page = m.getHeader("token") != null || exchange.getProperty(PAGE) != null;
        if (r.status == 404 && page) {
            Pages.message(exchange, 404, "Link not valid", List.of(r.getMessage()), false);
        } else if (page) {
            // a page read is refused, a form's action is not recorded: the title says which
            boolean read = "GET".equals(m.getHeader(Exchange.HTTP_METHOD)) || "HEAD".equals(m.getHeader(Exchange.HTTP_METHOD));
            String title = r.status == 429 ? "Too many attempts" : read ? "Not allowed" : "Not recorded";
            Pages.message(exchange, r.status, title, List.of(r.getMessage()), false);
        } else {
            Responses.problem(exchange, r.status, r.getMessage());
        }
        if (r.status == 401 && exchange.getProperty(PAGE) == null) m.setHeader("WWW-Authenticate", r.challenge);
        if (r.retryAfter > 0) m.setHeader("Retry-After", String.valueOf(r.retryAfter));
    }

    /**
     * onException for what no route handled, and the last doCatch of a rest route's doTry (Camel
     * runs no onException for what a doTry leaves uncaught): the database being away is 503 with
     * Retry-After; anything else is logged once, with an id that the caller gets too, instead of
     * platform-http's empty 500. A person's page gets a page, a client a problem document.
     */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getProperty(PAGE) != null) {
            failedPage(exchange, e);
            return;
        }
        if (Unavailable.answered(exchange, e)) return;
        // the handlers' word for input that does not fit (a missing field, a malformed id): the caller's to fix
        if (e instanceof IllegalArgumentException) Responses.problem(exchange, 400, e.getMessage());
        else Responses.internalError(exchange, e);
    }

    private static void failedPage(Exchange exchange, Throwable e) {
        if (io.lexhub.store.DatabaseUnavailableException.in(e)) {
            LOG.warn("{} answered 503: the database is unavailable ({})", exchange.getFromRouteId(), e.getMessage());
            Pages.message(exchange, 503, "Not available right now",
                    List.of("The hub cannot reach its database. Please try again in a few seconds."), false);
            exchange.getMessage().setHeader("Retry-After", String.valueOf(Unavailable.RETRY_AFTER_SECONDS));
            return;
        }
        String id = Responses.logged(exchange, e);
        Pages.message(exchange, 500, "Something went wrong",
                List.of("The hub could not complete this. Please try again later.", "If it happens again, tell the operators this code: " + id + "."), false);
    }

    private static String remoteAddress(Exchange exchange) {
        Object a = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress");
        if (a instanceof io.vertx.core.net.SocketAddress s) return s.hostAddress();
        return a == null ? "unknown" : a.toString().replaceFirst(":\\d+$", "");
    }

    private static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }
}
