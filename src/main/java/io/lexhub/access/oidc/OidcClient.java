package io.lexhub.access.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.lexhub.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub as an OpenID Connect relying party (authorization code flow with PKCE): the provider's
 * metadata from {@code <issuer>/.well-known/openid-configuration}, the URL that sends a browser
 * to sign in, the code exchanged for tokens at the token endpoint (back channel, client secret),
 * and the ID token validated with nimbus-jose-jwt against the provider's JWKS: signature (an
 * asymmetric algorithm only), issuer, audience (and azp when there are several), expiry with a
 * minute's skew, the nonce of this sign-in. A token whose key is not among the cached ones (an
 * unknown kid, or a key replaced under the same kid) makes the JWKS be fetched again, once.
 */
public final class OidcClient {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.access");
    /** Asymmetric signatures only: never HS* (a key shared with the client) nor none. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
            JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final int MAX_ANSWER = 1 << 20;

    /** Why a sign-in is refused (said to the audit trail and the person; never carries a token). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The provider cannot be asked (discovery document, JWKS): not the caller's fault, so a system's
     * call is answered 503 and not counted as a failed credential.
     */
    public static final class Unreachable extends Exception {
        public Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * An access token's unknown key makes the JWKS be fetched again at most this often: unlike an
     * ID token (which only comes over the back channel), anyone can present an access token, and
     * a stream of made-up key ids must not become a stream of calls to the provider.
     */
    static final Duration ACCESS_TOKEN_REFETCH = Duration.ofSeconds(30);
    /** The JOSE types an access token may declare (RFC 9068 section 2.1), or none / plain JWT as Keycloak and Entra ID send. */
    static final Set<JOSEObjectType> ACCESS_TOKEN_TYPES = Set.of(new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), JOSEObjectType.JWT);

    private record Metadata(String issuer, URI authorization, URI token, URI jwks) {}

    private final OidcSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private volatile Metadata metadata;
    private volatile JWKSet keys;
    private volatile java.time.Instant keysFetchedAt;

    public OidcClient(OidcSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public OidcSettings settings() {
        return settings;
    }

    /** Where the browser goes to sign in: the provider's authorization endpoint with state, nonce and the PKCE challenge. */
    public URI authorizationUrl(String state, String nonce, String verifier) throws Refused {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", settings.redirectUri());
        q.put("scope", settings.scopes());
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", challenge(verifier));
        q.put("code_challenge_method", "S256");
        URI base = metadata().authorization();
        return URI.create(base + (base.getQuery() == null ? "?" : "&") + form(q));
    }

    /** The code from the callback exchanged for tokens; the validated claims of the ID token. */
    public JWTClaimsSet signIn(String code, String verifier, String nonce) throws Refused {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", settings.redirectUri());
        body.put("code_verifier", verifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(metadata().token()).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (settings.clientSecret() != null) {
            // client_secret_basic (RFC 6749 2.3.1: both parts form-encoded first)
            String basic = enc(settings.clientId()) + ":" + enc(settings.clientSecret());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", settings.clientId());
        }
        JsonNode answer = call(request.POST(HttpRequest.BodyPublishers.ofString(form(body))).build(), "token endpoint");
        String idToken = answer.path("id_token").asText(null);
        if (idToken == null) throw new Refused("the provider's token answer has no ID token");
        return validate(idToken, nonce);
    }

    /** The ID token's claims, if it is what this sign-in expects (see the class comment). */
    JWTClaimsSet validate(String idToken, String nonce) throws Refused {
        JWKSet current = keys == null ? fetchKeys() : keys;
        try {
            return process(idToken, nonce, current);
        } catch (BadJWTException e) {
            throw new Refused("the ID token is not valid: " + e.getMessage());
        } catch (BadJOSEException e) {
            // no key (an unknown kid) or a signature that none of the cached keys verifies: the provider may have rotated its keys
            LOG.info("an ID token's signing key is not among the cached ones ({}): fetching the provider's keys again", e.getMessage());
            try {
                return process(idToken, nonce, fetchKeys());
            } catch (BadJOSEException again) {
                throw new Refused("the ID token is not valid: " + again.getMessage());
            }
        }
    }

    private JWTClaimsSet process(String idToken, String nonce, JWKSet jwks) throws BadJOSEException, Refused {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(jwks)));
        JWTClaimsSet exact = new JWTClaimsSet.Builder().issuer(metadata().issuer()).claim("nonce", nonce).build();
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(settings.clientId()), exact,
                Set.of("sub", "iat", "exp"), Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet set;
        try {
            set = processor.process(idToken, null);
        } catch (ParseException e) {
            throw new Refused("the ID token cannot be read: " + e.getMessage());
        } catch (JOSEException e) {
            throw new Refused("the ID token cannot be checked: " + e.getMessage());
        }
        // several audiences: the token must have been issued to this client (OpenID Connect Core 3.1.3.7)
        if (set.getAudience().size() > 1 && !settings.clientId().equals(claimString(set, "azp"))) {
            throw new BadJWTException("several audiences and azp is not this client");
        }
        return set;
    }

