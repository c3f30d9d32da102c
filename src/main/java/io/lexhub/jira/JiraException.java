package io.lexhub.jira;

/** Jira answered with an error, or could not be reached after the allowed attempts. */
public class JiraException extends RuntimeException {

    private final int status;

    public JiraException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, 0 when Jira was not reached. */
    public int status() {
        return status;
    }

    /** 401 or 403: the credentials or the account's permissions are wrong; retrying will not help. */
    public boolean accessDenied() {
        return status == 401 || status == 403;
    }
}
