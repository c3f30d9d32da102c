package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lexhub.support.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Callers that meet at the writer share one transaction; a failure in it falls back to one transaction each. */
class GroupCommitTest {

    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4).migrate();
    final Tx tx = new Tx(db.dataSource());
    final GroupCommit group = new GroupCommit(tx, 8);
    final ExecutorService callers = Executors.newFixedThreadPool(4);
    /** key -> the connection (i.e. the transaction) its insert ran on */
    final Map<String, Connection> ranOn = new ConcurrentHashMap<>();

    GroupCommitTest() {
        tx.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("CREATE TABLE grouped (k VARCHAR(20) PRIMARY KEY)");
            }
        });
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        db.close();
    }

    @Test
    void callersThatArriveWhileAGroupIsWrittenShareTheNextTransaction() throws Exception {
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = callers.submit(() -> group.run(c -> {
            insert(c, "first");
            firstHeld.countDown();
            hold(release);
            return "first";
        }, () -> "alone"));
        firstHeld.await();
        List<Future<String>> next = List.of("a", "b", "c").stream()
                .map(k -> callers.submit(() -> group.run(c -> insert(c, k), () -> "alone"))).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> group.waiting() == 3);
        release.countDown();

        assertThat(first.get()).isEqualTo("first");
        for (Future<String> f : next) assertThat(f.get()).isNotEqualTo("alone");
        assertThat(ranOn.get("a")).as("one transaction for the three that waited").isSameAs(ranOn.get("b")).isSameAs(ranOn.get("c"))
                .isNotSameAs(ranOn.get("first"));
        assertThat(new Sql(db).strings("SELECT k FROM grouped ORDER BY k")).containsExactly("a", "b", "c", "first");
    }

    @Test
    void aFailureInAGroupRollsItBackAndEachUnitIsWrittenAloneByItsCaller() throws Exception {
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = callers.submit(() -> group.run(c -> {
            firstHeld.countDown();
            hold(release);
            return insert(c, "first");
        }, () -> "alone"));
        firstHeld.await();
        // b fails in the group (a key that exists) and again alone; a and c are written alone
        tx.inTransaction(c -> insert(c, "b"));
        List<Future<String>> next = List.of("a", "b", "c").stream()
                .map(k -> callers.submit(() -> group.run(c -> insert(c, k), () -> tx.inTransaction(c -> insert(c, k) + " alone")))).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> group.waiting() == 3);
        release.countDown();

        assertThat(first.get()).isEqualTo("first");
        assertThat(next.get(0).get()).isEqualTo("a alone");
        assertThatThrownBy(() -> next.get(1).get()).hasRootCauseInstanceOf(java.sql.SQLException.class);
        assertThat(next.get(2).get()).isEqualTo("c alone");
        assertThat(new Sql(db).strings("SELECT k FROM grouped ORDER BY k")).containsExactly("a", "b", "c", "first");
    }

    @Test
    void aUnitAloneInItsGroupGetsItsOwnFailure() {
        tx.inTransaction(c -> insert(c, "x"));
        assertThatThrownBy(() -> group.run(c -> insert(c, "x"), () -> "must not run alone again"))
                .isInstanceOf(StoreException.class).hasRootCauseInstanceOf(java.sql.SQLException.class);
        assertThat(group.run(c -> insert(c, "y"), () -> "alone")).isEqualTo("y");
    }

    private String insert(Connection c, String key) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO grouped (k) VALUES (?)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
        ranOn.put(key, c);
        return key;
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
