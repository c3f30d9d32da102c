package io.lexhub.api;

import io.lexhub.access.Scope;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;

/**
 * What each HTTP route requires, as its rest verb declares it in routes/*.camel.yaml (architecture
 * rule 12, the one place):
 *
 * <pre>
 *   security: [{key: apiKey, scopes: "desk,audit,request-approver"}]   a key with one of these
 *   security: [{key: decisionLink}]                                    the mailed link's token in the path
 *   security: [{key: public}]                                          nobody needs to prove anything
 *   security: [{key: session}]                                         a person's session (any signed-in person)
 *   security: [{key: session, scopes: "desk,audit"}]                   a person's session with one of these scopes
 *   security: [{key: apiKey, scopes: "desk,audit"}, {key: session, scopes: "desk,audit"}]
 *                                                                      either credential (a key in the header wins)
 *   security: [{key: signIn}]                                          the sign-in flow's own pages (no credential yet)
 *   security: [{key: webhookSignature}]                                a subscriber's signed callback (Standard Webhooks, docs/events.md)
 *   security: [{key: session, scopes: "customer"}]                     a customer's portal session (the portal's own cookie)
 *   security: [{key: session, scopes: "account-manager"}]              a staff session of an account manager
 *   security: [{key: apiKey, scopes: "policy-owner"}, {key: session, scopes: "policy-owner"}]
 *                                                                      a policy owner (a person's key or session, docs/policy.md)
 * </pre>
 *
 * A state-changing request made with a session also needs the session's CSRF token (the gate checks).
 *
 * {@code request-approver} is the approver scope narrowed to the approvers of the request named
 * by the path's {reference}. A verb without a declaration is a start-up and a validate error.
 */
public final class AccessRules {

    public static final String API_KEY = "apiKey";
    public static final String DECISION_LINK = "decisionLink";
    public static final String PUBLIC = "public";
    public static final String SESSION = "session";
    public static final String SIGN_IN = "signIn";
    public static final String WEBHOOK_SIGNATURE = "webhookSignature";
    public static final String REQUEST_APPROVER = "request-approver";
    /** a staff session of someone holding an account-manager role (docs/portal.md, on behalf of a customer) */
    public static final String ACCOUNT_MANAGER = "account-manager";
    /** a person (approver key or staff session) holding the policy-owner role of approvers.yaml (four eyes, docs/policy.md) */
    public static final String POLICY_OWNER = "policy-owner";

    /**
     * A route's declared access: how the caller proves who they are, and what that must allow;
     * {@code session} the scopes a person's session needs when it takes one too (null: it does not;
     * empty: any signed-in person).
     */
    public record Rule(String route, String key, Set<String> allowed, Set<String> session) {
        public boolean acceptsSession() {
            return session != null;
        }
    }

    private final Map<String, Rule> byVerb;

    private AccessRules(Map<String, Rule> byVerb) {
        this.byVerb = byVerb;
    }

    /** The rules of these rest definitions; every problem (undeclared, unknown scope) in one exception. */
    public static AccessRules of(List<RestDefinition> rests) {
        List<String> problems = problems(rests);
        if (!problems.isEmpty()) throw new IllegalStateException("HTTP routes without a valid access declaration:\n  " + String.join("\n  ", problems));
        Map<String, Rule> rules = new HashMap<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition v : rest.getVerbs()) {
                SecurityDefinition s = v.getSecurity().get(0);
                Set<String> allowed = scopes(s);
                Set<String> session = SESSION.equals(s.getKey()) ? allowed : v.getSecurity().size() == 2 ? scopes(v.getSecurity().get(1)) : null;
                rules.put(verbKey(v.asVerb(), path(rest, v)), new Rule(v.getId() != null ? v.getId() : path(rest, v), s.getKey(), allowed, session));
            }
        }
        return new AccessRules(rules);
    }

    private static Set<String> scopes(SecurityDefinition s) {
        Set<String> allowed = new LinkedHashSet<>();
        if (s.getScopes() != null) for (String x : s.getScopes().split(",")) if (!x.isBlank()) allowed.add(x.strip());
        return allowed;
    }

    /** Each verb that declares no access, more than one, or an unknown key or scope. */
    public static List<String> problems(List<RestDefinition> rests) {
        List<String> problems = new ArrayList<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition v : rest.getVerbs()) {
                String name = v.asVerb().toUpperCase(Locale.ROOT) + " " + path(rest, v) + (v.getId() == null ? "" : " (" + v.getId() + ")");
                List<SecurityDefinition> sec = v.getSecurity();
                boolean pair = sec != null && sec.size() == 2 && API_KEY.equals(sec.get(0).getKey()) && SESSION.equals(sec.get(1).getKey());
                if (sec == null || !(sec.size() == 1 || pair)) {
                    problems.add(name + ": declare exactly one security entry (apiKey with scopes, session, decisionLink, signIn, webhookSignature or public),"
                            + " or apiKey then session");
                    continue;
                }
                for (SecurityDefinition s : sec) {
                    String key = s.getKey();
                    String scopes = s.getScopes();
                    if (API_KEY.equals(key) || SESSION.equals(key)) {
                        if (API_KEY.equals(key) && (scopes == null || scopes.isBlank())) problems.add(name + ": apiKey needs the scopes that may call it");
                        else if (scopes != null) for (String x : scopes.split(",")) {
                            if (x.isBlank() || REQUEST_APPROVER.equals(x.strip()) || ACCOUNT_MANAGER.equals(x.strip()) || POLICY_OWNER.equals(x.strip())) continue;
                            try {
                                Scope.of(x);
                            } catch (IllegalArgumentException e) {
                                problems.add(name + ": " + e.getMessage());
                            }
                        }
                    } else if (!DECISION_LINK.equals(key) && !PUBLIC.equals(key) && !SIGN_IN.equals(key) && !WEBHOOK_SIGNATURE.equals(key)) {
                        problems.add(name + ": unknown security key '" + key + "' (apiKey, session, decisionLink, signIn, webhookSignature or public)");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The rule of the route an exchange came in through, from its consumer endpoint
     * ({@code platform-http:///api/requests/%7Breference%7D?httpMethodRestrict=GET}); null when none is known.
     */
    public Rule forEndpoint(String endpointUri) {
        if (endpointUri == null || !endpointUri.startsWith("platform-http:")) return null;
        String rest = endpointUri.substring("platform-http:".length()).replaceFirst("^//", "");
        int q = rest.indexOf('?');
        String query = q >= 0 ? rest.substring(q + 1) : "";
        String path = URLDecoder.decode(q >= 0 ? rest.substring(0, q) : rest, StandardCharsets.UTF_8);
        for (String param : query.split("&")) {
            if (param.startsWith("httpMethodRestrict=") && !param.contains(",")) {
                return byVerb.get(verbKey(param.substring("httpMethodRestrict=".length()), path));
            }
        }
        return null;
    }

    public int size() {
        return byVerb.size();
    }

    private static String path(RestDefinition rest, VerbDefinition v) {
        String base = rest.getPath() == null ? "" : rest.getPath();
        String p = v.getPath() == null ? "" : v.getPath();
        return (base + (p.isEmpty() || p.startsWith("/") || base.endsWith("/") ? "" : "/") + p).replaceAll("/+", "/");
    }

    private static String verbKey(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }
}
