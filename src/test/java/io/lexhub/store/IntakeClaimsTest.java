package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.MutableClock;
import io.lexhub.support.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes' claims on the same inputs, on one database; time moves by hand. */
class IntakeClaimsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2).migrate();
    final IntakeClaims a = new IntakeClaims(new Tx(db.dataSource()), clock, Duration.ofSeconds(30), "node-a");
    final IntakeClaims b = new IntakeClaims(new Tx(db.dataSource()), clock, Duration.ofSeconds(30), "node-b");

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void oneNodeHoldsAnInputUntilItReleasesIt() {
        assertThat(a.claim("file", "/drop/inbox/x.json")).isTrue();
        assertThat(b.claim("file", "/drop/inbox/x.json")).isFalse();
        assertThat(a.claim("file", "/drop/inbox/x.json")).as("held, also by the holder").isFalse();
        assertThat(b.claim("mail", "/drop/inbox/x.json")).as("another scope").isTrue();
        assertThat(b.held("file", "/drop/inbox/x.json")).isTrue();

        // only the holder releases it (Camel also removes keys it could not lock)
        assertThat(b.release("file", "/drop/inbox/x.json")).isFalse();
        assertThat(b.claim("file", "/drop/inbox/x.json")).isFalse();
        assertThat(a.release("file", "/drop/inbox/x.json")).isTrue();
        assertThat(b.claim("file", "/drop/inbox/x.json")).isTrue();
    }

    @Test
    void aRenewedClaimLastsAndAnAbandonedOneIsTakenOverOnce() {
        assertThat(a.claim("mail", "<m1@x>")).isTrue();
        assertThat(a.claim("mail", "<m2@x>")).isTrue();
        clock.advance(Duration.ofSeconds(20));
        a.renew("mail", List.of("<m1@x>"));
        clock.advance(Duration.ofSeconds(20));
        assertThat(b.claim("mail", "<m1@x>")).as("renewed 20 s ago").isFalse();
        assertThat(b.claim("mail", "<m2@x>")).as("not renewed: node-a is gone").isTrue();
        IntakeClaims c = new IntakeClaims(new Tx(db.dataSource()), clock, Duration.ofSeconds(30), "node-c");
        assertThat(c.claim("mail", "<m2@x>")).as("taken over by one node only").isFalse();
        assertThat(a.release("mail", "<m2@x>")).as("no longer node-a's").isFalse();
        assertThat(b.held("mail", "<m2@x>")).isTrue();
    }

    @Test
    void renewingDeletesTheExpiredClaimsOfDeadNodes() {
        a.claim("file", "/drop/inbox/dead.json");
        clock.advance(Duration.ofSeconds(31));
        b.claim("file", "/drop/inbox/alive.json");
        b.renew("file", List.of("/drop/inbox/alive.json"));
        assertThat(new Sql(db).strings("SELECT claim_key FROM intake_claims")).containsExactly("/drop/inbox/alive.json");
    }

    @Test
    void aKeyLongerThanTheColumnIsStoredAsItsHash() {
        String id = "<" + "x".repeat(2000) + "@sender.example>";
        assertThat(a.claim("mail", id)).isTrue();
        assertThat(b.claim("mail", id)).isFalse();
        assertThat(new Sql(db).strings("SELECT claim_key FROM intake_claims")).singleElement().asString().startsWith("sha256:").hasSize(71);
        assertThat(a.release("mail", id)).isTrue();
    }
}
