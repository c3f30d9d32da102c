package io.lexhub.pipeline;

/** The request exists but no decision is open on it (already decided, not yet valid...): HTTP 409. */
public class NotDecidableException extends RuntimeException {
    public NotDecidableException(String message) {
        super(message);
    }
}
