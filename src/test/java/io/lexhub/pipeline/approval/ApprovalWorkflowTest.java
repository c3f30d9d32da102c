package io.lexhub.pipeline.approval;

import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.store.Database;
import io.lexhub.support.Sql;
import io.lexhub.support.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The approval workflow on the real routes: tiered chains with a quorum, denial, conflict of
 * interest, limits, delegation, amendment, API keys and mailed single-use decision links, with
 * the customer and internal mails received by a real SMTP server. Approvers are those of
 * config/approvers.yaml; the chains come from config/policy.yaml.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalWorkflowTest {

    static final TestHub HUB = TestHub.prepare("approvals");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;

    /** API keys issued so far, one per approver (issued with lexhub key issue). */
    final Map<String, String> issued = new java.util.concurrent.ConcurrentHashMap<>();
    Sql sql;

    @org.junit.jupiter.api.BeforeEach
    void sql() {
        sql = new Sql(database);
    }

    private String keyOf(String approver) {
        return issued.computeIfAbsent(approver, a -> HUB.key(a, "approver"));
    }

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    /** Every answer these tests get is also checked against the hub's own /api/openapi.json (support/ApiContract). */
    @BeforeEach
    void answersKeepToTheApiContract() {
        HUB.checkAnswersAgainstTheApiContract();
    }

    @Test
    void aLongCostlyRegulatedRequestPassesFiveLevelsIncludingAnExecutiveQuorum() throws Exception {
        // 800 days > 730: tier T4 (licensing, legal, finance, executive quorum of 2) plus security for regulated data
        String ref = submit(request("CUST-AP-1", "TERRITORY_RIGHTS", "\"regions\": [\"BR\", \"MX\"]", "2027-02-01", 800, 200000, "REGULATED",
                "kevin.liu@meridian-software.example"));
        JsonNode view = view(ref);
        assertThat(view.path("route").path("tier").asText()).isEqualTo("T4");
        assertThat(roles(view)).containsExactly("licensing", "legal", "finance", "executive", "security");

        // approval limit: Bruno may approve 100,000; this request is worth 200,000
        HttpResponse<String> refused = decide(ref, "bruno.silva", "approve", "fine by me");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("approval limit (100000) is below the revenue impact of 200000");

        // an approver of a later level cannot act before their level opens
        assertThat(decide(ref, "elena.rossi", "approve", "legal ok").body()).contains("does not hold the role 'licensing' that level 1 needs");

        assertThat(ok(decide(ref, "alice.moreau", "approve", "Strategic expansion, contract amendment drafted")).path("openLevel").asInt()).isEqualTo(2);
        assertThat(ok(decide(ref, "elena.rossi", "approve", "Territory addendum reviewed")).path("openLevel").asInt()).isEqualTo(3);
        assertThat(ok(decide(ref, "kate.murphy", "approve", "Within budget")).path("openLevel").asInt()).isEqualTo(4);
        JsonNode half = ok(decide(ref, "henrik.vogel", "approve", "Board informed"));
        assertThat(half.path("result").asText()).isEqualTo("level 4 has 1 of 2 approvals");
        assertThat(half.path("openLevel").asInt()).isEqualTo(4);
        assertThat(decide(ref, "henrik.vogel", "approve", "again").body()).contains("has already decided level 4");
        assertThat(ok(decide(ref, "sam.takahashi", "approve", "Agreed")).path("openLevel").asInt()).isEqualTo(5);
        JsonNode done = ok(decide(ref, "ivan.petrov", "approve", "Data stays in the EU region", "Quarterly access report to security"));
        assertThat(done.path("state").asText()).isEqualTo("APPROVED");

        assertThat(sql.strings("SELECT outcome FROM decisions WHERE request_ref = ?", ref)).containsExactly("APPROVED");
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", ref)).containsExactly("ACTIVE");
        assertThat(sql.strings("SELECT end_date FROM waivers WHERE request_ref = ?", ref).get(0)).startsWith("2029-04-10");
        assertThat(sql.strings("SELECT approvers FROM decisions WHERE request_ref = ?", ref).get(0))
                .contains("alice.moreau", "elena.rossi", "kate.murphy", "henrik.vogel", "sam.takahashi", "ivan.petrov");
        // every vote is bound to the same terms hash, stored with the policy version
        assertThat(sql.strings("SELECT DISTINCT terms_hash FROM approval_votes WHERE request_ref = ?", ref)).hasSize(1);
        assertThat(sql.strings("SELECT DISTINCT policy_version FROM approval_votes WHERE request_ref = ?", ref))
                .containsExactly(io.lexhub.policy.PolicyLoader.load(java.nio.file.Path.of("config/policy.yaml")).version());

        MimeMessage customer = HUB.awaitMail(ref, "contact@cust-ap-1.example", "is approved");
        assertThat(TestHub.text(customer)).contains("WHAT CHANGES", "regions: BR, MX", "From 2027-02-01 to 2029-04-10",
                "Quarterly access report to security", "TO AMEND OR RENEW", ref);
        MimeMessage internal = HUB.awaitMail(ref, "billing@meridian-software.example", "APPROVED");
        assertThat(TestHub.text(internal)).contains("Revenue impact: 200000 EUR (annual value at stake)", "Risk:", "SEC-01", "Quarterly access report to security");
        HUB.awaitMail(ref, "licensing-desk@meridian-software.example", "APPROVED");
        HUB.awaitMail(ref, "sales-operations@meridian-software.example", "APPROVED");
    }

    @Test
    void aDenialAtLevelTwoEndsTheRequestAndTellsTheCustomerWhy() throws Exception {
        String ref = submit(request("CUST-AP-2", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        assertThat(roles(view(ref))).containsExactly("licensing", "sales");
        ok(decide(ref, "alice.moreau", "approve", "Migration plan attached"));
        JsonNode denied = ok(decide(ref, "carla.jensen", "deny", "The customer is in a price dispute; no concessions until it is settled"));
        assertThat(denied.path("state").asText()).isEqualTo("DENIED");
        assertThat(decide(ref, "dev.patel", "approve", "late").statusCode()).isIn(401, 409);
        assertThat(decide(ref, "alice.moreau", "approve", "late").statusCode()).isEqualTo(409);
        assertThat(sql.count("SELECT COUNT(*) FROM waivers WHERE request_ref = ?", ref)).isZero();
        assertThat(sql.strings("SELECT outcome FROM decisions WHERE request_ref = ?", ref)).containsExactly("DENIED");
        MimeMessage mail = HUB.awaitMail(ref, "contact@cust-ap-2.example", "declined");
        assertThat(TestHub.text(mail)).contains("price dispute", "WHAT COULD CHANGE THE OUTCOME");
        assertThat(events(ref)).contains("decision.denied");
    }

    @Test
    void theRequesterMayNotApproveTheirOwnRequestAndTheRefusalIsAudited() throws Exception {
        String ref = submit(request("CUST-AP-3", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", "alice.moreau@meridian-software.example"));
        HttpResponse<String> r = decide(ref, "alice.moreau", "approve", "looks good");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).path("reasons").toString()).contains("conflict of interest: Alice Moreau is the requester of this request");
        assertThat(events(ref)).contains("approval.conflict-check", "approval.refused");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.conflict-check'", ref).get(0))
                .contains("conflict: Alice Moreau is the requester");
        // she was not even asked: level 1's mail went to the other licensing approvers only
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'approval:%'", ref))
                .doesNotContain("alice.moreau@meridian-software.example").contains("bruno.silva@meridian-software.example");
        ok(decide(ref, "bruno.silva", "approve", "Independent review: fine"));
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.conflict-check' ORDER BY seq", ref).get(1))
                .contains("no conflict");
    }

    @Test
    void aSubAddressOrLookAlikeOfTheApproverIsStillTheRequester() throws Exception {
        // the review's attack: Alice names herself with a sub-address and approves her own request
        String ref = submit(request("CUST-AP-13", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL",
                "alice.moreau+x@meridian-software.example"));
        HttpResponse<String> r = decide(ref, "alice.moreau", "approve", "looks good");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).path("reasons").toString()).contains("conflict of interest: Alice Moreau is the requester of this request");
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.conflict-check'", ref).get(0))
                .contains("conflict: Alice Moreau is the requester");
        assertThat(events(ref)).contains("approval.refused");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
        // nor was she asked
        assertThat(sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE 'approval:%'", ref))
                .doesNotContain("alice.moreau@meridian-software.example");

        // the same in capitals with another tag (look-alike letters do not pass validation; AddressesTest folds them anyway)
        String shouted = submit(request("CUST-AP-14", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL",
                "Alice.Moreau+Deals@MERIDIAN-SOFTWARE.example"));
        assertThat(decide(shouted, "alice.moreau", "approve", "looks good").body()).contains("Alice Moreau is the requester");
    }

    @Test
    void aManagerStandsInByDelegationButNobodyDecidesTwoLevels() throws Exception {
        // T3 for 365 days: licensing, legal, finance
        String ref = submit(request("CUST-AP-4", "EXTRA_SEATS", "\"seats\": 120", "2027-03-01", 300, 60000, "INTERNAL", null));
        assertThat(roles(view(ref))).containsExactly("licensing", "legal", "finance");
        ok(decide(ref, "alice.moreau", "approve", "ok"));

        // without a delegation Ruth (finance, executive) cannot act for Elena (legal)
        assertThat(decide(ref, "ruth.okoye", "approve", "for Elena", "elena.rossi").body()).contains("no delegation from Elena Rossi to Ruth Okoye");
        // a delegation only goes to a peer in the role or to one's manager
        assertThat(delegate("elena.rossi", "carla.jensen", "legal").statusCode()).isEqualTo(400);
        // nor can it be back-dated to cover what was done before it
        HttpResponse<String> backDated = delegate("elena.rossi", "ruth.okoye", "legal", java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3));
        assertThat(backDated.statusCode()).isEqualTo(400);
        assertThat(backDated.body()).contains("is in the past");
        HttpResponse<String> delegated = delegate("elena.rossi", "ruth.okoye", "legal");
        assertThat(delegated.statusCode()).isEqualTo(201);
        long delegation = JSON.readTree(delegated.body()).path("id").asLong();

        JsonNode byDelegate = ok(decide(ref, "ruth.okoye", "approve", "Standing in for Elena, contract reviewed", "elena.rossi"));
        assertThat(byDelegate.path("openLevel").asInt()).isEqualTo(3);
        assertThat(sql.strings("SELECT approver_id || '>' || on_behalf_of FROM approval_votes WHERE request_ref = ? AND level_no = 2", ref))
                .containsExactly("ruth.okoye>elena.rossi");
        // Ruth holds finance too, but took part at level 2 already
        assertThat(decide(ref, "ruth.okoye", "approve", "finance too").body()).contains("one person cannot decide two levels");
        assertThat(ok(decide(ref, "kate.murphy", "approve", "ok")).path("state").asText()).isEqualTo("APPROVED");
        assertThat(sql.strings("SELECT approvers FROM decisions WHERE request_ref = ?", ref).get(0)).contains("\"onBehalfOf\":\"elena.rossi\"");

        // the delegation ends when its delegator says so (nobody else but the desk may), once; what was decided under it stands
        String path = "/api/delegations/" + delegation + "/revocation";
        byte[] reason = "{\"reason\": \"Back from leave\"}".getBytes();
        assertThat(HUB.post(path, "application/json", reason, "Authorization", "Bearer " + keyOf("carla.jensen")).statusCode()).isEqualTo(403);
        assertThat(HUB.post(path, "application/json", reason, "Authorization", "Bearer " + keyOf("elena.rossi")).statusCode()).isEqualTo(200);
        assertThat(HUB.post(path, "application/json", reason, "Authorization", "Bearer " + keyOf("elena.rossi")).statusCode()).isEqualTo(409);
        assertThat(sql.count("SELECT COUNT(*) FROM delegations WHERE id = ? AND revoked_at IS NOT NULL", delegation)).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'delegation.revoked' AND payload LIKE ?", "%Back from leave%")).isEqualTo(1);
        assertThat(sql.strings("SELECT state FROM requests WHERE reference = ?", ref)).containsExactly("APPROVED");
    }

    @Test
    void amendingTheTermsVoidsEarlierApprovalsAndRestartsTheChain() throws Exception {
        String ref = submit(request("CUST-AP-5", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        ok(decide(ref, "alice.moreau", "approve", "30 seats are fine"));
        String oldHash = sql.strings("SELECT terms_hash FROM approval_votes WHERE request_ref = ?", ref).get(0);

        HttpResponse<String> amended = HUB.post("/api/requests/" + ref + "/amendments", "application/json",
                "{\"rationale\": \"The customer needs 45 seats\", \"terms\": {\"seats\": 45, \"start\": \"2027-03-01\", \"durationDays\": 60}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(amended.statusCode()).as(amended.body()).isEqualTo(200);
        assertThat(sql.strings("SELECT status FROM approval_levels WHERE request_ref = ? AND round = 1 ORDER BY level_no", ref))
                .containsExactly("VOID", "VOID");
        assertThat(sql.strings("SELECT status FROM approval_levels WHERE request_ref = ? AND round = 2 ORDER BY level_no", ref))
                .containsExactly("OPEN", "WAITING");
        assertThat(events(ref)).contains("request.amended");

        // Alice's approval was for 30 seats: level 1 is open again and she decides on the new terms
        JsonNode again = ok(decide(ref, "alice.moreau", "approve", "45 seats are fine as well"));
        assertThat(again.path("openLevel").asInt()).isEqualTo(2);
        assertThat(sql.strings("SELECT terms_hash FROM approval_votes WHERE request_ref = ? AND round = 2", ref).get(0)).isNotEqualTo(oldHash);
        ok(decide(ref, "carla.jensen", "approve", "ok"));
        assertThat(sql.strings("SELECT granted FROM waivers WHERE request_ref = ?", ref).get(0)).contains("\"seats\":45");

        HttpResponse<String> bad = HUB.post("/api/requests/" + ref + "/amendments", "application/json",
                "{\"rationale\": \"more\", \"terms\": {\"seats\": 50, \"start\": \"2027-03-01\", \"durationDays\": 60}}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(409);
    }

    @Test
    void apiKeysAreRequiredAndDecideWhoActs() throws Exception {
        String ref = submit(request("CUST-AP-6", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        String body = "{\"decision\": \"approve\", \"rationale\": \"ok\"}";
        assertThat(HUB.anonymous("POST", "/api/requests/" + ref + "/decisions", "application/json", body.getBytes()).statusCode()).isEqualTo(401);
        // a key without the approver scope (the test operator's: desk, audit...) may not decide
        assertThat(HUB.post("/api/requests/" + ref + "/decisions", "application/json", body.getBytes()).statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = HUB.post("/api/requests/" + ref + "/decisions", "application/json", body.getBytes(),
                "Authorization", "Bearer lxk_not-a-real-key");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        // the body cannot choose the actor: it is the key's owner
        HttpResponse<String> sales = HUB.post("/api/requests/" + ref + "/decisions", "application/json",
                "{\"decision\": \"approve\", \"rationale\": \"ok\", \"approver\": \"alice.moreau\"}".getBytes(), "Authorization", "Bearer " + keyOf("carla.jensen"));
        assertThat(sales.statusCode()).isEqualTo(403);
        assertThat(decide(ref, "alice.moreau", "approve", " ").statusCode()).isEqualTo(400);
        assertThat(decide(ref, "alice.moreau", "maybe", "hmm").statusCode()).isEqualTo(400);
        assertThat(decide("EXC-2026-999999", "alice.moreau", "approve", "ok").statusCode()).isEqualTo(404);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();

        JsonNode info = ok(decide(ref, "alice.moreau", "request-info", "Which teams get the seats?"));
        assertThat(info.path("state").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(TestHub.text(HUB.awaitMail(ref, "contact@cust-ap-6.example", "A question"))).contains("Which teams get the seats?");
    }

    @Test
    void aMailedLinkShowsAConfirmationAndDecidesOnlyOnceOnPost() throws Exception {
        String ref = submit(request("CUST-AP-7", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        MimeMessage ask = HUB.awaitMail(ref, "alice.moreau@meridian-software.example", "Approval needed");
        String text = TestHub.text(ask);
        assertThat(text).contains("RISK", "ROUTE", "PRECEDENTS", "JUSTIFICATION", "30 additional seats");
        String approve = TestHub.link(text, "Approve");
        String deny = TestHub.link(text, "Deny");
        String path = approve.substring(approve.indexOf("/api/"));

        // opening the link (or a mail scanner prefetching it) decides nothing
        HttpResponse<String> page = HUB.get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" novalidate>", "approve", ref);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();

        HttpResponse<String> confirmed = HUB.post(path, "application/x-www-form-urlencoded",
                "rationale=Seats+for+the+migration+%26+cut-over&conditions=Report+usage+monthly".getBytes());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Decision recorded", "level 1 approved");
        assertThat(sql.strings("SELECT channel || ':' || rationale FROM approval_votes WHERE request_ref = ?", ref))
                .containsExactly("mail-link:Seats for the migration & cut-over");

        // the same link again, the deny link of a closed level, a forged token, a link used on another request
        assertThat(HUB.post(path, "application/x-www-form-urlencoded", "rationale=again".getBytes()).body()).contains("already been used");
        assertThat(HUB.get(path).body()).contains("already been used");
        String denyPath = deny.substring(deny.indexOf("/api/"));
        assertThat(HUB.post(denyPath, "application/x-www-form-urlencoded", "rationale=no".getBytes()).body())
                .contains("approval level that is closed now");
        HttpResponse<String> forged = HUB.get("/api/requests/" + ref + "/mail-decisions/forged-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.body()).contains("This decision link is not valid.");
        String other = submit(request("CUST-AP-8", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        String otherLink = TestHub.link(TestHub.text(HUB.awaitMail(other, "bruno.silva@meridian-software.example", "Approval needed")), "Approve");
        String foreign = "/api/requests/" + ref + "/mail-decisions/" + otherLink.substring(otherLink.lastIndexOf('/') + 1);
        HttpResponse<String> foreignPage = HUB.get(foreign);
        assertThat(foreignPage.statusCode()).isEqualTo(404);
        // tokens are looked up with the request of the URL: another request's token is unknown here
        assertThat(foreignPage.body()).contains("This decision link is not valid.");
        // refusals of real links (used twice) are audited; unknown tokens are refused at the gate,
        // logged and counted against the caller's address, and write nothing (no audit flood from outside)
        assertThat(sql.count("SELECT COUNT(*) FROM audit_events WHERE request_ref = ? AND event_type = 'approval.link-refused'", ref)).isEqualTo(2);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isEqualTo(1);
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", other)).isZero();
        // the review package is there for the API too
        JsonNode review = JSON.readTree(HUB.get("/api/requests/" + ref + "/review").body());
        assertThat(review.path("chain").get(0).path("status").asText()).isEqualTo("APPROVED");
        assertThat(review.path("votes").get(0).path("channel").asText()).isEqualTo("mail-link");
    }

    @Test
    void theReviewPackageShowsTheNearestPrecedents() throws Exception {
        String first = submit(request("CUST-AP-9", "FEATURE_UNLOCK", "\"features\": [\"advanced-analytics\"]", "2027-04-01", 60, 15000, "INTERNAL", null));
        for (var step : List.of(List.of("alice.moreau", "Pilot ok"), List.of("carla.jensen", "Upsell expected"), List.of("grace.lin", "Feature stable"))) {
            ok(decide(first, step.get(0), "approve", step.get(1)));
        }
        String second = submit(request("CUST-AP-10", "FEATURE_UNLOCK", "\"features\": [\"advanced-analytics\"]", "2027-04-01", 45, 12000, "INTERNAL", null));
        JsonNode precedents = JSON.readTree(HUB.get("/api/requests/" + second + "/review").body()).path("precedents");
        assertThat(precedents).isNotEmpty();
        assertThat(precedents.get(0).path("reference").asText()).isEqualTo(first);
        assertThat(precedents.get(0).path("outcome").asText()).isEqualTo("APPROVED");
        assertThat(precedents.get(0).path("rationale").asText()).contains("Pilot ok");
        // precedent consistency: the share of similar past cases (same type and product) per outcome
        JsonNode share = JSON.readTree(HUB.get("/api/requests/" + second + "/review").body()).path("precedentShare");
        assertThat(share.path("similarCases").asInt()).isEqualTo(share.path("approved").asInt() + share.path("denied").asInt()).isPositive();
        assertThat(share.path("approvedShare").asDouble()).isEqualTo(share.path("approved").asDouble() / share.path("similarCases").asInt(), within(0.0001));
    }

    @Test
    void onlyApproversWhoMayApproveTheRevenueImpactAreAskedAndTheSkippedAreAudited() throws Exception {
        // T3 at 300,000: Alice (250,000) and Bruno (100,000) may not approve it, Henrik may; Liam (250,000) may not, Kate and Ruth may
        String ref = submit(request("CUST-AP-15", "EXTRA_SEATS", "\"seats\": 120", "2027-03-01", 300, 300000, "INTERNAL", null));
        assertThat(roles(view(ref))).containsExactly("licensing", "legal", "finance");
        assertThat(approvalMailsTo(ref, 1)).containsExactly("henrik.vogel@meridian-software.example");
        HUB.awaitMail(ref, "henrik.vogel@meridian-software.example", "Approval needed");
        assertThat(levelOpened(ref, 1)).contains("\"approvers\":[\"henrik.vogel\"]",
                "Alice Moreau's approval limit (250000) is below the revenue impact of 300000",
                "Bruno Silva's approval limit (100000) is below the revenue impact of 300000");
        // the mail and the check agree: whoever was not asked is refused
        assertThat(decide(ref, "alice.moreau", "approve", "fine").statusCode()).isEqualTo(403);

        ok(decide(ref, "henrik.vogel", "approve", "Large roll-out, order form follows"));
        ok(decide(ref, "elena.rossi", "approve", "Standard terms"));
        assertThat(approvalMailsTo(ref, 3)).containsExactlyInAnyOrder("kate.murphy@meridian-software.example", "ruth.okoye@meridian-software.example");
        assertThat(events(ref)).doesNotContain("approval.level-rerouted");
        assertThat(decide(ref, "liam.chen", "approve", "fine").statusCode()).isEqualTo(403);
        assertThat(ok(decide(ref, "kate.murphy", "approve", "Within budget")).path("state").asText()).isEqualTo("APPROVED");
    }

    @Test
    void aLevelNobodyInTheRoleMayDecideGoesToTheirManagerWhoseApprovalCounts() throws Exception {
        // both sales approvers are parties to the deal (requester and account owner): their manager Ruth Okoye is asked instead
        String ref = submit(request("CUST-AP-16", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", "carla.jensen@meridian-software.example")
                .replace("owner@meridian-software.example", "dev.patel@meridian-software.example"));
        assertThat(roles(view(ref))).containsExactly("licensing", "sales");
        ok(decide(ref, "alice.moreau", "approve", "Seats for the migration"));

        assertThat(approvalMailsTo(ref, 2)).containsExactly("ruth.okoye@meridian-software.example");
        HUB.awaitMail(ref, "ruth.okoye@meridian-software.example", "Approval needed");
        List<String> rerouted = sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.level-rerouted'", ref);
        assertThat(rerouted).hasSize(1);
        JsonNode why = JSON.readTree(rerouted.get(0));
        assertThat(why.path("level").asInt()).isEqualTo(2);
        assertThat(why.path("role").asText()).isEqualTo("sales");
        assertThat(why.path("askedInstead").toString()).isEqualTo("[\"ruth.okoye\"]");
        assertThat(why.path("skipped").toString()).contains("carla.jensen", "conflict of interest: Carla Jensen is the requester of this request",
                "dev.patel", "conflict of interest: Dev Patel owns the customer's account");

        // the stand-in may read what she is asked to decide
        assertThat(HUB.get("/api/requests/" + ref + "/review", "Authorization", "Bearer " + keyOf("ruth.okoye")).statusCode()).isEqualTo(200);
        // a manager who was not asked (Henrik manages no sales approver) is refused; the stand-in's approval counts
        assertThat(decide(ref, "henrik.vogel", "approve", "fine").body()).contains("does not hold the role 'sales'");
        assertThat(ok(decide(ref, "ruth.okoye", "approve", "Independent of the deal team: fine")).path("state").asText()).isEqualTo("APPROVED");
        assertThat(sql.strings("SELECT approver_id FROM approval_votes WHERE request_ref = ? AND level_no = 2", ref)).containsExactly("ruth.okoye");
    }

    @Test
    void aRefusalListsEveryReasonAtOnceAndAuditsItOnce() throws Exception {
        // Bruno is the requester, acts for Alice without a delegation, and the revenue is above his limit
        String ref = submit(request("CUST-AP-17", "EXTRA_SEATS", "\"seats\": 120", "2027-03-01", 150, 150000, "INTERNAL",
                "bruno.silva@meridian-software.example"));
        assertThat(roles(view(ref)).get(0)).isEqualTo("licensing");
        HttpResponse<String> r = decide(ref, "bruno.silva", "approve", "for Alice", "alice.moreau");
        assertThat(r.statusCode()).isEqualTo(403);
        List<String> reasons = new java.util.ArrayList<>();
        JSON.readTree(r.body()).path("reasons").forEach(x -> reasons.add(x.asText()));
        assertThat(reasons).hasSize(3).contains("conflict of interest: Bruno Silva is the requester of this request",
                "Bruno Silva's approval limit (100000) is below the revenue impact of 150000");
        assertThat(reasons).anySatisfy(x -> assertThat(x).startsWith("no delegation from Alice Moreau to Bruno Silva for the role 'licensing' is in force on "));
        List<String> refused = sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.refused'", ref);
        assertThat(refused).hasSize(1);
        assertThat(JSON.readTree(refused.get(0)).path("reasons")).hasSize(3);
        assertThat(sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.conflict-check'", ref))
                .singleElement().asString().contains("conflict: Bruno Silva is the requester", "\"onBehalfOf\":\"alice.moreau\"");
        assertThat(sql.count("SELECT COUNT(*) FROM approval_votes WHERE request_ref = ?", ref)).isZero();
    }

    // --- helpers

    /** Whom the outbox holds "approval needed" mails for, for one level of round 1. */
    private List<String> approvalMailsTo(String ref, int level) {
        return sql.strings("SELECT recipient FROM outbox WHERE request_ref = ? AND dedup_key LIKE ?", ref, "approval:" + ref + ":r1:l" + level + ":%");
    }

    private String levelOpened(String ref, int level) throws Exception {
        for (String p : sql.strings("SELECT payload FROM audit_events WHERE request_ref = ? AND event_type = 'approval.level-opened'", ref)) {
            if (JSON.readTree(p).path("level").asInt() == level) return p;
        }
        throw new AssertionError("level " + level + " of " + ref + " was not opened");
    }

    private static String submit(String doc) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).as(r.body()).isEqualTo("PENDING_APPROVAL");
        return body.path("reference").asText();
    }

    private HttpResponse<String> decide(String ref, String approver, String decision, String rationale, String... extra) throws Exception {
        String onBehalfOf = extra.length > 0 && !extra[0].contains(" ") ? extra[0] : null;
        String condition = extra.length > 0 && extra[0].contains(" ") ? extra[0] : null;
        String body = "{\"decision\": \"" + decision + "\", \"rationale\": " + JSON.writeValueAsString(rationale)
                + (condition == null ? "" : ", \"conditions\": [" + JSON.writeValueAsString(condition) + "]")
                + (onBehalfOf == null ? "" : ", \"onBehalfOf\": \"" + onBehalfOf + "\"") + "}";
        String k = approver.contains(".") ? keyOf(approver) : "lxk_unknown";
        return HUB.post("/api/requests/" + ref + "/decisions", "application/json", body.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + k);
    }

    private HttpResponse<String> delegate(String from, String to, String role) throws Exception {
        return delegate(from, to, role, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    }

    private HttpResponse<String> delegate(String from, String to, String role, java.time.LocalDate start) throws Exception {
        String body = "{\"delegate\": \"" + to + "\", \"role\": \"" + role + "\", \"from\": \"" + start + "\", \"until\": \"" + start.plusDays(60)
                + "\", \"reason\": \"Parental leave\"}";
        return HUB.post("/api/delegations", "application/json", body.getBytes(), "Authorization", "Bearer " + keyOf(from));
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode view(String ref) throws Exception {
        return JSON.readTree(HUB.get("/api/requests/" + ref).body());
    }

    private static List<String> roles(JsonNode view) {
        return java.util.stream.StreamSupport.stream(view.path("route").path("levels").spliterator(), false).map(l -> l.path("role").asText()).toList();
    }

    private List<String> events(String ref) {
        return sql.strings("SELECT event_type FROM audit_events WHERE request_ref = ? ORDER BY seq", ref);
    }
}
