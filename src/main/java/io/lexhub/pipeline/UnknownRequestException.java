package io.lexhub.pipeline;

/** No request has this reference: HTTP 404. */
public class UnknownRequestException extends RuntimeException {
    public UnknownRequestException(String reference) {
        super("no request " + reference);
    }
}
