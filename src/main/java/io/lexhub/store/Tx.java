package io.lexhub.store;

import io.lexhub.audit.AuditTrail;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Runs work in one JDBC transaction (architecture rule 3): commit on return, roll back on any failure.
 * With an audit trail, the transaction's audit events are appended last, right before commit.
 */
public final class Tx {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final AuditTrail audit;
    /** Not null for a rehearsal: every transaction is rolled back, its audit events handed here first. */
    private final Consumer<List<AuditTrail.Planned>> rehearsal;

    public Tx(DataSource dataSource) {
        this(dataSource, null);
    }

    private Tx(DataSource dataSource, AuditTrail audit, Consumer<List<AuditTrail.Planned>> rehearsal) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.rehearsal = rehearsal;
    }

    /**
     * Transactions that run the work as usual and then roll it back, so a dry run (lexhub sweep
     * --dry-run) goes through the very code of the real run and commits nothing. The audit events
     * each transaction would have appended (one per thing it did) go to {@code events} first.
     */
    public static Tx rehearsal(DataSource dataSource, AuditTrail audit, Consumer<List<AuditTrail.Planned>> events) {
        return new Tx(dataSource, audit, events);
    }

    /**
     * Transactions whose audit events are collected and appended together just before commit:
     * the chain head (one row every writer needs) is then locked only for those final inserts.
     */
    public Tx(DataSource dataSource, AuditTrail audit) {
        this(dataSource, audit, null);
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = connection()) {
            // HikariCP sets auto-commit back when the connection returns to the pool
            c.setAutoCommit(false);
            if (audit != null) audit.collect(c);
            try {
                T result = work.run(c);
                if (rehearsal != null) {
                    rehearsal.accept(audit == null ? List.of() : audit.collectedEvents(c));
                    c.rollback();
                    return result;
                }
                if (audit != null) audit.appendCollected(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // on a connection that was cut the rollback fails too ("Connection is closed", no
                // SQLSTATE): keep the first failure, which tells the caller the database went away
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw StoreException.ofFailedTransaction(e);
            } finally {
                if (audit != null) audit.discard(c);
            }
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /** True when the database is known to be away: its pool holds no connection ({@link Database#away}). */
    public boolean databaseAway() {
        return Database.away(dataSource);
    }

    /** Read-only work outside a transaction. */
    public <T> T read(Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /**
     * A pooled connection; none at once while the pool holds none ({@link Database#away}): the
     * caller would wait lexhub.db.connection-timeout-ms for one that cannot come, holding an HTTP
     * worker or a poll meanwhile. The pool fills itself again in the background when the database
     * answers.
     */
    private Connection connection() throws SQLException {
        if (Database.away(dataSource)) throw new SQLTransientConnectionException("no connection in the pool: the database does not answer");
        return dataSource.getConnection();
    }

    public static boolean isUniqueViolation(SQLException e) {
        return causes(e).anyMatch(t -> t instanceof SQLException s && "23505".equals(s.getSQLState()));
    }

    /**
     * An exception, its causes and, for SQL exceptions, their next exceptions: a failed JDBC
     * batch (BatchUpdateException) carries the failure of its statement as the next exception.
     */
    static Stream<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty() && all.size() < 50) {
            Throwable t = todo.pop();
            if (all.contains(t)) continue;
            all.add(t);
            if (t.getCause() != null) todo.add(t.getCause());
            if (t instanceof SQLException s && s.getNextException() != null) todo.add(s.getNextException());
        }
        return all.stream();
    }
}
