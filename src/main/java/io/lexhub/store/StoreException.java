package io.lexhub.store;

import java.sql.SQLException;

/** A database failure; transient ones (connection lost) are retried by the caller's route. */
public class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super("database error: " + cause.getMessage(), cause);
    }

    public StoreException(String message) {
        super(message);
    }

    protected StoreException(String message, SQLException cause) {
        super(message, cause);
    }

    /** The exception for a failed database call: {@link DatabaseUnavailableException} when the database could not be reached. */
    public static StoreException of(SQLException e) {
        return DatabaseUnavailableException.isUnavailable(e) ? new DatabaseUnavailableException(e) : new StoreException(e);
    }

    /**
     * What a transaction's failure is to its caller: a connection that died mid-transaction is
     * unavailable, however the work reported it (a SQLSTATE-less error after HikariCP closed the
     * connection, a runtime exception wrapping the driver's) and also when only the rollback
     * found the connection gone. Anything else stays as it was.
     */
    static RuntimeException ofFailedTransaction(Exception e) {
        if (e instanceof DatabaseUnavailableException u) return u;
        boolean unavailable = DatabaseUnavailableException.isUnavailable(e)
                || java.util.Arrays.stream(e.getSuppressed()).anyMatch(DatabaseUnavailableException::isUnavailable);
        if (unavailable) {
            SQLException sql = Tx.causes(e).filter(SQLException.class::isInstance).map(SQLException.class::cast).findFirst()
                    .orElseGet(() -> new SQLException(e.toString(), "08006", e));
            DatabaseUnavailableException u = new DatabaseUnavailableException(sql);
            if (sql != e) u.addSuppressed(e);
            return u;
        }
        return e instanceof RuntimeException r ? r : of((SQLException) e);
    }
}
