package io.lexhub.access.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.lexhub.store.Json;
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

    private record Metadata(String issuer, URI authorization, URI token, URI jwks) {}

    private final OidcSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private volatile Metadata metadata;
    private volatile JWKSet keys;

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
