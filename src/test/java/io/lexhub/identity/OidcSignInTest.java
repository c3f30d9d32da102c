package io.lexhub.identity;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.MutableClockConfiguration;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import io.lexhub.support.TestSigningKeys;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Issue 18, items 2 and 4: people sign in by OpenID Connect against a real provider started on
 * loopback (mock-oauth2-server), driven as a browser would (redirects followed by hand, cookies
 * kept), and the session that results is what the gate accepts, until it ends.
 */
@CamelMainTest(configurationClasses = {MutableClockConfiguration.class, HubConfiguration.class},
        propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcSignInTest {

    static final String CLIENT = "lexhub-test";
    static final KeyProvider KEYS = new KeyProvider(TestSigningKeys.forProvider(), "RS256");
    static final MockOAuth2Server PROVIDER = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(KEYS)));
    static final TestHub HUB;

    static {
        MutableClockConfiguration.CLOCK.set(Instant.now());
        PROVIDER.start();
        HUB = TestHub.prepare("oidc");
        System.setProperty("lexhub.auth.oidc.issuer", PROVIDER.issuerUrl("default").toString());
        System.setProperty("lexhub.auth.oidc.client-id", CLIENT);
        System.setProperty("lexhub.auth.oidc.client-secret", "test-client-secret");
        System.setProperty("lexhub.auth.oidc.role-claim", "groups");
        System.setProperty("lexhub.auth.oidc.role-map", "lexhub-desk: desk; lexhub-audit: audit");
        System.setProperty("lexhub.auth.session.idle-minutes", "30");
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

    @BeanInject
    Database database;
    Sql sql;

    @BeforeEach
    void prepare() {
        sql = new Sql(database);
        // the provider stamps ID tokens with the real time; the hub's clock is kept next to it, or a slow
        // machine leaves it more than the minute of skew behind and a fresh token looks issued in the future
        MutableClockConfiguration.CLOCK.set(Instant.now());
    }

    @AfterAll
    void stop() {
        PROVIDER.shutdown();
        HUB.close();
        for (String k : List.of("issuer", "client-id", "client-secret", "role-claim", "role-map")) System.clearProperty("lexhub.auth.oidc." + k);
        System.clearProperty("lexhub.auth.session.idle-minutes");
    }

    /** A browser: follows nothing by itself, keeps the hub's cookies. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> send(String method, URI uri, String form, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form));
            if (form != null) b.header("Content-Type", "application/x-www-form-urlencoded");
            boolean hub = uri.getPort() == HUB.httpPort;
            if (hub && !cookies.isEmpty()) {
                b.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            if (headers.length > 0) b.headers(headers);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (hub) {
                for (String set : r.headers().allValues("Set-Cookie")) {
                    String pair = set.split(";", 2)[0];
                    String name = pair.substring(0, pair.indexOf('='));
                    if (set.contains("Max-Age=0")) cookies.remove(name);
                    else cookies.put(name, pair.substring(pair.indexOf('=') + 1));
                }
            }
            return r;
        }

        HttpResponse<String> get(String path, String... headers) throws Exception {
            return send("GET", hub(path), null, headers);
        }
    }

    static URI hub(String path) {
        return URI.create("http://127.0.0.1:" + HUB.httpPort + path);
    }

    /** What the provider will put into the next token it issues for this person. */
    static void nextPerson(String subject, Map<String, Object> claims, long expirySeconds) {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT), claims, expirySeconds));
    }

    static void nextPerson(String email, String... groups) {
        nextPerson("sub-" + email.substring(0, email.indexOf('@')), Map.of("email", email, "email_verified", true, "groups", List.of(groups)), 3600);
    }

    /** /sign-in -> the provider (its authorize URL possibly tampered with) -> /auth/callback (possibly tampered with): the hub's answer. */
    static HttpResponse<String> signIn(Browser b, UnaryOperator<String> toProvider, UnaryOperator<String> back) throws Exception {
        HttpResponse<String> page = b.get("/sign-in");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).as("the provider's button beside the sign-in link form").contains("href=\"/sign-in/oidc\"", "action=\"/sign-in\"");
        HttpResponse<String> start = b.get("/sign-in/oidc");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        String authorize = start.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(PROVIDER.issuerUrl("default").toString()).contains("code_challenge_method=S256", "nonce=", "state=",
                "redirect_uri=" + URLEncoder.encode("http://127.0.0.1:" + HUB.httpPort + "/auth/callback", StandardCharsets.UTF_8));
        assertThat(start.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("lexhub_signin=").contains("HttpOnly", "SameSite=Lax"));
        HttpResponse<String> atProvider = b.send("GET", URI.create(toProvider.apply(authorize)), null);
        assertThat(atProvider.statusCode()).as(atProvider.body()).isEqualTo(302);
        String callback = atProvider.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith("http://127.0.0.1:" + HUB.httpPort + "/auth/callback?");
        return b.send("GET", URI.create(back.apply(callback)), null);
    }

    static HttpResponse<String> signIn(Browser b) throws Exception {
        return signIn(b, u -> u, u -> u);
    }

    static Browser signedIn(String email, String... groups) throws Exception {
        Browser b = new Browser();
        nextPerson(email, groups);
        HttpResponse<String> done = signIn(b);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/");
        assertThat(b.cookies).containsKey("lexhub_session").doesNotContainKey("lexhub_signin");
        return b;
    }

    static String replaceParam(String url, String name, String value) {
        return url.replaceFirst("([?&]" + name + "=)[^&]*", "$1" + value);
    }

    String lastFailure() {
        List<String> f = sql.strings("SELECT payload FROM audit_events WHERE event_type = 'session.sign-in-failed' ORDER BY seq DESC");
        return f.isEmpty() ? "" : f.get(0);
    }

    @Test
    void aPersonSignsInSeesWhoTheyAreAndReadsWhatTheirRolesAllow() throws Exception {
        assertThat(new Browser().get("/").statusCode()).as("not signed in").isEqualTo(303);
        assertThat(new Browser().get("/").headers().firstValue("Location")).hasValue("/sign-in");

        Browser alice = signedIn("alice.moreau@meridian-software.example");
        HttpResponse<String> home = alice.get("/");
        assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as <strong>Alice Moreau</strong> (licensing)").containsPattern(CSRF);
        assertThat(home.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("default-src 'none'"));
        assertThat(home.headers().firstValue("Cache-Control")).hasValue("no-store");
        String secret = alice.cookies.get("lexhub_session");
        assertThat(sql.count("SELECT COUNT(*) FROM sessions WHERE secret_hash = ?", io.lexhub.intake.ContentHash.sha256(secret.getBytes()))).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM sessions WHERE secret_hash = ?", secret)).as("only the hash is stored").isZero();
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'session.signed-in'"))
                .anySatisfy(a -> assertThat(a).startsWith("oidc:alice.moreau(ses_"));

        // a request Alice approves at level 1 (licensing): her session reads it, as her key would
        HttpResponse<String> created = HUB.post("/api/requests", "application/json",
                request("CUST-OIDC-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        assertThat(alice.get("/api/requests/" + ref).statusCode()).isEqualTo(200);
        // Olga (audit owner, not an approver of it) without the provider's audit group: refused; with it: allowed
        HttpResponse<String> olga = signedIn("olga.nilsen@meridian-software.example").get("/api/requests/" + ref);
        assertThat(olga.statusCode()).as(olga.body()).isEqualTo(403);
        assertThat(olga.body()).contains("your account does not allow this");
        assertThat(signedIn("olga.nilsen@meridian-software.example", "lexhub-audit", "unrelated").get("/api/requests/" + ref).statusCode()).isEqualTo(200);
        // a session counts only where a route takes one: not on key-only routes
        assertThat(signedIn("grace.lin@meridian-software.example", "lexhub-desk").get("/api/quarantine").statusCode()).isEqualTo(401);
        // without lexhub.auth.oidc.api-audience the provider's tokens are no credential for the API (issue 18.5 is off)
        String token = PROVIDER.issueToken("default", "crm-sync", new DefaultOAuth2TokenCallback("default", "crm-sync", "JWT", List.of("api://lexhub"),
                Map.of("scope", "lexhub.intake"), 3600)).serialize();
        HttpResponse<String> asKey = HUB.get("/api/quarantine", "Authorization", "Bearer " + token);
        assertThat(asKey.statusCode()).isEqualTo(401);
        assertThat(asKey.body()).contains("API key is not valid");
    }

    @Test
    void aWrongStateIsRefusedAndAudited() throws Exception {
        Browser b = new Browser();
        nextPerson("alice.moreau@meridian-software.example");
        HttpResponse<String> r = signIn(b, u -> u, u -> replaceParam(u, "state", "forged-state"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(b.cookies).doesNotContainKey("lexhub_session");
        assertThat(lastFailure()).contains("wrong state");
        // the callback of a browser that never started a sign-in
        HttpResponse<String> stranger = new Browser().get("/auth/callback?code=abc&state=xyz");
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(lastFailure()).contains("no sign-in under way");
    }

    @Test
    void anIdTokenForAnotherSignInIsRefused() throws Exception {
        // the provider is asked with another nonce than this browser's: its ID token does not belong to this sign-in
        Browser b = new Browser();
        nextPerson("alice.moreau@meridian-software.example");
        HttpResponse<String> r = signIn(b, u -> replaceParam(u, "nonce", "replayed-nonce"), u -> u);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(b.cookies).doesNotContainKey("lexhub_session");
        assertThat(lastFailure()).contains("nonce");
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        Browser b = new Browser();
        nextPerson("sub-alice", Map.of("email", "alice.moreau@meridian-software.example"), -600);
        HttpResponse<String> r = signIn(b);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(lastFailure()).containsIgnoringCase("expired");
    }

    @Test
    void aPersonWhoIsNotInTheDirectoryIsRefusedAndAudited() throws Exception {
        Browser b = new Browser();
        nextPerson("mallory@elsewhere.example");
        HttpResponse<String> r = signIn(b);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("not one of this hub");
        assertThat(b.cookies).doesNotContainKey("lexhub_session");
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'session.sign-in-failed'")).contains("oidc:mallory@elsewhere.example");
        // an address the provider has not verified names nobody either
        nextPerson("sub-x", Map.of("email", "alice.moreau@meridian-software.example", "email_verified", false), 3600);
        assertThat(signIn(new Browser()).statusCode()).isEqualTo(403);
    }

    @Test
    void aRotatedSigningKeyIsFetchedAgain() throws Exception {
        signedIn("bruno.silva@meridian-software.example");   // the hub has the provider's keys now
        String before = jwks();
        rotateProviderKey();
        assertThat(jwks()).isNotEqualTo(before);
        Browser b = signedIn("bruno.silva@meridian-software.example");
        assertThat(b.get("/").body()).contains("Signed in as <strong>Bruno Silva</strong>");
    }

    @Test
    void anIdleSessionEnds() throws Exception {
        Browser b = signedIn("elena.rossi@meridian-software.example");
        assertThat(b.get("/").statusCode()).isEqualTo(200);
        MutableClockConfiguration.CLOCK.advance(Duration.ofMinutes(20));
        assertThat(b.get("/").statusCode()).as("used within the idle time").isEqualTo(200);
        MutableClockConfiguration.CLOCK.advance(Duration.ofMinutes(31));
        HttpResponse<String> after = b.get("/");
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).hasValue("/sign-in");
        assertThat(sql.strings("SELECT ended_reason FROM sessions WHERE person_id = 'elena.rossi' AND state = 'ENDED'")).contains("idle-timeout");
    }

    @Test
    void signOutNeedsTheFormsTokenFromTheHubsOwnPageAndEndsTheSession() throws Exception {
        Browser b = signedIn("farid.haddad@meridian-software.example", "lexhub-desk");
        HttpResponse<String> home = b.get("/");
        Matcher m = CSRF.matcher(home.body());
        assertThat(m.find()).isTrue();
        String csrf = m.group(1);
        String origin = "http://127.0.0.1:" + HUB.httpPort;
        assertThat(b.send("POST", hub("/sign-out"), "x=1", "Origin", origin).statusCode()).as("no token").isEqualTo(403);
        assertThat(b.send("POST", hub("/sign-out"), "csrf=" + "A".repeat(43), "Origin", origin).statusCode()).as("wrong token").isEqualTo(403);
        assertThat(b.send("POST", hub("/sign-out"), "csrf=" + csrf, "Origin", "https://evil.example").statusCode()).as("other origin").isEqualTo(403);
        assertThat(b.send("POST", hub("/sign-out"), "csrf=" + csrf, "Sec-Fetch-Site", "cross-site").statusCode()).as("cross-site").isEqualTo(403);
        // Origin: null (what a browser sends under the pages' Referrer-Policy: no-referrer) counts only with Sec-Fetch-Site: same-origin
        assertThat(b.send("POST", hub("/sign-out"), "csrf=" + csrf, "Origin", "null").statusCode()).as("null origin alone").isEqualTo(403);
        assertThat(b.send("POST", hub("/sign-out"), "csrf=" + csrf, "Origin", "null", "Sec-Fetch-Site", "cross-site").statusCode())
                .as("null origin, cross-site").isEqualTo(403);
        assertThat(b.get("/").statusCode()).as("still signed in").isEqualTo(200);

        String old = b.cookies.get("lexhub_session");
        HttpResponse<String> out = b.send("POST", hub("/sign-out"), "csrf=" + URLDecoder.decode(csrf, StandardCharsets.UTF_8), "Origin", origin,
                "Sec-Fetch-Site", "same-origin");
        assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
        assertThat(out.body()).contains("You are signed out");
        assertThat(b.cookies).doesNotContainKey("lexhub_session");
        assertThat(sql.strings("SELECT actor FROM audit_events WHERE event_type = 'session.signed-out'"))
                .anySatisfy(a -> assertThat(a).startsWith("oidc:farid.haddad(ses_"));
        // the old cookie, presented again (another tab, a copy): refused
        b.cookies.put("lexhub_session", old);
        assertThat(b.get("/").statusCode()).isEqualTo(303);
        assertThat(b.get("/api/requests/EXC-2026-000001").statusCode()).isEqualTo(401);
        assertThat(b.send("POST", hub("/sign-out"), "csrf=" + csrf, "Origin", origin).statusCode()).isEqualTo(401);
    }

    static String jwks() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(PROVIDER.jwksUrl("default").uri()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** mock-oauth2-server 2.2.1 has no rotation call: its key provider forgets the issuer's key and makes a new one on the next use. */
    static void rotateProviderKey() throws Exception {
        java.lang.reflect.Field f = KeyProvider.class.getDeclaredField("signingKeys");
        f.setAccessible(true);
        ((Map<?, ?>) f.get(KEYS)).clear();
    }
}
