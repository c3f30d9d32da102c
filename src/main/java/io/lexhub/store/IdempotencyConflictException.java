package io.lexhub.store;

/** An idempotency key (client request id) was reused for a different document. */
public class IdempotencyConflictException extends RuntimeException {

    private final String reference;

    public IdempotencyConflictException(String externalId, String reference) {
        super(externalId.replaceFirst("^client:", "request id ") + " was already used for " + reference
                + " with different content; use a new id for a new request");
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
