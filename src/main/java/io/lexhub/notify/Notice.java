package io.lexhub.notify;

/** A message to send, as it goes into the outbox. dedupKey makes it unique (architecture rule 4). */
public record Notice(String dedupKey, String channel, String recipient, String subject, String body) {
    public static final String MAIL = "mail";
    /** a comment on the Jira issue named by recipient; body is plain text (made ADF for Cloud when sent) */
    public static final String JIRA_COMMENT = "jira-comment";
    /** a transition of the Jira issue named by recipient to the transition or status named by body */
    public static final String JIRA_TRANSITION = "jira-transition";
}
