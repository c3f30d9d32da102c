package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.notify.Notice;
import io.lexhub.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A batch that outlasts its claim: the message another node claimed in the meantime is sent by that node only. */
class OutboxReclaimTest {

    // nanoseconds, which neither database stores: a claim must still compare equal when read back
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00.123456789Z"));
    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2).migrate();
    final OutboxStore a = new OutboxStore(new Tx(db.dataSource()), clock, Duration.ofSeconds(60), Duration.ofSeconds(10));
    final OutboxStore b = new OutboxStore(new Tx(db.dataSource()), clock, Duration.ofSeconds(60), Duration.ofSeconds(10));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aMessageWhoseClaimRanOutAndWasTakenIsLeftToTheOtherNode() {
        for (int i = 1; i <= 3; i++) enqueue("m" + i);
        clock.advance(Duration.ofSeconds(1));
        List<OutboxStore.Message> batch = a.claimDue(10, Notice.MAIL);
        assertThat(batch).hasSize(3);
        // node-a sends the first one in time
        assertThat(a.reclaim(batch.get(0))).isNotNull();
        a.markSent(batch.get(0).id());
        // a slow server: node-a's claim on the rest runs out, node-b claims them
        clock.advance(Duration.ofSeconds(61));
        List<OutboxStore.Message> taken = b.claimDue(10, Notice.MAIL);
        assertThat(taken).extracting(OutboxStore.Message::id).containsExactly(batch.get(1).id(), batch.get(2).id());
        assertThat(a.reclaim(batch.get(1))).as("node-a leaves it").isNull();
        OutboxStore.Message renewed = b.reclaim(taken.get(0));
        assertThat(renewed).isNotNull();
        assertThat(b.reclaim(renewed)).as("each renewal is the claim of the next").isNotNull();
    }

    @Test
    void aSentMessageIsNotClaimedAgain() {
        enqueue("m1");
        clock.advance(Duration.ofSeconds(1));
        OutboxStore.Message m = a.claimDue(10, Notice.MAIL).get(0);
        a.markSent(m.id());
        assertThat(a.reclaim(m)).isNull();
    }

    private void enqueue(String key) {
        new Tx(db.dataSource()).inTransaction(c -> {
            a.enqueue(c, null, new Notice(key, Notice.MAIL, "to@x.example", "subject " + key, "body"), OffsetDateTime.now(clock));
            return null;
        });
    }
}
