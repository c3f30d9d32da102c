package io.lexhub.hardening;

import static io.lexhub.support.Cli.run;
import static io.lexhub.support.RequestDocs.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.app.HubConfiguration;
import io.lexhub.intake.ContentHash;
import io.lexhub.access.ApiKeys;
import io.lexhub.store.Database;
import io.lexhub.support.Cli.Run;
import io.lexhub.support.Sql;
import io.lexhub.support.Tally;
import io.lexhub.support.TestHub;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.BeanInject;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * `lexhub audit verify` reconciles the state tables with the audit chain, on a hub that went
 * through a full normal flow (intake, two approval levels, a waiver, a delegation, a revocation,
 * a denial). Each tampering is done with SQL alone, as a database writer without the audit key
 * would, is reported naming the row, and is undone before the next, so the hub verifies OK again.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "file:config/application.properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditReconciliationTest {

    static final TestHub HUB = TestHub.prepare("reconcile");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeanInject
    Database database;
    @BeanInject
    ApiKeys keys;

    final Map<String, String> issued = new ConcurrentHashMap<>();
    Sql sql;
    /** The request approved into a waiver (then revoked), and one denied at level 1. */
    static String granted;
    static String denied;
    static String active;

    @BeforeEach
    void sql() {
        sql = new Sql(database);
    }

    @AfterAll
    void stopMail() {
        HUB.close();
    }

    @Test
    @Order(1)
    void aHubAfterAFullNormalFlowVerifiesOk() throws Exception {
        granted = submit(request("CUST-RC-1", "EXTRA_SEATS", "\"seats\": 30", "2027-03-01", 60, 20000, "INTERNAL", null));
        ok(decide(granted, "alice.moreau", "approve", "30 seats are fine"));
        ok(decide(granted, "carla.jensen", "approve", "ok"));
        assertThat(sql.strings("SELECT state FROM waivers WHERE request_ref = ?", granted)).containsExactly("ACTIVE");
        HttpResponse<String> revoked = HUB.post("/api/waivers/" + granted + "/revocation", "application/json",
                "{\"rationale\": \"Customer breached the terms\"}".getBytes(), "Authorization", "Bearer " + keyOf("alice.moreau"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        active = submit(request("CUST-RC-2", "EXTRA_SEATS", "\"seats\": 20", "2027-03-01", 60, 20000, "INTERNAL", null));
        ok(decide(active, "alice.moreau", "approve", "fine"));
        ok(decide(active, "carla.jensen", "approve", "fine too"));

        denied = submit(request("CUST-RC-3", "EXTRA_SEATS", "\"seats\": 500", "2027-03-01", 60, 20000, "INTERNAL", null));
        ok(decide(denied, "alice.moreau", "deny", "Far too many seats"));

        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String delegation = "{\"delegate\": \"bruno.silva\", \"role\": \"licensing\", \"from\": \"" + today + "\", \"until\": \"" + today.plusDays(30)
                + "\", \"reason\": \"Leave\"}";
        HttpResponse<String> d = HUB.post("/api/delegations", "application/json", delegation.getBytes(), "Authorization", "Bearer " + keyOf("alice.moreau"));
        assertThat(d.statusCode()).as(d.body()).isIn(200, 201);

        Run r = run("audit", "verify");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("chain intact").containsPattern("OK: \\d+ rows match the audit trail \\(requests 3, approval_levels 6, "
                + "approval_votes 5, decisions 3, waivers 2, delegations 1, api_keys \\d+, decision_tokens \\d+\\)");
    }

    @Test
    @Order(2)
    void theAttackAsFoundIsReportedRowByRow() throws Exception {
        // a key hash for Alice, an ACTIVE waiver for the denied request, and its state set to APPROVED
        String forgedKey = "lxk_forged-by-a-database-writer";
        String keyHash = ContentHash.sha256(forgedKey.getBytes(StandardCharsets.UTF_8));
        List<String> attack = List.of(
                "INSERT INTO api_keys (key_id, key_hash, owner, scopes, label, created_at) VALUES ('ak_forged', '" + keyHash
                        + "', 'alice.moreau', 'approver', 'forged', CURRENT_TIMESTAMP)",
                "INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at)"
                        + " VALUES ('" + denied + "', 'ACTIVE', 'CUST-RC-3', 'Meridian ERP', 'EXTRA_SEATS', DATE '2027-03-01', DATE '2027-04-30',"
                        + " '{\"seats\":500}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                "UPDATE requests SET state = 'APPROVED' WHERE reference = '" + denied + "'");
        attack.forEach(sql::update);
        // the forged key works against the API: that is the finding
        assertThat(keys.authenticate(forgedKey)).hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("alice.moreau"));

        Run r = detect("the attack as found: key hash, ACTIVE waiver, request state", "api_keys key_id=ak_forged");
        assertThat(r.out())
                .contains("api_keys key_id=ak_forged" + ": no audit event records this row")
                .contains("waivers request_ref=" + denied + ": no audit event records this row")
                .containsPattern("requests reference=" + denied + ": differs from event \\d+ \\(request.recorded after decision.denied, [^)]+\\): "
                        + "state recorded 'DENIED', now 'APPROVED'")
                .contains("BROKEN: 3 of ");

        sql.update("DELETE FROM api_keys WHERE key_id = 'ak_forged'");
        sql.update("DELETE FROM waivers WHERE request_ref = ?", denied);
        sql.update("UPDATE requests SET state = 'DENIED' WHERE reference = ?", denied);
        assertIntact();
    }

    @Test
    @Order(3)
    void aChangedVoteIsReported() throws Exception {
        sql.update("UPDATE approval_votes SET vote = 'APPROVE' WHERE request_ref = ?", denied);
        Run r = detect("vote changed", "approval_votes request_ref=" + denied + " round=1 level_no=1 seat=alice.moreau");
        assertThat(r.out()).contains("vote recorded 'DENY', now 'APPROVE'");
        sql.update("UPDATE approval_votes SET vote = 'DENY' WHERE request_ref = ?", denied);
        assertIntact();
    }

    @Test
    @Order(4)
    void anEditedWaiverEndDateIsReported() throws Exception {
        String end = sql.strings("SELECT CAST(end_date AS VARCHAR(20)) FROM waivers WHERE request_ref = ?", active).get(0);
        sql.update("UPDATE waivers SET end_date = DATE '2030-12-31' WHERE request_ref = ?", active);
        Run r = detect("waiver end date edited", "waivers request_ref=" + active);
        assertThat(r.out()).contains("end_date recorded '" + end + "', now '2030-12-31'");
        sql.update("UPDATE waivers SET end_date = CAST(? AS DATE) WHERE request_ref = ?", end, active);
        assertIntact();
    }

    @Test
    @Order(5)
    void aRevokedWaiverSetActiveAgainIsReported() throws Exception {
        sql.update("UPDATE waivers SET state = 'ACTIVE', ended_at = NULL WHERE request_ref = ?", granted);
        Run r = detect("revoked waiver set ACTIVE", "waivers request_ref=" + granted);
        assertThat(r.out()).containsPattern("after waiver.revoked, [^)]+\\): state recorded 'REVOKED', now 'ACTIVE'");
        sql.update("UPDATE waivers SET state = 'REVOKED', ended_at = updated_at WHERE request_ref = ?", granted);
        assertIntact();
    }

    @Test
    @Order(6)
    void aDeletedAuditEventOfAnExistingRowIsReported() throws Exception {
        // the record of the denied request's vote, in the middle of the chain
        String seq = sql.strings("SELECT CAST(seq AS VARCHAR(20)) FROM audit_events WHERE event_type = 'vote.recorded' AND subject LIKE ?",
                denied + "/%").get(0);
        sql.update("CREATE TABLE kept_event AS SELECT * FROM audit_events WHERE seq = " + seq);
        sql.update("DELETE FROM audit_events WHERE seq = " + seq);
        Run r = detect("record event of a vote deleted", "approval_votes request_ref=" + denied);
        assertThat(r.out()).contains("events " + seq + ".." + seq + " were deleted")
                .contains("approval_votes request_ref=" + denied + " round=1 level_no=1 seat=alice.moreau: no audit event records this row");
        sql.update("INSERT INTO audit_events SELECT * FROM kept_event");
        sql.update("DROP TABLE kept_event");
        assertIntact();
    }

    @Test
    @Order(7)
    void aDeletedRowIsReported() throws Exception {
        sql.update("CREATE TABLE kept_vote AS SELECT * FROM approval_votes WHERE request_ref = '" + denied + "'");
        sql.update("DELETE FROM approval_votes WHERE request_ref = ?", denied);
        Run r = detect("a DENY vote deleted", "approval_votes request_ref=" + denied);
        assertThat(r.out()).contains("recorded this row but the table no longer holds it");
        sql.update("INSERT INTO approval_votes SELECT * FROM kept_vote");
        sql.update("DROP TABLE kept_vote");
        assertIntact();
    }

    @Test
    @Order(8)
    void aTruncatedNewestEventIsReportedWithoutACheckpoint() throws Exception {
        // mails are sent (each approval mail's links are recorded as they are minted), then a new
        // delegation's record is the newest event: delete it, with and without rewinding the head (no key for its HMAC)
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> sql.count("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND channel = 'mail'") == 0);
        java.time.LocalDate start = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(40);
        HttpResponse<String> d = HUB.post("/api/delegations", "application/json", ("{\"delegate\": \"henrik.vogel\", \"role\": \"licensing\", \"from\": \""
                + start + "\", \"until\": \"" + start.plusDays(10) + "\", \"reason\": \"Conference\"}").getBytes(), "Authorization", "Bearer " + keyOf("alice.moreau"));
        assertThat(d.statusCode()).as(d.body()).isEqualTo(201);
        String last = sql.strings("SELECT CAST(MAX(seq) AS VARCHAR(20)) FROM audit_events").get(0);
        sql.update("CREATE TABLE kept_event AS SELECT * FROM audit_events WHERE seq = " + last);
        sql.update("DELETE FROM audit_events WHERE seq = " + last);
        Run kept = detect("newest event deleted, head kept", "delegations id=");
        assertThat(kept.out()).contains("the newest events were deleted or the head was altered");

        sql.update("CREATE TABLE kept_head AS SELECT * FROM audit_head");
        sql.update("UPDATE audit_head SET last_seq = last_seq - 1, last_hash = (SELECT hash FROM audit_events WHERE seq = "
                + (Long.parseLong(last) - 1) + ") WHERE id = 1");
        Run rewound = detect("newest event deleted, head rewound", "delegations id=");
        assertThat(rewound.out()).contains("does not match its HMAC");

        sql.update("UPDATE audit_head SET last_seq = (SELECT last_seq FROM kept_head), last_hash = (SELECT last_hash FROM kept_head) WHERE id = 1");
        sql.update("INSERT INTO audit_events SELECT * FROM kept_event");
        sql.update("DROP TABLE kept_event");
        sql.update("DROP TABLE kept_head");
        assertIntact();
    }

    // --- helpers

    /** verify must exit 1 and name the row; prints a [hardening] line like the other tampering tests. */
    private Run detect(String scenario, String row) {
        Run r = run("audit", "verify");
        Tally t = new Tally("audit rows: " + scenario).tried(1);
        if (r.exit() == 1 && r.out().contains(row)) t.rejected("audit verify", r.out().strip());
        else t.lost(1);
        t.report();
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN").contains(row);
        return r;
    }

    private static void assertIntact() {
        Run r = run("audit", "verify");
        assertThat(r.exit()).as(r.out()).isZero();
    }

    private String keyOf(String approver) {
        return issued.computeIfAbsent(approver, a -> HUB.key(a, "approver"));
    }

    private static String submit(String doc) throws Exception {
        HttpResponse<String> r = HUB.post("/api/requests", "application/json", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("state").asText()).as(r.body()).isEqualTo("PENDING_APPROVAL");
        return body.path("reference").asText();
    }

    private HttpResponse<String> decide(String ref, String approver, String decision, String rationale) throws Exception {
        String body = "{\"decision\": \"" + decision + "\", \"rationale\": " + JSON.writeValueAsString(rationale) + "}";
        return HUB.post("/api/requests/" + ref + "/decisions", "application/json", body.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + keyOf(approver));
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
