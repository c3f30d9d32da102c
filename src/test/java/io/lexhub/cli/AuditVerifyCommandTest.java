package io.lexhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.audit.AuditTrail;
import io.lexhub.store.Database;
import io.lexhub.store.Tx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `lexhub audit verify` reads the hub's database through the same settings and reports tampering. */
class AuditVerifyCommandTest {

    private static final String KEY = "cli-test-key-0123456789";
    private Path home;
    private Database db;

    @BeforeEach
    void hubWithThreeEvents() throws Exception {
        home = Files.createTempDirectory("lexhub-cli-");
        System.setProperty("lexhub.home", home.toString());
        System.setProperty("lexhub.audit.hmac-key", KEY);
        db = Database.open("jdbc:h2:file:" + home.resolve("db/lexhub") + ";DB_CLOSE_ON_EXIT=FALSE", "lexhub", "", 1).migrate();
        AuditTrail trail = new AuditTrail(KEY.getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i <= 3; i++) {
            int n = i;
            new Tx(db.dataSource()).inTransaction(c -> {
                trail.append(c, OffsetDateTime.now(), "EXC-2026-00000" + n, "request.received", "system:file", "{}");
                return null;
            });
        }
    }

    @AfterEach
    void cleanUp() {
        db.close();
        System.clearProperty("lexhub.home");
        System.clearProperty("lexhub.audit.hmac-key");
    }

    @Test
    void reportsAnIntactChain() {
        Run r = run("audit", "verify");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("OK: 3 audit events verified, chain intact");
    }

    @Test
    void reportsAnEditedRow() throws Exception {
        sql("UPDATE audit_events SET payload = '{\"approved\":true}' WHERE seq = 2");
        Run r = run("audit", "verify");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("BROKEN at event 2").contains("the row was edited");
    }

    @Test
    void reportsADeletedRow() throws Exception {
        sql("DELETE FROM audit_events WHERE seq = 2");
        Run r = run("audit", "verify");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("BROKEN at event 3").contains("were deleted");
    }

    @Test
    void aCheckpointDetectsDeletedNewestEventsThatTheChainAloneCannot() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        Run export = run("audit", "export", "--out", cp.toString());
        assertThat(export.exit).as(export.out).isZero();
        assertThat(export.out).contains("3 events, 1..3");
        assertThat(run("audit", "verify", "--checkpoint", cp.toString()).out).contains("OK: 3 audit events verified").contains("checkpoint event 3");

        // an insider deletes the newest event and rewrites the head to match the shorter chain
        sql("DELETE FROM audit_events WHERE seq = 3");
        sql("UPDATE audit_head SET last_seq = 2, last_hash = (SELECT hash FROM audit_events WHERE seq = 2) WHERE id = 1");
        assertThat(run("audit", "verify").exit).as("the chain alone looks intact").isZero();

        Run r = run("audit", "verify", "--checkpoint", cp.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("BROKEN at event 3").contains("ends at event 3 but the chain ends at event 2");
    }

    @Test
    void aCheckpointDetectsAChainCutAndGrownAgain() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        assertThat(run("audit", "export", "--out", cp.toString()).exit).isZero();
        sql("DELETE FROM audit_events WHERE seq = 3");
        sql("UPDATE audit_head SET last_seq = 2, last_hash = (SELECT hash FROM audit_events WHERE seq = 2) WHERE id = 1");
        new Tx(db.dataSource()).inTransaction(c -> {
            new AuditTrail(KEY.getBytes(StandardCharsets.UTF_8))
                    .append(c, OffsetDateTime.now(), "EXC-2026-000009", "request.received", "system:file", "{}");
            return null;
        });

        Run r = run("audit", "verify", "--checkpoint", cp.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("event 3 is not the one the checkpoint");
    }

    @Test
    void anAlteredCheckpointIsRefused() throws Exception {
        Path cp = home.resolve("checkpoint.json");
        assertThat(run("audit", "export", "--from", "2000-01-01", "--to", "2999-12-31", "--out", cp.toString()).exit).isZero();
        Files.writeString(cp, Files.readString(cp).replace("\"count\" : 3", "\"count\" : 2"));
        Run r = run("audit", "verify", "--checkpoint", cp.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("signature does not match");
    }

    @Test
    void anEmptyRangeGetsNoCheckpoint() {
        Run r = run("audit", "export", "--from", "2000-01-01", "--to", "2000-01-31", "--out", home.resolve("none.json").toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out).contains("no audit events");
        assertThat(home.resolve("none.json")).doesNotExist();
    }

    private void sql(String statement) throws Exception {
        try (var c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    record Run(int exit, String out) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new Lexhub());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        return new Run(cmd.execute(args), out.toString());
    }
}
