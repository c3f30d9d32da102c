package io.lexhub.api;

import io.lexhub.access.ApiKeys;
import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.access.Throttle;
import io.lexhub.pipeline.DecisionLinks;
import io.lexhub.pipeline.RequestApprovers;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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

    /** A refused call: the HTTP status and what the caller is told. */
    private static final class Refused extends RuntimeException {
        final int status;
        final long retryAfter;

        Refused(int status, String message, long retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }

    private final ApiKeys keys;
    private final DecisionLinks links;
    private final RequestApprovers approvers;
    private final Throttle throttle;
    private final String publicOrigin;
    private volatile AccessRules rules;
    private CamelContext context;

    public AccessGate(ApiKeys keys, DecisionLinks links, RequestApprovers approvers, Throttle throttle, String publicUrl) {
        this.keys = keys;
        this.links = links;
        this.approvers = approvers;
        this.throttle = throttle;
        this.publicOrigin = origin(publicUrl);
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
        try {
            admit(exchange);
        } catch (Refused r) {
            exchange.setProperty(REFUSED, true);
            answer(exchange, r);
        } catch (RuntimeException e) {
            // keys and links are in the database: while it is away nobody can be told apart, and nothing could be stored either
            if (!io.lexhub.store.DatabaseUnavailableException.in(e)) throw e;
            LOG.warn("cannot check credentials, the database is unavailable: {}", e.getMessage());
            exchange.setProperty(REFUSED, true);
            answer(exchange, new Refused(503, "the hub cannot check credentials while its database is unavailable; retry in a few seconds", 5));
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
        String address = remoteAddress(exchange);
        long wait = throttle.waitSeconds(address);
        if (wait > 0) throw new Refused(429, "too many failed attempts from your address; try again later", wait);
        Principal principal = AccessRules.DECISION_LINK.equals(rule.key()) ? linkHolder(exchange, address) : keyHolder(exchange, address);
        authorise(exchange, rule, principal);
        exchange.setProperty(PRINCIPAL, principal);
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

    /** Only {@code Authorization: Bearer <key>}: never the query string or a form field (they end up in logs and histories). */
    private Principal keyHolder(Exchange exchange, String address) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || header.isBlank()) throw new Refused(401, "an API key is required (Authorization: Bearer <key>)", 0);
        String key = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
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
        if ("POST".equals(m.getHeader(Exchange.HTTP_METHOD))) sameOriginForm(m);
        return new Principal(approver.get(), Principal.MAIL_LINK, "link:" + DecisionLinks.hash(token).substring(0, 12), Set.of(Scope.APPROVER));
    }

    private void sameOriginForm(Message m) {
        String type = m.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new Refused(415, "A decision is sent with the confirmation page's form. Nothing was decided.", 0);
        }
        String site = m.getHeader("Sec-Fetch-Site", String.class);
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new Refused(403, "A decision is only taken from the hub's own confirmation page. Nothing was decided.", 0);
        }
        String origin = m.getHeader("Origin", String.class);
        if (origin != null && !origin.equals("null") && !origin.equalsIgnoreCase(publicOrigin)) {
            throw new Refused(403, "A decision is only taken from the hub's own confirmation page. Nothing was decided.", 0);
        }
    }

    private void authorise(Exchange exchange, AccessRules.Rule rule, Principal p) {
        if (AccessRules.DECISION_LINK.equals(rule.key())) return;
        for (String allowed : rule.allowed()) {
            if (AccessRules.REQUEST_APPROVER.equals(allowed)) {
                if (p.has(Scope.APPROVER) && approvers.includes(exchange.getMessage().getHeader("reference", String.class), p.id())) return;
            } else if (p.has(Scope.of(allowed))) {
                return;
            }
        }
        LOG.warn("refused {} {} to {}: needs {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD), exchange.getMessage().getHeader(Exchange.HTTP_PATH),
                p.actor(), rule.allowed());
        throw new Refused(403, "your key does not allow this (it needs one of: " + String.join(", ", rule.allowed()) + ")", 0);
    }

    /** A refusal: the status with a short reason; a page for links, JSON for the API. */
    private static void answer(Exchange exchange, Refused r) {
        Message m = exchange.getMessage();
        boolean page = m.getHeader("token") != null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.status);
        body.put("error", r.getMessage());
        if (r.status == 404 && page) {
            Pages.html(exchange, 404, "Link not valid", "<p>" + Pages.esc(r.getMessage()) + "</p>");
        } else if (page) Pages.html(exchange, r.status, "Not recorded", "<p>" + Pages.esc(r.getMessage()) + "</p>");
        else Responses.json(exchange, r.status, body);
        if (r.status == 401) m.setHeader("WWW-Authenticate", "Bearer");
        if (r.retryAfter > 0) m.setHeader("Retry-After", String.valueOf(r.retryAfter));
    }

    /**
     * onException for what no route handled: the database being away is 503 with Retry-After;
     * anything else is logged once, with an id that the caller gets too, instead of Camel's empty 500.
     */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (Unavailable.answered(exchange, e)) return;
        Map<String, Object> body = new LinkedHashMap<>();
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("error {} in {} {}: {}", id, exchange.getMessage().getHeader(Exchange.HTTP_METHOD), exchange.getFromRouteId(), String.valueOf(e), e);
        body.put("status", 500);
        body.put("error", "the hub could not answer this request; the operators can find it in the log under id " + id);
        body.put("errorId", id);
        Responses.json(exchange, 500, body);
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
