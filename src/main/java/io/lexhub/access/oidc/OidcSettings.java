package io.lexhub.access.oidc;

import io.lexhub.access.Scope;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * lexhub.auth.oidc.* (docs/identity.md). Sign-in by OpenID Connect is on when an issuer is set.
 *
 * @param claim    which claim of the ID token names the person in approvers.yaml: {@code email}
 *                 (their address) or {@code sub} (their {@code oidcSubject})
 * @param roleClaim the claim holding the provider's groups or roles (absent: none are read)
 * @param roleMap  group -> the scopes it grants ({@code lexhub-desk: desk; lexhub-audit: audit})
 * @param apiAudience the audience an access token of a system must name to be taken by the API
 *                 (absent: systems' access tokens are off, and a JWT is an unknown credential)
 * @param apiScopeMap the provider's scope or app-role name -> the lexhub scopes it grants to a system
 *                 ({@code lexhub.intake: intake; lexhub.metrics: metrics}); never {@code approver}
 */
public record OidcSettings(String issuer, String clientId, String clientSecret, String claim, String roleClaim,
        Map<String, Set<Scope>> roleMap, String scopes, String redirectUri, String apiAudience, Map<String, Set<Scope>> apiScopeMap) {

    public static final String PREFIX = "lexhub.auth.oidc.";

    public boolean enabled() {
        return issuer != null;
    }

    /** Systems may call the API with access tokens from this provider (issue 18.5): an API audience is set. */
    public boolean systemTokens() {
        return apiAudience != null;
    }

    /** The settings, or null when sign-in by OpenID Connect is off; every problem in one start-up error. */
    public static OidcSettings from(Function<String, Optional<String>> p, String publicUrl) {
        Optional<String> issuer = p.apply(PREFIX + "issuer").map(String::strip).filter(s -> !s.isEmpty());
        String apiAudience = p.apply(PREFIX + "api-audience").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        if (issuer.isEmpty()) {
            if (apiAudience != null) throw new IllegalStateException(PREFIX + "api-audience needs " + PREFIX + "issuer (the provider whose access tokens are taken)");
            return null;
        }
        List<String> problems = new ArrayList<>();
        String iss = issuer.get().replaceAll("/+$", "");
        URI u = URI.create(iss);
        boolean loopback = "localhost".equals(u.getHost()) || "127.0.0.1".equals(u.getHost()) || "[::1]".equals(u.getHost());
        if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
            problems.add(PREFIX + "issuer must be an https URL (http only on loopback, for tests)");
        }
        String clientId = p.apply(PREFIX + "client-id").map(String::strip).orElse(null);
        if (clientId == null || clientId.isEmpty()) problems.add(PREFIX + "client-id is required with an issuer");
        String secret = p.apply(PREFIX + "client-secret").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        String claim = p.apply(PREFIX + "claim").map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse("email");
        if (!claim.equals("email") && !claim.equals("sub")) problems.add(PREFIX + "claim is email or sub, not '" + claim + "'");
        String roleClaim = p.apply(PREFIX + "role-claim").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        Map<String, Set<Scope>> roleMap = scopeMap(p.apply(PREFIX + "role-map").orElse(""), "role-map", "group", problems);
        if (!roleMap.isEmpty() && roleClaim == null) problems.add(PREFIX + "role-map needs " + PREFIX + "role-claim (the claim that holds the groups)");
        Map<String, Set<Scope>> apiScopeMap = scopeMap(p.apply(PREFIX + "api-scope-map").orElse(""), "api-scope-map", "scope", problems);
        for (Map.Entry<String, Set<Scope>> e : apiScopeMap.entrySet()) {
            // people decide, not integrations: a system's token never carries a decision (docs/identity.md)
            if (e.getValue().contains(Scope.APPROVER)) {
                problems.add(PREFIX + "api-scope-map entry '" + e.getKey() + "' grants approver: a system's access token never decides (approver is for people)");
            }
        }
        if (!apiScopeMap.isEmpty() && apiAudience == null) problems.add(PREFIX + "api-scope-map needs " + PREFIX + "api-audience (the audience of the hub's API at the provider)");
        if (apiAudience != null && apiAudience.equals(clientId)) {
            problems.add(PREFIX + "api-audience must not be the sign-in client id: ID tokens are issued to that audience, and an ID token is no access token");
        }
        String scopes = p.apply(PREFIX + "scopes").map(String::strip).filter(s -> !s.isEmpty()).orElse("openid email profile");
        if (!(" " + scopes + " ").contains(" openid ")) problems.add(PREFIX + "scopes must include openid");
        if (!problems.isEmpty()) throw new IllegalStateException("OpenID Connect settings, " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        return new OidcSettings(iss, clientId, secret, claim, roleClaim, Map.copyOf(roleMap), scopes, publicUrl.replaceAll("/+$", "") + "/auth/callback",
                apiAudience, Map.copyOf(apiScopeMap));
    }

    private static Map<String, Set<Scope>> scopeMap(String value, String setting, String what, List<String> problems) {
        Map<String, Set<Scope>> map = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) continue;
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                problems.add(PREFIX + setting + " entry '" + entry.strip() + "' is not '" + what + ": scope[,scope]'");
                continue;
            }
            try {
                map.put(entry.substring(0, colon).strip(), Scope.parse(entry.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + setting + " entry '" + entry.strip() + "': " + e.getMessage());
            }
        }
        return map;
    }
}
