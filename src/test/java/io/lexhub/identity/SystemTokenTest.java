package io.lexhub.identity;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import io.lexhub.support.TestSigningKeys;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 18, item 5: systems call the API with access tokens from the hub's OpenID provider (a real
 * mock-oauth2-server on loopback), validated against its JWKS, their scopes mapped by
 * lexhub.auth.oidc.api-scope-map; every kind of wrong token is refused with invalid_token.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemTokenTest {

    static final String SIGN_IN_CLIENT = "lexhub-test";
    static final String AUDIENCE = "api://lexhub";
    static final KeyProvider KEYS = new KeyProvider(TestSigningKeys.forProvider(), "RS256");
    static final MockOAuth2Server PROVIDER = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(KEYS)));
    static final TestHub HUB;
    static final List<String> SETTINGS = List.of("issuer", "client-id", "client-secret", "api-audience", "api-scope-map");

    static {
        MutableClockConfiguration.CLOCK.set(Instant.now());
        PROVIDER.start();
        HUB = TestHub.prepare("systemtokens");
        System.setProperty("lexhub.auth.oidc.issuer", PROVIDER.issuerUrl("default").toString());
        System.setProperty("lexhub.auth.oidc.client-id", SIGN_IN_CLIENT);
        System.setProperty("lexhub.auth.oidc.client-secret", "test-client-secret");
        System.setProperty("lexhub.auth.oidc.api-audience", AUDIENCE);
        System.setProperty("lexhub.auth.oidc.api-scope-map", "lexhub.intake: intake; lexhub.metrics: metrics; lexhub.desk: desk");
    }

    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;
    Sql sql;

    @BeforeEach
    void prepare() {
        sql = new Sql(database);
        // the provider stamps tokens with the real time; the hub's clock is kept next to it
        MutableClockConfiguration.CLOCK.set(Instant.now());
    }

    @AfterAll
    void stop() {
        PROVIDER.shutdown();
        HUB.close();
        for (String k : SETTINGS) System.clearProperty("lexhub.auth.oidc." + k);
    }

    /** A token from the provider for this client, with these claims, audiences and lifetime. */
    static String token(String client, Map<String, Object> claims, List<String> audience, long expirySeconds) {
        Map<String, Object> all = new HashMap<>(claims);
        all.putIfAbsent("client_id", client);
        return PROVIDER.issueToken("default", client, new DefaultOAuth2TokenCallback("default", client, "JWT", audience, all, expirySeconds)).serialize();
    }

    static String token(String client, String scope) {
        return token(client, Map.of("scope", scope), List.of(AUDIENCE), 3600);
    }

    /** What an integration does: client credentials at the provider's token endpoint. */
    static String clientCredentials(String client, String scope) throws Exception {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback("default", client, "JWT", List.of(AUDIENCE), Map.of("scope", scope, "client_id", client), 3600));
        String basic = Base64.getEncoder().encodeToString((client + ":secret").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(PROVIDER.tokenEndpointUrl("default").uri())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope.replace(" ", "+"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        return HUB.get(path, "Authorization", "Bearer " + token);
    }

    static HttpResponse<String> submit(String externalId, String token) throws Exception {
        return HUB.post("/api/requests", "application/json",
                request(externalId, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null).getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + token);
    }

    static void assertInvalidToken(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"status\":401", "access token is not valid");
    }

    @Test
    void anIntakeSystemSubmitsWithItsTokenAndIsNamedInTheAuditTrail() throws Exception {
        String token = clientCredentials("crm-sync", "lexhub.intake profile");
        HttpResponse<String> created = submit("CUST-SYS-1", token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        String received = sql.strings("SELECT payload FROM audit_events WHERE event_type = 'request.received' AND request_ref = ?", ref).get(0);
        assertThat(JSON.readTree(received).path("submitter").path("principal").asText()).isEqualTo("oauth2:crm-sync");
        assertThat(JSON.readTree(received).path("submitter").path("how").asText()).startsWith("access token ");
        // intake only: the quarantine is the desk's
        HttpResponse<String> quarantine = get("/api/quarantine", token);
        assertThat(quarantine.statusCode()).as(quarantine.body()).isEqualTo(403);
        assertThat(quarantine.body()).contains("needs one of");
    }

    @Test
    void aMetricsScraperReadsTheHealthAndNothingMore() throws Exception {
        String token = token("metrics-scraper", "lexhub.metrics");
        HttpResponse<String> health = get("/api/health", token);
        assertThat(health.statusCode()).as(health.body()).isIn(200, 503);
        assertThat(health.body()).doesNotContain("\"status\":401", "\"status\":403");
        assertThat(submit("CUST-SYS-2", token).statusCode()).isEqualTo(403);
        // scopes the map does not name grant nothing, nor does a scope array (scp) that names none of them
        assertThat(get("/api/health", token("metrics-scraper", "openid lexhub.approve approver")).statusCode()).isEqualTo(403);
        assertThat(get("/api/health", token("metrics-scraper", Map.of("scp", List.of("lexhub.metrics")), List.of(AUDIENCE), 3600)).statusCode())
                .as("scp as an array").isIn(200, 503);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        assertInvalidToken(get("/api/health", token("metrics-scraper", Map.of("scope", "lexhub.metrics"), List.of(AUDIENCE), -600)));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        assertInvalidToken(get("/api/health", token("metrics-scraper", Map.of("scope", "lexhub.metrics"), List.of("api://other-app"), 3600)));
    }

    @Test
    void anIdTokenIsNoAccessToken() throws Exception {
        long requests = sql.count("SELECT COUNT(*) FROM requests");
        // what the sign-in gets: the sign-in client as audience, the sign-in's nonce
        assertInvalidToken(submit("CUST-SYS-3", token(SIGN_IN_CLIENT, Map.of("nonce", "n-0S6_WzA2Mj", "scope", "lexhub.intake"), List.of(SIGN_IN_CLIENT), 3600)));
        // with the API's audience too: still an ID token (nonce)
        assertInvalidToken(submit("CUST-SYS-3", token(SIGN_IN_CLIENT, Map.of("nonce", "n-0S6_WzA2Mj", "scope", "lexhub.intake"),
                List.of(SIGN_IN_CLIENT, AUDIENCE), 3600)));
        // Keycloak's way of saying so
        assertInvalidToken(submit("CUST-SYS-3", token("crm-sync", Map.of("typ", "ID", "scope", "lexhub.intake"), List.of(AUDIENCE), 3600)));
        assertThat(sql.count("SELECT COUNT(*) FROM requests")).isEqualTo(requests);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        long requests = sql.count("SELECT COUNT(*) FROM requests");
        SignedJWT genuine = SignedJWT.parse(token("crm-sync", "lexhub.intake"));
        JWTClaimsSet claims = genuine.getJWTClaimsSet();
        // another RSA key, once under a key id of its own and once under the provider's
        RSAKey rogue = TestSigningKeys.stranger();
        for (String kid : List.of("rogue", genuine.getHeader().getKeyID())) {
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
            forged.sign(new RSASSASigner(rogue));
            assertInvalidToken(submit("CUST-SYS-4", forged.serialize()));
        }
        // a second provider's genuine token, naming this provider as issuer
        MockOAuth2Server other = new MockOAuth2Server();
        other.start();
        try {
            SignedJWT theirs = other.issueToken("default", "crm-sync", new DefaultOAuth2TokenCallback("default", "crm-sync", "JWT", List.of(AUDIENCE),
                    Map.of("scope", "lexhub.intake", "iss", claims.getIssuer()), 3600));
            assertInvalidToken(submit("CUST-SYS-4", theirs.serialize()));
        } finally {
            other.shutdown();
        }
        // HMAC with a secret anyone could have, and alg none: never
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(genuine.getHeader().getKeyID()).build(), claims);
        hmac.sign(new MACSigner("x".repeat(32).getBytes(StandardCharsets.UTF_8)));
        assertInvalidToken(submit("CUST-SYS-4", hmac.serialize()));
        String none = new com.nimbusds.jwt.PlainJWT(claims).serialize();
        assertThat(submit("CUST-SYS-4", none).statusCode()).isEqualTo(401);
        assertThat(sql.count("SELECT COUNT(*) FROM requests")).isEqualTo(requests);
    }

    @Test
    void aRotatedProviderKeyWorksAfterOneRefetch() throws Exception {
        assertThat(submit("CUST-SYS-5", token("crm-sync", "lexhub.intake")).statusCode()).isEqualTo(201);   // the hub holds the keys now
        String before = jwks();
        rotateProviderKey();
        String rotated = token("crm-sync", "lexhub.intake");
        assertThat(jwks()).isNotEqualTo(before);
        // the keys are fetched again at most every 30 s for access tokens (anyone can present one)
        MutableClockConfiguration.CLOCK.set(Instant.now().plusSeconds(31));
        HttpResponse<String> after = submit("CUST-SYS-6", rotated);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
    }

    static void rotateProviderKey() throws Exception {
        java.lang.reflect.Field f = KeyProvider.class.getDeclaredField("signingKeys");
        f.setAccessible(true);
        ((Map<?, ?>) f.get(KEYS)).clear();
    }

    static String jwks() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(PROVIDER.jwksUrl("default").uri()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
