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
}
