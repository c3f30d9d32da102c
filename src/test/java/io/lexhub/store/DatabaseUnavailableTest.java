package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lexhub.notify.Notice;
import io.lexhub.support.MutableClock;
import io.lexhub.support.Sql;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A database that cannot be reached is told apart from other database errors, also when the
 * rollback on the cut connection fails as well; and a message sent just before the database
 * went away is marked sent once it is back, never sent again.
 */
class DatabaseUnavailableTest {

    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2).migrate();

    @AfterEach
    void close() {
        db.close();
    }

    /**
     * A pool that holds no connection (the database stopped answering; here nothing listens) fails
     * a transaction at once as unavailable, with its own reason, rather than after HikariCP's
     * timeout; and the database then counts as away for the health probe.
     */
    @Test
    void aPoolThatHoldsNoConnectionFailsAtOnceAsUnavailable() throws Exception {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + io.lexhub.support.TestHub.freePort() + "/lexhub");
        config.setUsername("lexhub");
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(60_000);
        try (com.zaxxer.hikari.HikariDataSource nothingListens = new com.zaxxer.hikari.HikariDataSource(config)) {
            assertThatThrownBy(() -> new Tx(nothingListens).inTransaction(c -> 1)).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessage("database unavailable: no connection in the pool: the database does not answer");
            assertThatThrownBy(() -> new Tx(nothingListens).read(c -> 1)).isInstanceOf(DatabaseUnavailableException.class);
            assertThat(Database.away(nothingListens)).isTrue();
        }
        assertThat(db.away()).isFalse();
        assertThat(db.reachable()).isTrue();
    }

    @Test
    void connectionFailuresAreUnavailableOtherErrorsAreNot() {
        assertThat(StoreException.of(new SQLException("terminating connection due to administrator command", "57P01")))
                .isInstanceOf(DatabaseUnavailableException.class);
        assertThat(StoreException.of(new SQLException("Connection refused", "08001"))).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(StoreException.of(new SQLTransientConnectionException("lexhub - Connection is not available, request timed out after 5000ms")))
                .isInstanceOf(DatabaseUnavailableException.class);
        assertThat(StoreException.of(new SQLException("duplicate key", "23505"))).isNotInstanceOf(DatabaseUnavailableException.class);
        assertThat(StoreException.of(new SQLException("syntax error", "42601"))).isNotInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void aConnectionCutMidTransactionIsUnavailableHoweverItIsReported() {
        // HikariCP closes a connection it found broken: every later call on it fails without a SQLSTATE
        assertThat(StoreException.of(new SQLException("Connection is closed"))).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(StoreException.of(new SQLException("An I/O error occurred while sending to the backend.", null,
                new java.net.SocketException("Connection reset")))).isInstanceOf(DatabaseUnavailableException.class);
        Tx tx = new Tx(db.dataSource());
        // a SQLException the work wrapped in a runtime exception
        assertThatThrownBy(() -> tx.inTransaction(c -> {
            throw new IllegalStateException("could not read", new SQLException("This connection has been closed.", "08003"));
        })).isInstanceOf(DatabaseUnavailableException.class);
        // the work's error says nothing of the connection, but the rollback finds it gone
        Connection cut = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
            if (m.getName().equals("rollback")) throw new SQLException("Connection is closed");
            return m.getReturnType() == boolean.class ? false : null;
        });
        Tx cutTx = new Tx(new Switchable(db.dataSource()) {
            @Override
            public Connection getConnection() {
                return cut;
            }
        });
        assertThatThrownBy(() -> cutTx.inTransaction(c -> {
            throw new SQLException("current transaction is aborted", "25P02");
        })).isInstanceOf(DatabaseUnavailableException.class);
        // errors of the work on a sound connection stay what they are
        assertThatThrownBy(() -> tx.inTransaction(c -> {
            throw new IllegalStateException("a bug");
        })).isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRollbackThatFailsOnTheCutConnectionDoesNotHideWhyTheTransactionFailed() {
        // HikariCP hands back a closed connection after a broken one: its rollback fails without a SQLSTATE
        Connection cut = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
            if (m.getName().equals("rollback")) throw new SQLException("Connection is closed");
            return m.getReturnType() == boolean.class ? false : null;
        });
        Tx tx = new Tx(new Switchable(db.dataSource()) {
            @Override
            public Connection getConnection() {
                return cut;
            }
        });
        assertThatThrownBy(() -> tx.inTransaction(c -> {
            throw new SQLException("terminating connection due to administrator command", "57P01");
        })).isInstanceOf(DatabaseUnavailableException.class)
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).extracting(Throwable::getMessage).containsExactly("Connection is closed"));
    }

    @Test
    void aMessageSentWhileTheDatabaseWentAwayIsMarkedSentWhenItIsBackAndNotSentAgain() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
        Switchable ds = new Switchable(db.dataSource());
        OutboxStore outbox = new OutboxStore(new Tx(ds), clock, Duration.ofSeconds(60), Duration.ofSeconds(10));
        new Tx(ds).inTransaction(c -> {
            outbox.enqueue(c, null, new Notice("ack:1", Notice.MAIL, "someone@example.com", "hello", "body"), OffsetDateTime.now(clock));
            return null;
        });
        long id = outbox.claimDue(10, Notice.MAIL).get(0).id();

        // sent by SMTP; then the database is gone when the mark is written
        ds.down = true;
        outbox.markSent(id);
        assertThatThrownBy(() -> outbox.claimDue(10, Notice.MAIL)).isInstanceOf(DatabaseUnavailableException.class);

        // back after the claim ran out: the mark is written first, so the message is not claimed again
        ds.down = false;
        clock.advance(Duration.ofMinutes(5));
        assertThat(outbox.claimDue(10, Notice.MAIL)).isEmpty();
        Sql sql = new Sql(db);
        assertThat(sql.strings("SELECT status || ' ' || attempts FROM outbox WHERE id = ?", id)).containsExactly("SENT 1");
        assertThat(sql.count("SELECT COUNT(*) FROM outbox WHERE sent_at = ?", OffsetDateTime.parse("2026-11-24T09:00:00Z"))).isEqualTo(1);
    }

    /** The pool, or no connection at all while {@link #down}, as HikariCP answers when the database is unreachable. */
    static class Switchable implements DataSource {
        final DataSource pool;
        volatile boolean down;

        Switchable(DataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) throw new SQLTransientConnectionException("lexhub - Connection is not available, request timed out after 5000ms");
            return pool.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
