package io.lexhub.hardening;

import static io.lexhub.support.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.Tally;
import io.lexhub.support.AuditHome;
import io.lexhub.support.Cli.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Audit tampering that AuditTrailTest (edited payload, actor, time; deleted row; swapped seq;
 * rehash without the key) and AuditVerifyCommandTest (edited, deleted, newest rows deleted with
 * the head rewritten, chain cut and grown, altered checkpoint) do not already show through
 * {@code lexhub audit verify}: reordering, truncating the whole table, truncation with the head
 * reset (caught by a checkpoint), a forged row appended and a row moved between requests.
 * Each tampering starts from the same five-event chain and must make {@code audit verify} exit 1
 * with a reason.
 */
class AuditTamperingTest {

    private static final String KEY = "tamper-test-key-0123456789";
    private AuditHome audit;
    private Path home;

    @BeforeEach
    void hubWithFiveEvents() throws Exception {
        audit = new AuditHome(KEY, 5, n -> n == 5 ? "decision.denied" : "request.received");
        home = audit.home;
    }

    @AfterEach
    void cleanUp() {
        audit.close();
    }

    @Test
    void reorderingIsDetected() throws Exception {
        detect("reorder: seq 1 <-> 5", List.of(
                "UPDATE audit_events SET seq = 100 WHERE seq = 1",
                "UPDATE audit_events SET seq = 1 WHERE seq = 5",
                "UPDATE audit_events SET seq = 5 WHERE seq = 100"), null);
    }

    @Test
    void reorderingByTimestampsAndContentIsDetected() throws Exception {
        // keep seq and hashes, swap what the rows say happened (the denial moves to the first event)
        detect("reorder: contents of 1 <-> 5", List.of(
                "UPDATE audit_events SET event_type = 'x', payload = 'tmp' WHERE seq = 1",
                "UPDATE audit_events SET event_type = 'request.received', payload = '{\"n\":1}' WHERE seq = 5",
                "UPDATE audit_events SET event_type = 'decision.denied', payload = '{\"n\":5}' WHERE seq = 1"), null);
    }

    @Test
    void truncatingTheWholeTableIsDetected() throws Exception {
        detect("truncate: all rows, head kept", List.of("DELETE FROM audit_events"), null);
    }

    @Test
    void truncatingWithTheHeadResetIsCaughtByTheCheckpoint() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        assertThat(run("audit", "export", "--out", cp.toString()).exit()).isZero();
        List<String> tamper = List.of("DELETE FROM audit_events WHERE seq > 2",
                "UPDATE audit_head SET last_seq = 2, last_hash = (SELECT hash FROM audit_events WHERE seq = 2) WHERE id = 1");
        detect("truncate: newest 3, head reset", tamper, cp);
    }

    @Test
    void aForgedRowAppendedIsDetected() throws Exception {
        detect("append: forged row 6", List.of(
                "INSERT INTO audit_events (seq, at, request_ref, event_type, actor, payload, prev_hash, hash) "
                        + "SELECT 6, at, 'EXC-2026-000001', 'decision.approved', 'alice.moreau', '{}', hash, hash FROM audit_events WHERE seq = 5"), null);
    }

    @Test
    void aRowMovedToAnotherRequestIsDetected() throws Exception {
        detect("edit: request_ref of row 5", List.of("UPDATE audit_events SET request_ref = 'EXC-2026-000001' WHERE seq = 5"), null);
    }

    private void detect(String scenario, List<String> tampering, Path checkpoint) throws Exception {
        assertThat(verify(checkpoint).exit()).as("intact before tampering").isZero();
        for (String s : tampering) audit.sql(s);
        Run r = verify(checkpoint);
        Tally t = new Tally("audit: " + scenario).tried(1);
        if (r.exit() == 1) t.rejected("audit verify", r.out().strip());
        else t.lost(1);
        t.report();
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN");
    }

    private Run verify(Path checkpoint) {
        return checkpoint == null ? run("audit", "verify") : run("audit", "verify", "--checkpoint", checkpoint.toString());
    }
}
