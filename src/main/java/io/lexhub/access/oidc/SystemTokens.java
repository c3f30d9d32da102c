package io.lexhub.access.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import io.lexhub.access.Principal;
import io.lexhub.access.Scope;
import io.lexhub.intake.ContentHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Systems calling the API with an access token from the hub's OpenID provider (issue 18.5,
 * docs/identity.md "Systems"): the token validated by {@link OidcClient#accessToken}, its scopes
 * ({@code scope}, {@code scp}, or Entra ID's app roles in {@code roles}) mapped by
 * {@code lexhub.auth.oidc.api-scope-map}, and the {@link Principal} of the client: method
 * {@code oauth2}, id its {@code client_id} (or {@code azp}, {@code appid}, {@code sub}), credential
 * the token's {@code jti} (or the first 12 hex digits of the token's SHA-256). A scope the map does
 * not name grants nothing; {@code approver} is never granted to a system (the settings refuse to map
 * it): people decide, not integrations.
 */
public final class SystemTokens {

    /** A JWS in compact form: three base64url parts (an lxk_ key never has a dot). */
    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    /** What an id or a jti may look like to be written into the audit trail as it is. */
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private final OidcClient client;

    public SystemTokens(OidcClient client) {
        this.client = client;
    }

    public static boolean looksLikeJws(String credential) {
        return credential != null && credential.length() <= 16_384 && JWS.matcher(credential).matches();
    }

    /** The client the token names, with the scopes it maps to; or why the token is refused. */
    public Principal authenticate(String token) throws OidcClient.Refused, OidcClient.Unreachable {
        JWTClaimsSet claims = client.accessToken(token);
        String id = null;
        for (String claim : List.of("client_id", "azp", "appid", "sub")) {
            Object v = claims.getClaim(claim);
            if (v instanceof String s && PRINTABLE.matcher(s).matches()) {
                id = s;
                break;
            }
        }
        if (id == null) throw new OidcClient.Refused("the access token names no client (client_id, azp or sub)");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String granted : granted(claims)) {
            Set<Scope> mapped = client.settings().apiScopeMap().get(granted);
            if (mapped != null) scopes.addAll(mapped);
        }
        scopes.remove(Scope.APPROVER);
        String jti = claims.getJWTID();
        String credential = jti != null && PRINTABLE.matcher(jti).matches() ? jti
                : "at_" + ContentHash.sha256(token.getBytes(StandardCharsets.US_ASCII)).substring(0, 12);
        return new Principal(id, Principal.OAUTH2, credential, Set.copyOf(scopes));
    }

    /** The provider's scope names: {@code scope} (space-separated, RFC 9068), {@code scp} (string or list), {@code roles} (list: Entra ID app roles). */
    public static List<String> granted(JWTClaimsSet claims) {
        List<String> names = new ArrayList<>();
        for (String claim : List.of("scope", "scp", "roles")) {
            Object v = claims.getClaim(claim);
            if (v instanceof String s) {
                for (String n : s.trim().split("\\s+")) if (!n.isEmpty()) names.add(n);
            } else if (v instanceof Collection<?> c) {
                for (Object n : c) if (n instanceof String s && !s.isBlank()) names.add(s.strip());
            }
        }
        return names;
    }
}
