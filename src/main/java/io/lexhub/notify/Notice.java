package io.lexhub.notify;

/** A message to send, as it goes into the outbox. dedupKey makes it unique (DESIGN rule 4). */
public record Notice(String dedupKey, String channel, String recipient, String subject, String body) {
    public static final String MAIL = "mail";
}
