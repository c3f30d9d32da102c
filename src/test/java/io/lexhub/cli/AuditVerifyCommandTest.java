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

    @BeforeEach
    void hubWithThreeEvents() throws Exception {
        audit = new AuditHome(KEY, 3, n -> "request.received");
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
    void aCheckpointDetectsDeletedNewestEventsThatTheChainAloneCannot() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        Run export = run("audit", "export", "--out", cp.toString());
        assertThat(export.exit()).as(export.out()).isZero();
        assertThat(export.out()).contains("3 events, 1..3");
        assertThat(run("audit", "verify", "--checkpoint", cp.toString()).out()).contains("OK: 3 audit events verified").contains("checkpoint event 3");

        // an insider deletes the newest event and rewrites the head to match the shorter chain
        audit.sql("DELETE FROM audit_events WHERE seq = 3");
        audit.sql("UPDATE audit_head SET last_seq = 2, last_hash = (SELECT hash FROM audit_events WHERE seq = 2) WHERE id = 1");
        assertThat(run("audit", "verify").exit()).as("the chain alone looks intact").isZero();

        Run r = run("audit", "verify", "--checkpoint", cp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN at event 3").contains("ends at event 3 but the chain ends at event 2");
    }

    @Test
    void aCheckpointDetectsAChainCutAndGrownAgain() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        assertThat(run("audit", "export", "--out", cp.toString()).exit()).isZero();
        audit.sql("DELETE FROM audit_events WHERE seq = 3");
        audit.sql("UPDATE audit_head SET last_seq = 2, last_hash = (SELECT hash FROM audit_events WHERE seq = 2) WHERE id = 1");
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
}
