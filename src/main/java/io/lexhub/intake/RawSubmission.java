package io.lexhub.intake;

import io.lexhub.model.Submitter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An input as a channel received it, before parsing. {@code externalId} is the channel's
 * identity for deduplication (architecture rule 2); null means "derive it from the document".
 * {@code submitter} is who sent it as the channel authenticated them (mail From, Jira reporter,
 * API key owner), null when the channel proves nobody (file drop); it is stored with the request
 * and counts for conflict of interest beside the document's requester. {@code fieldNames} says,
 * for a channel with a form of its own (a Jira ticket), where its author fills in a request field
 * ("requester.email" -> "Requester e-mail"), so what is missing is asked for by the form's names.
 * {@code evidence} are files sent with the request (the portal's ask form), already checked against
 * the evidence limits: intake files them in the transaction that stores the request.
 * {@code practice}: the channel marks the submission a practice request (the practice/ drop folder).
 */
public record RawSubmission(
        String source, String externalId, String fileName, String formatHint, byte[] content, Instant receivedAt, Submitter submitter,
        Map<String, String> fieldNames, List<Evidence> evidence, boolean practice) {

    /** A file sent with the request, as the sender named it. */
    public record Evidence(String fileName, byte[] content) {}

    public RawSubmission {
        fieldNames = fieldNames == null ? Map.of() : Map.copyOf(fieldNames);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A submission with a channel's own field names, no files, not marked as practice. */
    public RawSubmission(String source, String externalId, String fileName, String formatHint, byte[] content, Instant receivedAt, Submitter submitter,
            Map<String, String> fieldNames) {
        this(source, externalId, fileName, formatHint, content, receivedAt, submitter, fieldNames, null, false);
    }

    /** A submission with files sent with it (the portal's ask form), not marked as practice. */
    public RawSubmission(String source, String externalId, String fileName, String formatHint, byte[] content, Instant receivedAt, Submitter submitter,
            Map<String, String> fieldNames, List<Evidence> evidence) {
        this(source, externalId, fileName, formatHint, content, receivedAt, submitter, fieldNames, evidence, false);
    }

    /** The same submission marked as practice by its channel. */
    public RawSubmission asPractice() {
        return new RawSubmission(source, externalId, fileName, formatHint, content, receivedAt, submitter, fieldNames, evidence, true);
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
    /** a customer asking on the portal's form, or completing their request on its page (docs/portal.md) */
    public static final String PORTAL = "portal";
}