    /**
     * A system's access token (issue 18.5), checked as the ID token is but for the API: signature
     * by the provider's keys (asymmetric only; an unknown key fetches the JWKS again, at most every
     * {@link #ACCESS_TOKEN_REFETCH}), {@code iss} the provider's, {@code aud} containing
     * {@code lexhub.auth.oidc.api-audience}, {@code exp} in the future and {@code nbf} past (a
     * minute's skew, the hub's clock), the JOSE type absent, {@code JWT} or {@code at+jwt}; and no
     * ID token: none with a {@code nonce}, none typed {@code ID} by its {@code typ} claim (Keycloak),
     * none addressed to the sign-in client alone. The claims, or why not (never the token itself).
     */
    public JWTClaimsSet accessToken(String token) throws Refused, Unreachable {
        String audience = settings.apiAudience();
        if (audience == null) throw new Refused("access tokens are not taken here");
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new Refused("the access token cannot be read as a signed JWT");
        }
        JOSEObjectType type = jwt.getHeader().getType();
        if (type != null && ACCESS_TOKEN_TYPES.stream().noneMatch(t -> t.toString().equalsIgnoreCase(type.toString()))) {
            throw new Refused("the token's type is " + type + ", not an access token (at+jwt)");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw new Refused("the access token is signed with " + jwt.getHeader().getAlgorithm() + ", not an asymmetric algorithm");
        }
        Metadata m = reach(this::metadata);
        JWKSet current = keys == null ? reach(this::fetchKeys) : keys;
        JWTClaimsSet set;
        try {
            set = processAccess(jwt, m, current);
        } catch (BadJWTException e) {
            throw new Refused("the access token is not valid: " + e.getMessage());
        } catch (BadJOSEException e) {
            java.time.Instant last = keysFetchedAt;
            if (last != null && clock.instant().isBefore(last.plus(ACCESS_TOKEN_REFETCH))) {
                throw new Refused("the access token is not valid: " + e.getMessage());
            }
            LOG.info("an access token's signing key is not among the cached ones ({}): fetching the provider's keys again", e.getMessage());
            try {
                set = processAccess(jwt, m, reach(this::fetchKeys));
            } catch (BadJOSEException again) {
                throw new Refused("the access token is not valid: " + again.getMessage());
            }
        }
        Object typ = set.getClaim("typ");
        if (typ != null && !"Bearer".equalsIgnoreCase(typ.toString())) throw new Refused("the token is typed '" + typ + "', not an access token (Bearer)");
        if (set.getAudience().equals(java.util.List.of(settings.clientId()))) throw new Refused("an ID token is not an access token");
        return set;
    }

    private interface ProviderCall<T> {
        T call() throws Refused;
    }

    private static <T> T reach(ProviderCall<T> call) throws Unreachable {
        try {
            return call.call();
        } catch (Refused e) {
            throw new Unreachable(e.getMessage());
        }
    }

    private JWTClaimsSet processAccess(SignedJWT jwt, Metadata m, JWKSet jwks) throws BadJOSEException, Refused {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // the type was checked before (ACCESS_TOKEN_TYPES, compared without regard to case)
        processor.setJWSTypeVerifier((header, context) -> { });
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(jwks)));
        JWTClaimsSet exact = new JWTClaimsSet.Builder().issuer(m.issuer()).build();
        // an ID token carries the nonce of its sign-in; an access token never does
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(settings.apiAudience()), exact, Set.of("exp"), Set.of("nonce")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        });
        try {
            return processor.process(jwt, null);
        } catch (JOSEException e) {
            throw new Refused("the access token cannot be checked: " + e.getMessage());
        }
    }

    private static String claimString(JWTClaimsSet set, String name) {
        Object v = set.getClaim(name);
        return v == null ? null : v.toString();
    }

    private Metadata metadata() throws Refused {
        Metadata m = metadata;
        if (m != null) return m;
        JsonNode doc = call(HttpRequest.newBuilder(URI.create(settings.issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(15)).header("Accept", "application/json").GET().build(), "discovery document");
        String issuer = doc.path("issuer").asText("");
        if (!issuer.replaceAll("/+$", "").equals(settings.issuer())) {
            throw new Refused("the provider's discovery document names the issuer '" + issuer + "', not " + settings.issuer());
        }
        try {
            m = new Metadata(issuer, URI.create(doc.path("authorization_endpoint").asText()), URI.create(doc.path("token_endpoint").asText()),
                    URI.create(doc.path("jwks_uri").asText()));
        } catch (IllegalArgumentException e) {
            throw new Refused("the provider's discovery document lacks an endpoint: " + e.getMessage());
        }
        metadata = m;
        return m;
    }

    private JWKSet fetchKeys() throws Refused {
        JsonNode doc = call(HttpRequest.newBuilder(metadata().jwks()).timeout(Duration.ofSeconds(15)).header("Accept", "application/json").GET().build(),
                "JWKS");
        try {
            JWKSet set = JWKSet.parse(doc.toString());
            keys = set;
            keysFetchedAt = clock.instant();
            return set;
        } catch (ParseException e) {
            throw new Refused("the provider's JWKS cannot be read: " + e.getMessage());
        }
    }

    private JsonNode call(HttpRequest request, String what) throws Refused {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.body().length > MAX_ANSWER) throw new Refused("the provider's " + what + " is too large");
            if (r.statusCode() != 200) {
                String error = "";
                try {
                    error = Json.MAPPER.readTree(r.body()).path("error").asText("");
                } catch (IOException ignored) {
                    // not JSON: the status says enough
                }
                throw new Refused("the provider's " + what + " answered " + r.statusCode() + (error.isEmpty() ? "" : " (" + error + ")"));
            }
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new Refused("the provider's " + what + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted while calling the provider's " + what);
        }
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
