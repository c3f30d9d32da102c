package io.lexhub.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * The database could not be reached: it is down or restarting, the connection was cut, or the
 * pool found no connection within lexhub.db.connection-timeout-ms. Nothing the input could fix:
 * the work was rolled back and can be tried again as it is (the file stays in inbox/, the API
 * answers 503 and the client retries with its idempotency key).
 */
public final class DatabaseUnavailableException extends StoreException {

    public DatabaseUnavailableException(SQLException cause) {
        super("database unavailable: " + cause.getMessage(), cause);
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (PostgreSQL shutting down, crashed or
     * starting up), 53300 (too many connections), or the JDBC types for a lost or unobtainable
     * connection (HikariCP's timeout is an {@link SQLTransientConnectionException}).
     */
    static boolean isUnavailable(SQLException e) {
        return Tx.causes(e).anyMatch(t -> {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) return true;
            String state = t instanceof SQLException s ? s.getSQLState() : null;
            return state != null && (state.startsWith("08") || state.matches("57P0[123]|53300"));
        });
    }
}
