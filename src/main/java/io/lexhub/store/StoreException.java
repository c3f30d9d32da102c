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
}
