package io.lexhub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.store.AuditRowStore;
import io.lexhub.store.Database;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hash chain detects every kind of tampering with the stored rows. */
class AuditTrailTest {

    private Database db;
    private Tx tx;
    private final AuditTrail trail = new AuditTrail("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), new AuditRowStore());

    /** The database the chain is written to (migrated here); PostgreSQL in the subclass. */
    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    @BeforeEach
    void fiveEvents() throws Exception {
        db = open().migrate();
        tx = new Tx(db.dataSource());
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 24, 9, 0, 0, 123_456_789, ZoneOffset.ofHours(1));
        for (int i = 1; i <= 5; i++) {
            int n = i;
            tx.inTransaction(c -> {
                trail.append(c, t.plusMinutes(n), "EXC-2026-00000" + n, "request.received", "system:test",
                        "{\"n\":" + n + ",\"note\":\"ünïcode, \\\"quotes\\\"\"}");
                return null;
            });
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void intactChainVerifies() {
        AuditTrail.VerifyResult r = tx.read(trail::verify);
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo("OK: 5 audit events verified, chain intact");
    }

    @Test
    void aTransactionAppendsItsEventsInOrderAndMovesTheHeadPastTheLast() {
        // a few events (one statement on PostgreSQL) and a bulk append beyond one statement (audit verify --adopt)
        for (int n : new int[] {3, AuditRowStore.ONE_STATEMENT + 7}) {
            long before = tx.read(c -> trail.rows().head(c).orElseThrow().seq());
            tx.inTransaction(c -> {
                trail.collect(c);
                for (int i = 0; i < n; i++) trail.append(c, OffsetDateTime.now(), "EXC-2026-000099", "request.noted", "desk:ana", "{\"i\":" + i + "}");
                trail.appendCollected(c);
                return null;
            });
            long head = tx.read(c -> trail.rows().head(c).orElseThrow().seq());
            assertThat(head).isEqualTo(before + n);
            Optional<String> last = tx.read(c -> trail.rows().hashOf(c, head));
            assertThat(last).contains(tx.read(c -> trail.rows().head(c).orElseThrow().hash()));
        }
        AuditTrail.VerifyResult r = tx.read(trail::verify);
        assertThat(r.message()).isEqualTo("OK: " + (5 + 3 + AuditRowStore.ONE_STATEMENT + 7) + " audit events verified, chain intact");
    }

    @Test
    void editedPayloadIsDetected() {
        sql("UPDATE audit_events SET payload = '{\"n\":3,\"note\":\"approved\"}' WHERE seq = 3");
        AuditTrail.VerifyResult r = tx.read(trail::verify);
        assertThat(r.ok()).isFalse();
        assertThat(r.brokenAt()).isEqualTo(3);
        assertThat(r.message()).contains("event 3 (request.received) does not match its hash: the row was edited");
    }

    @Test
    void editedActorOrTimeIsDetected() {
        sql("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2");
        assertThat(tx.read(trail::verify).brokenAt()).isEqualTo(2);
    }

    @Test
    void deletedRowIsDetected() {
        sql("DELETE FROM audit_events WHERE seq = 2");
        AuditTrail.VerifyResult r = tx.read(trail::verify);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("expected event 2 but found 3: events 2..2 were deleted");
    }

    @Test
    void deletedNewestRowsAreDetectedAgainstTheHead() {
        sql("DELETE FROM audit_events WHERE seq >= 4");
        AuditTrail.VerifyResult r = tx.read(trail::verify);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("the chain ends at event 3 but the head records event 5");
    }

    @Test
    void rehashedRowWithoutTheKeyIsDetected() {
        // an editor without the HMAC key can only guess; a plain SHA-256 does not fit
        sql("UPDATE audit_events SET payload = '{}', hash = '" + "a".repeat(64) + "' WHERE seq = 5");
        assertThat(tx.read(trail::verify).brokenAt()).isEqualTo(5);
    }

    @Test
    void swappedRowsAreDetected() {
        sql("UPDATE audit_events SET seq = 100 WHERE seq = 2");
        sql("UPDATE audit_events SET seq = 2 WHERE seq = 4");
        sql("UPDATE audit_events SET seq = 4 WHERE seq = 100");
        assertThat(tx.read(trail::verify).brokenAt()).isEqualTo(2);
    }

    @Test
    void aDifferentKeyDoesNotVerify() {
        AuditTrail other = new AuditTrail("another-key-0123456789".getBytes(StandardCharsets.UTF_8), new AuditRowStore());
        assertThat(tx.read(other::verify).brokenAt()).isEqualTo(1);
    }

    private void sql(String statement) {
        tx.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(statement);
            }
        });
    }
}
