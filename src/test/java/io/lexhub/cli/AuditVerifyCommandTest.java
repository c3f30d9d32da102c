package io.lexhub.cli;

import static io.lexhub.support.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.AuditHome;
import io.lexhub.support.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `lexhub audit verify` reads the hub's database through the same settings and reports tampering. */
class AuditVerifyCommandTest {

    private static final String KEY = "cli-test-key-0123456789";
    private AuditHome audit;
    private Path home;

    /** The head as it was after event 2, kept by an insider to put back later. */
    private String headAfterTwo;

    @BeforeEach
    void hubWithThreeEvents() throws Exception {
        audit = new AuditHome(KEY, 2, n -> "request.received");
        headAfterTwo = audit.headRestore();
        audit.append(KEY, "EXC-2026-000003", "request.received");
        home = audit.home;
    }

    @AfterEach
    void cleanUp() {
        audit.close();
    }

    @Test
    void reportsAnIntactChain() {
        Run r = run("audit", "verify");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("OK: 3 audit events verified, chain intact");
    }

    @Test
    void reportsAnEditedRow() throws Exception {
        audit.sql("UPDATE audit_events SET payload = '{\"approved\":true}' WHERE seq = 2");
        Run r = run("audit", "verify");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN at event 2").contains("the row was edited");
    }

    @Test
    void reportsADeletedRow() throws Exception {
        audit.sql("DELETE FROM audit_events WHERE seq = 2");
        Run r = run("audit", "verify");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN at event 3").contains("were deleted");
    }

    @Test
    void theSignedHeadDetectsDeletedNewestEventsWithTheHeadRewound() throws Exception {
        audit.sql("DELETE FROM audit_events WHERE seq = 3");
        audit.sql("UPDATE audit_head SET last_seq = 2, last_hash = (SELECT hash FROM audit_events WHERE seq = 2) WHERE id = 1");
        Run r = run("audit", "verify");
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN at event 2").contains("the audit head (event 2) does not match its HMAC");
    }

    @Test
    void aRemovedHeadSignatureIsDetected() throws Exception {
        audit.sql("UPDATE audit_head SET head_mac = NULL WHERE id = 1");
        Run r = run("audit", "verify");
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("carries no HMAC");
    }

    @Test
    void aCheckpointDetectsDeletedNewestEventsThatTheChainAloneCannot() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        Run export = run("audit", "export", "--out", cp.toString());
        assertThat(export.exit()).as(export.out()).isZero();
        assertThat(export.out()).contains("3 events, 1..3");
        assertThat(run("audit", "verify", "--checkpoint", cp.toString()).out()).contains("OK: 3 audit events verified").contains("checkpoint event 3");

        // an insider who kept the head row of back then deletes the newest event and puts that head back:
        // a consistent older state, as a restored backup would be, which only an off-host checkpoint tells apart
        audit.sql("DELETE FROM audit_events WHERE seq = 3");
        audit.sql(headAfterTwo);
        assertThat(run("audit", "verify").exit()).as("the chain and its signed head alone look intact").isZero();

        Run r = run("audit", "verify", "--checkpoint", cp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN at event 3").contains("ends at event 3 but the chain ends at event 2");
    }

    @Test
    void aCheckpointDetectsAChainCutAndGrownAgain() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        assertThat(run("audit", "export", "--out", cp.toString()).exit()).isZero();
        audit.sql("DELETE FROM audit_events WHERE seq = 3");
        audit.sql(headAfterTwo);
        audit.append(KEY, "EXC-2026-000009", "request.received");

        Run r = run("audit", "verify", "--checkpoint", cp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("event 3 is not the one the checkpoint");
    }

    @Test
    void anAlteredCheckpointIsRefused() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        assertThat(run("audit", "export", "--from", "2000-01-01", "--to", "2999-12-31", "--out", cp.toString()).exit()).isZero();
        Files.writeString(cp, Files.readString(cp).replace("\"count\" : 3", "\"count\" : 2"));
        Run r = run("audit", "verify", "--checkpoint", cp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("signature does not match");
    }

    @Test
    void anEmptyRangeGetsNoCheckpoint() {
        Run r = run("audit", "export", "--from", "2000-01-01", "--to", "2000-01-31", "--out", home.resolve("none.json").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("no audit events");
        assertThat(home.resolve("none.json")).doesNotExist();
    }

    @Test
    void rowsFromBeforeRowRecordsAreAdoptedOnceAndRowsWrittenAfterwardsStayReported() throws Exception {
        // a database upgraded from before V16: a key and a delegation that no event records
        audit.sql("INSERT INTO api_keys (key_id, key_hash, owner, scopes, label, created_at) VALUES ('ak_a', '" + "a".repeat(64) + "', 'alice.moreau', 'approver', 'old', CURRENT_TIMESTAMP)");
        audit.sql("INSERT INTO delegations (delegator, delegate, role, valid_from, valid_until, reason, created_at)"
                + " VALUES ('alice.moreau', 'bruno.silva', 'licensing', DATE '2026-01-01', DATE '2026-12-31', 'leave', CURRENT_TIMESTAMP)");
        Run before = run("audit", "verify");
        assertThat(before.exit()).isEqualTo(1);
        assertThat(before.out()).contains("api_keys key_id=ak_a" + ": no audit event records this row")
                .contains("audit verify --adopt").contains("BROKEN: 2 of 2 rows");

        Run adopt = run("audit", "verify", "--adopt");
        assertThat(adopt.exit()).as(adopt.out()).isZero();
        assertThat(adopt.out()).contains("adopted 2 rows (requests 0, approval_levels 0, approval_votes 0, decisions 0, waivers 0, delegations 1, api_keys 1, decision_tokens 0)")
                .contains("OK: 2 rows match the audit trail");
        assertThat(audit.scalar("SELECT actor FROM audit_events WHERE event_type = 'audit.baseline'")).isEqualTo("operator:adopt");

        // a row written with SQL after the baseline cannot be adopted: a second adoption is refused
        audit.sql("INSERT INTO api_keys (key_id, key_hash, owner, scopes, label, created_at) VALUES ('ak_b', '" + "b".repeat(64) + "', 'alice.moreau', 'approver', 'forged', CURRENT_TIMESTAMP)");
        Run again = run("audit", "verify", "--adopt");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).contains("not adopted: the rows were adopted already");
        Run after = run("audit", "verify");
        assertThat(after.exit()).isEqualTo(1);
        assertThat(after.out()).contains("api_keys key_id=ak_b" + ": no audit event records this row")
                .doesNotContain("key_hash=" + "a".repeat(64));
    }

    @Test
    void anUnsignedHeadFromBeforeTheUpgradeIsSignedByTheAdoption() throws Exception {
        audit.sql("UPDATE audit_head SET head_mac = NULL WHERE id = 1");
        assertThat(run("audit", "verify").out()).contains("carries no HMAC").contains("--adopt");
        Run adopt = run("audit", "verify", "--adopt");
        assertThat(adopt.exit()).as(adopt.out()).isZero();
        assertThat(adopt.out()).contains("OK: 4 audit events verified, chain intact");
    }
}
