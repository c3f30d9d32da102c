package io.lexhub.intake;

import java.time.Instant;

/**
 * An input as a channel received it, before parsing. {@code externalId} is the channel's
 * identity for deduplication (DESIGN rule 2); null means "derive it from the document".
 */
public record RawSubmission(
        String source, String externalId, String fileName, String formatHint, byte[] content, Instant receivedAt) {

    public static final String FILE = "file";
    public static final String API = "api";
    public static final String MAIL = "mail";
    public static final String JIRA = "jira";
}
