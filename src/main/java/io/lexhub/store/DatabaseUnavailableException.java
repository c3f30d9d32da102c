package io.lexhub.store;

import java.io.IOException;
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
     * starting up), 53300 (too many connections), the JDBC types for a lost or unobtainable
     * connection (HikariCP's timeout is an {@link SQLTransientConnectionException}), and two
     * failures that carry no SQLSTATE: HikariCP's "Connection is closed" (it closes a connection
     * it found broken, and every later call on it in the same transaction fails so) and a driver
     * failure caused by the socket (an {@link IOException}).
     */
    static boolean isUnavailable(Throwable e) {
        return Tx.causes(e).anyMatch(t -> {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) return true;
            if (!(t instanceof SQLException s)) return false;
            String state = s.getSQLState();
            if (state == null) return "Connection is closed".equals(s.getMessage()) || s.getCause() instanceof IOException;
            return state.startsWith("08") || state.matches("57P0[123]|53300");
        });
    }

    /** True when {@code e} is, or was caused by, the database being unavailable: what callers answer 503 for. */
    public static boolean in(Throwable e) {
        return e != null && Tx.causes(e).anyMatch(t -> t instanceof DatabaseUnavailableException);
    }
}
