package io.lexhub.model;

/**
 * One problem found in a request: the field it concerns (JSON path style, e.g. terms.end), a
 * stable code for machines and a message for the requester.
 */
public record Issue(Kind kind, String field, String code, String message) {

    public enum Kind {
        /** Data is absent; the requester can add it (request goes to NEEDS_INFO). */
        MISSING,
        /** Data is present but wrong or conflicting (request is REJECTED). */
        INVALID
    }

    public static Issue missing(String field, String message) {
        return new Issue(Kind.MISSING, field, "missing", message);
    }

    public static Issue invalid(String field, String code, String message) {
        return new Issue(Kind.INVALID, field, code, message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
