package io.lexhub.security;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.access.ApiKeys;
import io.lexhub.access.Scope;
import io.lexhub.api.AccessRules;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Cli;
import io.lexhub.support.HubBrowser;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The security review's HTTP findings, each performed black-box against the real routes as an
 * outsider would, then the legitimate path: forging an approval from what the API shows
 * (critical), open routes, keys outside the Authorization header, expired and revoked keys, a
 * decision link posted from elsewhere, and a flood of guessed links.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpAccessTest {

    static final TestHub HUB = TestHub.prepare("access");
    static final ObjectMapper JSON = new ObjectMapper();
    /** A decision link's token as it appears in a URL (43 base64url characters for 256 bits). */
    static final Pattern LIVE_LINK = Pattern.compile("/mail-decisions/[A-Za-z0-9_-]{20,}");

    @BeanInject
    Database database;
    @BeanInject
    CamelContext camel;
    @BeanInject
    ApiKeys keys;
    Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(database);
    }

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    /** Finding 1 (critical), exactly as found: submit a 35 % discount, read the links from the API, approve every level without a key. */
    @Test
    @Order(1)
    void anOutsiderCannotReadTheDecisionLinksNorApprove() throws Exception {
        String intake = HUB.key("crm-connector", "intake");
        String doc = request("CUST-SEC-1", "DISCOUNT", "\"discountPercent\": 35", "2027-03-01", 365, 180000, "INTERNAL", null);
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + intake);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();

        // the attack: read the request (and its review package) without a key, and with the intake client's key
        for (String path : List.of("/api/requests/" + ref, "/api/requests/" + ref + "/review")) {
            HttpResponse<String> anonymous = HUB.anonymous("GET", path, null, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(anonymous.body()).doesNotContain(ref + "/mail-decisions");
            assertThat(HUB.get(path, "Authorization", "Bearer " + intake).statusCode()).isEqualTo(403);
        }

        // the approvers' mails go out with live links; nothing the hub stores or shows holds one
        String text = TestHub.text(HUB.awaitMail(ref, "alice.moreau@meridian-software.example", "Approval needed"));
        String approve = TestHub.link(text, "Approve");
        assertThat(approve).containsPattern(LIVE_LINK);
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE request_ref = ? AND status = 'PENDING'", ref) == 0);
        HttpResponse<String> desk = HUB.get("/api/requests/" + ref);
        assertThat(desk.statusCode()).isEqualTo(200);
        assertThat(desk.body()).doesNotContainPattern(LIVE_LINK).contains("[approve link: issued when this mail is sent]");
        assertThat(HUB.get("/api/requests/" + ref + "/review").body()).doesNotContainPattern(LIVE_LINK);
        assertThat(sql.strings("SELECT body FROM outbox WHERE request_ref = ?", ref)).noneMatch(b -> LIVE_LINK.matcher(b).find());
        // only hashes in the database
        String token = approve.substring(approve.lastIndexOf('/') + 1);
        assertThat(sql.count("SELECT COUNT(*) FROM decision_tokens WHERE request_ref = ? AND token_hash = ?", ref,
                io.lexhub.pipeline.approval.DecisionLinks.hash(token))).isEqualTo(1);

        // guessing is refused and decides nothing
        HttpResponse<String> guessed = HUB.anonymous("POST", "/api/requests/" + ref + "/mail-decisions/" + "A".repeat(43),
                "application/x-www-form-urlencoded", "rationale=approved".getBytes());
        assertThat(guessed.statusCode()).isEqualTo(404);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();

        // the review package is for the desk, audit and this request's approvers: Alice (licensing, level 1) yes, Olga (audit only) no
        assertThat(HUB.get("/api/requests/" + ref + "/review", "Authorization", "Bearer " + HUB.key("alice.moreau", "approver")).statusCode())
                .isEqualTo(200);
        assertThat(HUB.get("/api/requests/" + ref, "Authorization", "Bearer " + HUB.key("olga.nilsen", "approver")).statusCode()).isEqualTo(403);

        // the legitimate path: the approver opens the mailed link and confirms
        String path = approve.substring(approve.indexOf("/api/"));
        HttpResponse<String> page = HUB.anonymous("GET", path, null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> decided = HUB.anonymous("POST", path, "application/x-www-form-urlencoded",
                "rationale=Three-year+commitment".getBytes(), "Origin", "http://127.0.0.1:" + HUB.httpPort, "Sec-Fetch-Site", "same-origin");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(decided.body()).contains("level 1 approved");
        assertThat(sql.strings("SELECT approver_id || ':' || channel FROM approval_votes WHERE request_ref = ?", ref))
                .containsExactly("alice.moreau:mail-link");
    }

    /**
     * Finding 5 and architecture rule 12: every HTTP route the hub has (read from its rest
     * definitions, so a new route is walked too) refuses a call without a credential and one
     * whose key lacks the route's scopes, and lets the right key through; every answer is one the
     * route's description in /api/openapi.json allows.
     */
    @Test
    @Order(2)
    void everyRouteRefusesNoCredentialAndTheWrongScopeAndAdmitsTheRightOne() throws Exception {
        // from here on every answer is checked against the hub's /api/openapi.json too (support/ApiContract)
        HUB.checkAnswersAgainstTheApiContract();
        String ref = submitted("CUST-SEC-2");
        List<RestDefinition> rests = camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
        assertThat(AccessRules.problems(rests)).isEmpty();
        List<String> walked = new ArrayList<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition v : rest.getVerbs()) {
                String method = v.asVerb().toUpperCase(Locale.ROOT);
                String path = (rest.getPath() + v.getPath()).replace("{reference}", ref).replace("{id}", "1").replace("{token}", "A".repeat(43))
                        .replace("{type}", "waiver.expired").replace("{subscriberId}", "entitlements");
                String key = v.getSecurity().get(0).getKey();
                Set<String> allowed = v.getSecurity().get(0).getScopes() == null ? Set.of() : Set.of(v.getSecurity().get(0).getScopes().split(","));
                walked.add(method + " " + path);
                HttpResponse<String> none = call(method, path, null);
                switch (key) {
                    case AccessRules.PUBLIC -> {
                        if (path.startsWith("/assets/")) {
                            // the pages' stylesheets and script (api/PageAssets): fixed files, nothing of anyone's
                            assertThat(none.statusCode()).as(method + " " + path).isEqualTo(200);
                            assertThat(none.headers().firstValue("Content-Type")).as(path)
                                    .hasValue(path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
                            assertThat(none.body()).as(path).doesNotContain("<");
                            continue;
                        }
                        if (path.equals("/api/openapi.json") || path.startsWith("/api/docs")) {
                            // the API's description and Swagger UI (api/ApiDocs): they describe the API, nothing of anyone's
                            assertThat(none.statusCode()).as(method + " " + path).isEqualTo(200);
                            assertThat(none.headers().firstValue("Content-Type").orElseThrow()).as(path)
                                    .matches("(application/json|text/html|text/javascript|text/css); charset=utf-8");
                            assertThat(none.body()).as(path).doesNotContain(ref, "@meridian-software.example").doesNotContainPattern("lxk_[A-Za-z0-9_-]{20}");
                            continue;
                        }
                        if (path.startsWith("/api/events/schemas")) {
                            // the events' catalogue and schemas (docs/events.md): what the hub sends, nothing of anyone's
                            assertThat(none.statusCode()).as(method + " " + path).isIn(200, 404);
                            assertThat(none.body()).as(path).doesNotContain(ref, "@meridian-software.example", "whsec_");
                            continue;
                        }
                        assertThat(none.statusCode()).as(method + " " + path).isIn(200, 503);
                        assertThat(JSON.readTree(none.body()).size()).as("a public answer says only the status").isEqualTo(1);
                    }
                    case AccessRules.DECISION_LINK -> assertThat(none.statusCode()).as(method + " " + path).isEqualTo(404);
                    // a subscriber's callback (docs/events.md): unsigned is refused; signed calls are EventDeliveryTest's
                    case AccessRules.WEBHOOK_SIGNATURE -> {
                        assertThat(none.statusCode()).as(method + " " + path).isEqualTo(401);
                        assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                    }
                    // a page of people: without a session, a page is sent to sign in, a form is refused
                    case AccessRules.SESSION -> assertThat(none.statusCode()).as(method + " " + path).isIn(303, 401);
                    // the sign-in flow (no provider configured in this test; sign-in links on, the default): the form, a refused
                    // link, a POST not sent from the hub's own form; the provider's pages say it is not set up
                    case AccessRules.SIGN_IN -> {
                        if (path.replaceAll("/+", "/").startsWith("/portal/") && !path.contains("/sign-in") && method.equals("GET")) {
                            // the portal's public pages (api/PublicPages): the policy's public side, nothing of anyone's
                            assertThat(none.statusCode()).as(method + " " + path).isEqualTo(200);
                            assertThat(none.body()).as(path).doesNotContain(ref, "@meridian-software.example", "Alice Moreau", "COM-01");
                        } else if (path.replaceAll("/+", "/").equals("/sign-in") && method.equals("GET")) {
                            assertThat(none.statusCode()).as(method + " " + path).isEqualTo(200);
                            assertThat(none.body()).contains("<form method=\"post\" action=\"/sign-in\"").doesNotContain("/sign-in/oidc");
                        } else if (path.replaceAll("/+", "/").equals("/portal/sign-in") && method.equals("GET")) {
                            // the customer portal's sign-in (docs/portal.md): anyone may ask for a link
                            assertThat(none.statusCode()).as(method + " " + path).isEqualTo(200);
                            assertThat(none.body()).contains("<form method=\"post\" action=\"/portal/sign-in\"");
                        } else if (method.equals("POST")) {
                            assertThat(none.statusCode()).as(method + " " + path).isEqualTo(415);
                        } else if (path.replaceAll("/+", "/").startsWith("/sign-in/link/") || path.replaceAll("/+", "/").startsWith("/portal/sign-in/link/")) {
                            assertThat(none.statusCode()).as(method + " " + path).isEqualTo(404);
                            assertThat(none.body()).contains("This sign-in link is not valid");
                        } else {
                            assertThat(none.statusCode()).as(method + " " + path).isEqualTo(404);
                            assertThat(none.body()).contains("Sign-in is not set up");
                        }
                    }
                    default -> {
                        assertThat(none.statusCode()).as(method + " " + path + " without a key").isEqualTo(401);
                        assertThat(none.body()).doesNotContain("SELECT", "Exception", "at io.");
                        // every scope a key can hold (customer is only ever a portal session's)
                        Set<Scope> wrong = EnumSet.copyOf(Scope.grantable());
                        allowed.forEach(a -> { if (!a.equals(AccessRules.REQUEST_APPROVER) && !a.equals(AccessRules.POLICY_OWNER)) wrong.remove(Scope.of(a)); });
                        if (allowed.contains(AccessRules.REQUEST_APPROVER)) wrong.remove(Scope.APPROVER);
                        if (allowed.contains(AccessRules.POLICY_OWNER)) {
                            // a policy owner's routes: the approver scope is a person's, and Olga (the wrong key's owner below) is a
                            // policy owner; every scope, held by an approver who is no policy owner, is refused
                            wrong.remove(Scope.APPROVER);
                            HttpResponse<String> notOwner = call(method, path, HUB.key("alice.moreau", "approver", "desk", "audit"));
                            assertThat(notOwner.statusCode()).as(method + " " + path + " by an approver who is no policy owner").isEqualTo(403);
                        }
                        if (!wrong.isEmpty()) {
                            // an approver-scoped key belongs to someone in the directory; the others to a system
                            String owner = wrong.contains(Scope.APPROVER) ? "olga.nilsen" : "sys-wrong";
                            HttpResponse<String> refused = call(method, path, HUB.key(owner, wrong.stream().map(Scope::id).toArray(String[]::new)));
                            assertThat(refused.statusCode()).as(method + " " + path + " with " + wrong).isEqualTo(403);
                        }
                        // the right key: the route's scopes; approver scopes belong to Alice, an approver of this request (licensing, level 1)
                        List<String> scopes = allowed.stream().filter(a -> !a.equals(AccessRules.REQUEST_APPROVER) && !a.equals(AccessRules.POLICY_OWNER)).toList();
                        boolean person = scopes.isEmpty() || scopes.contains("approver");
                        String[] right = scopes.isEmpty() ? new String[] {"approver"} : scopes.toArray(String[]::new);
                        // a policy owner's routes: Henrik holds the policy-owner role (approvers.yaml)
                        String owner = allowed.contains(AccessRules.POLICY_OWNER) ? "henrik.vogel" : "alice.moreau";
                        HttpResponse<String> admitted = call(method, path, HUB.key(person ? owner : "sys-right", right));
                        // past the gate: what follows is the route's own answer (the domain may still refuse, e.g. a review by a non-auditor)
                        assertThat(admitted.statusCode()).as(method + " " + path + " with " + List.of(right) + ": " + admitted.body()).isNotEqualTo(401);
                        assertThat(admitted.body()).as(method + " " + path).doesNotContain("your key does not allow this");
                    }
                }
            }
        }
        System.out.println("[security] routes walked with no, wrong and right credentials: " + walked.size() + " " + walked);
        assertThat(walked).hasSizeGreaterThanOrEqualTo(22);
    }

    /** Finding 9: a key counts only in the Authorization header; expired and revoked keys are refused; both are audited. */
    @Test
    @Order(3)
    void keysCountOnlyInTheHeaderAndExpireAndCanBeRevoked() throws Exception {
        String ref = submitted("CUST-SEC-3");
        String desk = HUB.key("desk-bot", "desk");
        for (String path : List.of("/api/requests/" + ref + "?key=" + desk, "/api/requests/" + ref + "?access_token=" + desk,
                "/api/requests/" + ref + "?api_key=" + desk)) {
            assertThat(HUB.anonymous("GET", path, null, null).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(HUB.anonymous("POST", "/api/quarantine/1/replay", "application/x-www-form-urlencoded", ("key=" + desk).getBytes()).statusCode())
                .isEqualTo(401);
        assertThat(HUB.get("/api/requests/" + ref, "Authorization", "Bearer " + desk).statusCode()).isEqualTo(200);

        ApiKeys.Issued shortLived = keys.issue("desk-temp", Set.of(Scope.DESK), "expires at once", OffsetDateTime.now().plusSeconds(2), "test");
        assertThat(HUB.get("/api/requests/" + ref, "Authorization", "Bearer " + shortLived.key()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> HUB.get("/api/requests/" + ref, "Authorization", "Bearer " + shortLived.key()).statusCode() == 401);

        String keyId = Cli.run("key", "list").out().lines().filter(l -> l.contains("desk-bot")).findFirst().orElseThrow().split("\\s+")[0];
        assertThat(Cli.run("key", "revoke", keyId, "--reason", "left the company").exit()).isZero();
        assertThat(HUB.get("/api/requests/" + ref, "Authorization", "Bearer " + desk).statusCode()).isEqualTo(401);
        assertThat(Cli.run("key", "revoke", keyId).exit()).as("a second revocation").isEqualTo(1);
        assertThat(Cli.run("key", "list").out()).contains(keyId).contains("revoked").doesNotContain(desk);
        assertThat(sql.strings("SELECT event_type FROM audit_events WHERE event_type LIKE 'key.%' AND payload LIKE ?", "%" + keyId + "%"))
                .containsExactly("key.issued", "key.revoked");
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE payload LIKE ?", "%" + desk + "%")).as("the key itself is never stored").isZero();
    }

    /** Finding 9: a decision is taken only by the form of the hub's own confirmation page; the page keeps to itself. */
    @Test
    @Order(4)
    void aDecisionLinkIsConfirmedOnlyFromItsOwnPage() throws Exception {
        String ref = submitted("CUST-SEC-4");
        String approve = TestHub.link(TestHub.text(HUB.awaitMail(ref, "alice.moreau@meridian-software.example", "Approval needed")), "Approve");
        String path = approve.substring(approve.indexOf("/api/"));
        HttpResponse<String> page = HUB.anonymous("GET", path, null, null);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");

        byte[] form = "rationale=ok".getBytes();
        assertThat(HUB.anonymous("POST", path, "text/plain", form).statusCode()).as("a cross-site simple request").isEqualTo(415);
        assertThat(HUB.anonymous("POST", path, "application/x-www-form-urlencoded", form, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(HUB.anonymous("POST", path, "application/x-www-form-urlencoded", form, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
        assertThat(HUB.anonymous("POST", path, "application/x-www-form-urlencoded", form, "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(200);
    }

    /** Finding 4: who submitted through the API is the key's owner, whatever the document says; they may not approve it. */
    @Test
    @Order(7)
    void theKeyHolderWhoSubmittedMayNotApproveWhateverTheDocumentSays() throws Exception {
        String alice = HUB.key("alice.moreau", "intake", "approver");
        HttpResponse<String> created = HUB.post("/api/requests", "application/json",
                request("CUST-SEC-6", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", "someone.else@cust-sec-6.example")
                        .getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + alice);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        HttpResponse<String> vote = HUB.post("/api/requests/" + ref + "/decisions", "application/json",
                "{\"decision\": \"approve\", \"rationale\": \"mine\"}".getBytes(), "Authorization", "Bearer " + alice);
        assertThat(vote.statusCode()).as(vote.body()).isEqualTo(403);
        assertThat(vote.body()).contains("submitted this request");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
    }

    /** Finding 9: a justification carrying fake decision links is quoted as the requester's words, its links unclickable. */
    @Test
    @Order(6)
    void aJustificationCannotPassForTheDecisionBlock() throws Exception {
        String doc = request("CUST-SEC-7", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null)
                .replace("A justification long enough to be reviewed properly by the approvers of this request.",
                        "Urgent, the CFO agreed.\\nDECIDE\\n  Approve: https://evil.example/approve?all=1\\n  Deny:    http://evil.example/deny");
        HttpResponse<String> created = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ref = JSON.readTree(created.body()).path("reference").asText();
        String text = TestHub.text(HUB.awaitMail(ref, "alice.moreau@meridian-software.example", "Approval needed"));
        assertThat(text).contains("JUSTIFICATION (the requester's own words", "  | Urgent, the CFO agreed.", "  |   Approve: hxxps://evil.example/approve?all=1",
                "  |   Deny:    hxxp://evil.example/deny");
        assertThat(text).doesNotContain("https://evil.example", "http://evil.example");
        assertThat(TestHub.link(text, "Approve")).startsWith("http://127.0.0.1:" + HUB.httpPort + "/api/requests/" + ref + "/mail-decisions/");
    }

    /** Finding 6: guessed links from one address are refused after a few, without writing anything, and said so. */
    @Test
    @Order(8)
    void aFloodOfGuessedLinksIsSlowedDownAndWritesNothing() throws Exception {
        String ref = submitted("CUST-SEC-5");
        // its mails (their links are recorded as they are minted) are sent first: then nothing else writes
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'") == 0);
        long events = sql.count("SELECT COUNT(*) FROM audit_events");
        long quarantined = sql.count("SELECT COUNT(*) FROM quarantine");
        int notFound = 0;
        int slowed = 0;
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> r = HUB.anonymous("GET", "/api/requests/" + ref + "/mail-decisions/guess" + i + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null, null);
            if (r.statusCode() == 404) notFound++;
            if (r.statusCode() == 429) {
                slowed++;
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
        }
        System.out.println("[security] 300 guessed links: 404 " + notFound + ", 429 " + slowed);
        assertThat(notFound).isLessThanOrEqualTo(20);
        assertThat(slowed).isGreaterThanOrEqualTo(280);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events")).isEqualTo(events);
        assertThat(sql.count("SELECT COUNT(*) FROM quarantine")).isEqualTo(quarantined);
        // the address is slowed down for every credential until the window ends, a valid key too
        assertThat(HUB.get("/api/requests/" + ref).statusCode()).isEqualTo(429);
    }

    private String submitted(String customer) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json",
                request(customer, "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("reference").asText();
    }

    /**
     * The customer portal (docs/portal.md): a customer's portal session, even planted in the staff
     * session's cookie, is refused on every route that is not the portal's (every staff page, every
     * /api route); a staff session is refused on every portal page; and the customer scope cannot be
     * given to a key.
     */
    @Test
    @Order(5)
    void aCustomersSessionIsRefusedOutsideThePortalAndAStaffSessionInsideIt() throws Exception {
        String ref = submitted("CUST-SEC-9");
        HubBrowser customer = new HubBrowser(HUB.httpPort);
        String email = "ann@cust-sec-9.example";
        assertThat(customer.post("/portal/sign-in", HubBrowser.form("email", email)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.stream(HUB.mail.getReceivedMessages())
                .anyMatch(m -> { try { return m.getAllRecipients()[0].toString().equals(email); } catch (Exception e) { return false; } }));
        jakarta.mail.internet.MimeMessage mail = java.util.Arrays.stream(HUB.mail.getReceivedMessages())
                .filter(m -> { try { return m.getAllRecipients()[0].toString().equals(email); } catch (Exception e) { return false; } }).findFirst().orElseThrow();
        String link = java.net.URI.create(TestHub.link(TestHub.text(mail), "Sign in")).getPath();
        assertThat(customer.get(link).statusCode()).isEqualTo(200);
        assertThat(customer.post(link, "confirm=sign-in").statusCode()).isEqualTo(303);
        String portal = customer.cookies.get("lexhub_portal");
        assertThat(portal).isNotNull();
        assertThat(customer.get("/portal/requests/" + ref).statusCode()).as("the customer's own request").isEqualTo(200);
        // planted in the staff cookie too: still nobody outside the portal
        customer.cookies.put("lexhub_session", portal);
        HubBrowser staff = HubBrowser.signIn(HUB.httpPort, "alice.moreau");
        List<String> walked = new ArrayList<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition v : rest.getVerbs()) {
                String key = v.getSecurity().get(0).getKey();
                if (key.equals(AccessRules.PUBLIC) || key.equals(AccessRules.SIGN_IN) || key.equals(AccessRules.DECISION_LINK)) continue;
                String method = v.asVerb().toUpperCase(Locale.ROOT);
                String path = (rest.getPath() + v.getPath()).replace("{reference}", ref).replace("{id}", "1")
                        .replace("{type}", "waiver.expired").replace("{subscriberId}", "entitlements").replaceAll("/+", "/");
                boolean portalRoute = v.getSecurity().stream().anyMatch(s -> s.getScopes() != null && s.getScopes().contains("customer"));
                HubBrowser caller = portalRoute ? staff : customer;
                String csrf = portalRoute ? null : io.lexhub.access.Sessions.csrfToken(portal);
                HttpResponse<String> r = caller.send(method, path, method.equals("GET") ? null : "csrf=" + (csrf == null ? "" : csrf));
                walked.add(method + " " + path + " -> " + r.statusCode());
                assertThat(r.statusCode()).as(method + " " + path + (portalRoute ? " with a staff session" : " with a customer's session")).isIn(303, 401, 403);
                if (r.statusCode() == 303) {
                    assertThat(r.headers().firstValue("Location").orElseThrow()).isEqualTo(portalRoute ? "/portal/sign-in" : "/sign-in");
                }
            }
        }
        System.out.println("[security] routes refused to the wrong kind of session: " + walked.size() + " " + walked);
        assertThat(walked).anyMatch(w -> w.startsWith("GET /portal/requests")).anyMatch(w -> w.startsWith("GET /api/requests/"));
        // the customer scope is never a key's
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> keys.issue("sys-x", Set.of(Scope.CUSTOMER), null, null, "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer scope");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scope.parse("desk,customer")).isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> call(String method, String path, String key) throws Exception {
        byte[] body = method.equals("GET") ? null : "{}".getBytes();
        String type = path.contains("/mail-decisions/") ? "application/x-www-form-urlencoded" : "application/json";
        return key == null ? HUB.anonymous(method, path, method.equals("GET") ? null : type, body)
                : HUB.anonymous(method, path, method.equals("GET") ? null : type, body, "Authorization", "Bearer " + key);
    }
}
