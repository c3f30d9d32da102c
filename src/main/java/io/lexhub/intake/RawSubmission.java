package io.lexhub.intake;

import io.lexhub.model.Submitter;
import java.time.Instant;
import java.util.Map;

/**
 * An input as a channel received it, before parsing. {@code externalId} is the channel's
 * identity for deduplication (architecture rule 2); null means "derive it from the document".
 * {@code submitter} is who sent it as the channel authenticated them (mail From, Jira reporter,
 * API key owner), null when the channel proves nobody (file drop); it is stored with the request
 * and counts for conflict of interest beside the document's requester. {@code fieldNames} says,
 * for a channel with a form of its own (a Jira ticket), where its author fills in a request field
 * ("requester.email" -> "Requester e-mail"), so what is missing is asked for by the form's names.
 * {@code practice}: the channel marks the submission a practice request (the practice/ drop folder).
 */
public record RawSubmission(
        String source, String externalId, String fileName, String formatHint, byte[] content, Instant receivedAt, Submitter submitter,
        Map<String, String> fieldNames, boolean practice) {

    public RawSubmission {
        fieldNames = fieldNames == null ? Map.of() : Map.copyOf(fieldNames);
    }

    /** A submission the channel does not mark as practice. */
    public RawSubmission(String source, String externalId, String fileName, String formatHint, byte[] content, Instant receivedAt, Submitter submitter,
            Map<String, String> fieldNames) {
        this(source, externalId, fileName, formatHint, content, receivedAt, submitter, fieldNames, false);
    }

    /** The same submission marked as practice by its channel. */
    public RawSubmission asPractice() {
        return new RawSubmission(source, externalId, fileName, formatHint, content, receivedAt, submitter, fieldNames, true);
    }

    /** A submission whose channel authenticated nobody. */
    public RawSubmission(String source, String externalId, String fileName, String formatHint, byte[] content, Instant receivedAt) {
        this(source, externalId, fileName, formatHint, content, receivedAt, null, null);
    }

    /** A submission in the request document's own terms (no form of the channel's). */
    public RawSubmission(String source, String externalId, String fileName, String formatHint, byte[] content, Instant receivedAt, Submitter submitter) {
        this(source, externalId, fileName, formatHint, content, receivedAt, submitter, null);
    }

    public static final String FILE = "file";
    public static final String API = "api";
    public static final String MAIL = "mail";
    public static final String JIRA = "jira";
    /** a customer completing their request on its portal page (docs/portal.md) */
    public static final String PORTAL = "portal";
}
