package io.lexhub.pipeline.channel;

import io.lexhub.intake.IntakeCase;
import io.lexhub.intake.IntakeOutcome;
import io.lexhub.pipeline.evidence.FileEvidence;
import io.lexhub.pipeline.intake.IntakeSteps;
import io.lexhub.pipeline.intake.StartApproval;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.intake.ContentHash;
import io.lexhub.intake.MailForm;
import io.lexhub.intake.MailParser;
import io.lexhub.intake.MailParser.Attachment;
import io.lexhub.intake.MailParser.ParsedMail;
import io.lexhub.intake.MalformedMailException;
import io.lexhub.intake.MalformedRequestException;
import io.lexhub.intake.RawSubmission;
import io.lexhub.intake.RequestParser;
import io.lexhub.intake.SenderCheck;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RequestState;
import io.lexhub.model.Submitter;
import io.lexhub.notify.Notice;
import io.lexhub.notify.Notices;
import io.lexhub.store.IdempotencyConflictException;
import io.lexhub.model.Json;
import io.lexhub.store.MailLog;
import io.lexhub.store.RequestStore;
import io.lexhub.store.StoreException;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what one mailbox message is: a new request (handed to direct:intake), a reply to a
 * request (supplement or correspondence), a duplicate, or something to quarantine. Every outcome
 * is stored before the route lets camel-mail flag or move the message. No Camel types.
 */
public final class MailIntake {

    private static final Logger LOG = LoggerFactory.getLogger("lexhub.intake");
    private static final Pattern REFERENCE = Pattern.compile("\\bEXC-\\d{4}-\\d{6}\\b");

    public enum Kind { NEW, REPLY, DUPLICATE, DONE }

    /** One message on its way through the mail route; {@code quarantined} decides the folder it goes to. */
    public record MailCase(Kind kind, MailLog.Entry entry, ParsedMail mail, String reference, byte[] document, String formatHint,
            String fileName, Instant receivedAt, boolean quarantined) {}

    private final MailParser parser;
    private final RequestParser requestParser;
    private final SenderCheck senders;
    private final MailLog log;
    private final RequestStore requests;
    private final IntakeSteps steps;
    private final Notices notices;
    private final StartApproval start;
    private final Clock clock;
    private final long maxMessageBytes;
    private final io.lexhub.store.OutboxStore hubMails;
    private final FileEvidence evidence;

    /**
     * @param hubMails the outbox: a reply quoting only the Message-ID of the hub's own mail is threaded by it
     * @param evidence files a mail's other attachments as evidence of its request
     */
    public MailIntake(MailParser parser, RequestParser requestParser, SenderCheck senders, MailLog log, RequestStore requests,
            IntakeSteps steps, Notices notices, StartApproval start, Clock clock, long maxMessageBytes, io.lexhub.store.OutboxStore hubMails,
            FileEvidence evidence) {
        this.parser = parser;
        this.requestParser = requestParser;
        this.senders = senders;
        this.log = log;
        this.requests = requests;
        this.steps = steps;
        this.notices = notices;
        this.start = start;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
        this.hubMails = hubMails;
        this.evidence = evidence;
    }

    /** @param raw the message as received, at most maxMessageBytes (+1 when it was cut short) */
    public MailCase read(byte[] raw) {
        Instant now = clock.instant();
        if (raw.length > maxMessageBytes) {
            return unreadable(raw, now, "The message is " + raw.length + " bytes or more; the limit is " + maxMessageBytes + " bytes.");
        }
        ParsedMail mail;
        try {
            mail = parser.parse(raw);
        } catch (MalformedMailException e) {
            return unreadable(raw, now, e.getMessage());
        }
        MailLog.Entry entry = new MailLog.Entry(mail.messageId(), mail.contentSha256(), mail.fromAddress(), mail.fromDomain());
        if (log.seen(entry)) {
            LOG.info("mail {} from {} was handled before; only marked", mail.messageId(), mail.fromAddress());
            return new MailCase(Kind.DUPLICATE, entry, mail, null, null, null, null, now, false);
        }
        Optional<String> authFailure = senders.authentication(mail.trace());
        if (authFailure.isPresent()) return notAccepted(raw, entry, mail, now, authFailure.get());

        Optional<String> ref = threadReference(mail);
        if (ref.isPresent()) return new MailCase(Kind.REPLY, entry, mail, ref.get(), raw, null, null, now, false);

        // a new request: an attached document wins over the body
        Optional<Attachment> doc = mail.attachments().stream().filter(MailIntake::isRequestDocument).findFirst();
        byte[] document;
        String hint;
        String fileName = null;
        if (doc.isPresent()) {
            document = doc.get().content();
            hint = doc.get().fileName() != null ? doc.get().fileName() : doc.get().contentType();
            fileName = doc.get().fileName();
        } else {
            MailForm.Read form = MailForm.read(mail.text());
            ObjectNode d = form.document();
            if (form.fields() == 0 && !form.unquotedText().isBlank()) {
                // free text: what it says becomes the justification; the reply asks for the rest
                String text = form.unquotedText();
                d.put("justification", text.length() > 5000 ? text.substring(0, 5000) : text);
            }
            MailForm.defaultsFromSender(d, mail.fromAddress(), mail.fromName());
            document = Json.write(d).getBytes(StandardCharsets.UTF_8);
            hint = "application/json";
        }
        ExceptionRequest request;
        try {
            request = requestParser.parse(document, hint).request();
        } catch (MalformedRequestException e) {
            return unreadable(raw, entry, mail, now, String.join(" ", e.problems()));
        }
        String customerId = request.customer() == null ? null : request.customer().id();
        String customerDomain = request.customer() == null ? null : request.customer().domain();
        Optional<String> notTheirs = senders.belongsToCustomer(mail.fromDomain(), customerId, customerDomain);
        if (notTheirs.isPresent()) return notAccepted(raw, entry, mail, now, notTheirs.get());
        return new MailCase(Kind.NEW, entry, mail, null, document, hint, fileName, now, false);
    }

    public RawSubmission submission(MailCase c) {
        String externalId = c.entry().messageId().isEmpty() ? "sha256:" + c.entry().contentSha256() : c.entry().messageId();
        return new RawSubmission(RawSubmission.MAIL, externalId, c.fileName(), c.formatHint(), c.document(), c.receivedAt(), submitter(c.mail()));
    }

    /**
     * The sender as the mail proves them: the From address (the document's requester is only what
     * the sender claims). It counts for conflict of interest even when DMARC could not vouch for it;
     * the audit trail says which.
     */
    Submitter submitter(ParsedMail mail) {
        String how = senders.dmarcPassed(mail.trace()) ? "mail From, DMARC pass" : "mail From, not verified by DMARC";
        return new Submitter("mail:" + mail.fromAddress(), mail.fromAddress(), mail.fromName(), how);
    }

    /**
     * Records the message as the request's and files its other attachments as evidence, in one
     * transaction. Done once: a redelivery finds the message's row (the whole transaction gives
     * way), and after a crash before this commit the same files are found by their hash.
     */
    public void accepted(MailCase c, IntakeOutcome outcome) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        log.runOnce(conn -> {
            log.record(conn, c.entry(), MailLog.Outcome.REQUEST, outcome.reference(), null, now);
            fileEvidence(conn, outcome.reference(), c.mail(), now);
        });
    }

    /** The attachments other than the request document, filed as evidence; one refused is noted on the record (evidence.refused). */
    private void fileEvidence(java.sql.Connection conn, String reference, ParsedMail mail, OffsetDateTime now) throws SQLException {
        Optional<Attachment> doc = mail.attachments().stream().filter(MailIntake::isRequestDocument).findFirst();
        for (Attachment a : mail.attachments()) {
            if (doc.isPresent() && a == doc.get()) continue;
            FileEvidence.Filing f = evidence.fileOrNote(conn, reference, a.fileName(), a.content(), "mail:" + mail.fromAddress(), "mail", now);
            if (f instanceof FileEvidence.Filing.Refused r) LOG.info("{}: attachment of mail {} not filed as evidence: {}", reference, mail.messageId(), r.reason());
        }
    }

    /** direct:intake refused what read() let through: a Message-ID reused with other content. */
    public MailCase refusedByIntake(MailCase c, Exception e) {
        String reason = e instanceof IdempotencyConflictException ? "Message-ID " + c.entry().messageId()
                + " was already used for another request with other content: " + e.getMessage() : e.getMessage();
        quarantine(c.entry(), rawOf(c), reason, List.of());
        return withQuarantine(c);
    }

    /** A reply about a stored request: supplement it when it waits for information, else file it as correspondence. */
    public MailCase reply(MailCase c) {
        ParsedMail mail = c.mail();
        RequestStore.Stored stored = requests.find(c.reference()).orElseThrow();
        String original = log.originalDomain(stored.reference())
                .orElse(stored.replyTo() == null ? null : stored.replyTo().substring(stored.replyTo().lastIndexOf('@') + 1));
        Optional<String> refused = senders.mayAnswer(mail.fromDomain(), original, stored.customerId());
        if (refused.isPresent()) return notAccepted(rawOf(c), c.entry(), mail, c.receivedAt(), refused.get());
        OffsetDateTime now = OffsetDateTime.now(clock);
        String actor = "mail:" + mail.fromAddress();
        String key = c.entry().messageId().isEmpty() ? c.entry().contentSha256() : ContentHash.sha256(c.entry().messageId().getBytes(StandardCharsets.UTF_8));
        try {
            if (stored.state() == RequestState.NEEDS_INFO) {
                return supplement(c, stored, actor, key, now);
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("messageId", mail.messageId());
            payload.put("from", mail.fromAddress());
            payload.put("subject", mail.subject());
            payload.put("text", MailForm.read(mail.text()).unquotedText());
            payload.put("state", stored.state().name());
            // in the language of the request's mails: its own, else its customer's
            Locale language = notices.language(io.lexhub.model.Json.readTree(stored.requestJson()).path("language").asText(null), stored.customerId());
            Notice ack = notices.mail("mail-correspondence", "correspondence:" + stored.reference() + ":" + key.substring(0, 32),
                    mail.fromAddress(), Map.of("reference", stored.reference(), "state", notices.stateText(stored.state(), language)), language);
            requests.correspondence(stored.reference(), actor, payload, List.of(ack), now, conn -> {
                log.record(conn, c.entry(), MailLog.Outcome.CORRESPONDENCE, stored.reference(), null, now);
                fileEvidence(conn, stored.reference(), mail, now);
            });
            LOG.info("{} mail from {} filed as correspondence ({}); terms unchanged", stored.reference(), mail.fromAddress(), stored.state());
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException s && Tx.isUniqueViolation(s))) throw e;
            LOG.info("mail {} was handled concurrently; only marked", mail.messageId());
        }
        return withKind(c, Kind.DONE);
    }

    private MailCase supplement(MailCase c, RequestStore.Stored stored, String actor, String key, OffsetDateTime now) {
        ParsedMail mail = c.mail();
        Optional<Attachment> doc = mail.attachments().stream().filter(MailIntake::isRequestDocument).findFirst();
        JsonNode supplied;
        try {
            supplied = doc.isPresent()
                    ? Json.MAPPER.valueToTree(requestParser.parse(doc.get().content(), doc.get().fileName()).request())
                    : MailForm.read(mail.text()).document();
        } catch (MalformedRequestException e) {
            return unreadable(rawOf(c), c.entry(), mail, c.receivedAt(), String.join(" ", e.problems()));
        }
        ObjectNode merged;
        try {
            merged = (ObjectNode) Json.MAPPER.readTree(stored.requestJson());
        } catch (Exception e) {
            throw new IllegalStateException("stored request " + stored.reference() + " is unreadable", e);
        }
        merge(merged, supplied);
        byte[] document = Json.write(merged).getBytes(StandardCharsets.UTF_8);
        RawSubmission raw = new RawSubmission(RawSubmission.MAIL, "supplement:" + key, null, "application/json", document, c.receivedAt());
        IntakeCase normalised = steps.normalise(raw);
        // free text named no customer; now that the request does, the sender must belong to it
        ExceptionRequest r = normalised.request();
        Optional<String> notTheirs = senders.belongsToCustomer(mail.fromDomain(),
                r.customer() == null ? null : r.customer().id(), r.customer() == null ? null : r.customer().domain());
        if (notTheirs.isPresent()) return notAccepted(rawOf(c), c.entry(), mail, c.receivedAt(), notTheirs.get());
        IntakeCase assessed = steps.reassess(normalised, stored.reference());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("messageId", mail.messageId());
        payload.put("from", mail.fromAddress());
        payload.put("supplied", supplied);
        payload.put("subject", mail.subject());
        payload.put("text", MailForm.read(mail.text()).unquotedText());
        IntakeOutcome outcome = requests.supplement(stored.reference(), assessed, payload, actor, now,
                (conn, ref, state) -> start.afterAssessment(conn, ref, state, assessed,
                        notices.forAssessment("supplement:" + ref + ":" + key.substring(0, 32), ref, state, assessed), now),
                conn -> {
                    log.record(conn, c.entry(), MailLog.Outcome.SUPPLEMENT, stored.reference(), null, now);
                    fileEvidence(conn, stored.reference(), mail, now);
                });
        LOG.info("{} supplemented by mail from {}: NEEDS_INFO -> RECEIVED -> {}", stored.reference(), mail.fromAddress(), outcome.state());
        return withKind(c, Kind.DONE);
    }

    /** Objects merge field by field; any other supplied value replaces the stored one. */
    static void merge(ObjectNode target, JsonNode supplied) {
        supplied.fields().forEachRemaining(f -> {
            JsonNode existing = target.get(f.getKey());
            if (existing instanceof ObjectNode o && f.getValue().isObject()) merge(o, f.getValue());
            else if (!(f.getValue().isArray() && f.getValue().isEmpty())) target.set(f.getKey(), f.getValue());
        });
    }

    private Optional<String> threadReference(ParsedMail mail) {
        Matcher m = REFERENCE.matcher(mail.subject());
        if (m.find() && requests.find(m.group()).isPresent()) return Optional.of(m.group());
        // a reply names the customer's first mail (References), or at least the hub's mail it answers (In-Reply-To)
        return requests.referenceOf(RawSubmission.MAIL, mail.threadIds()).or(() -> hubMails.requestOfMessageId(mail.threadIds()));
    }

    private static boolean isRequestDocument(Attachment a) {
        String name = a.fileName() == null ? "" : a.fileName().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")
                || List.of("application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml").contains(a.contentType());
    }

    /**
     * The route failed on this message in a way nobody foresaw: kept whole in quarantine, with no
     * reply (nothing of it can be trusted); the details go to the log.
     */
    public MailCase crashed(byte[] raw, Exception e) {
        LOG.error("a mail could not be processed; it is quarantined", e);
        return unreadable(raw, clock.instant(), "The message could not be processed (" + e.getClass().getSimpleName() + "); see the hub's log.");
    }

    /**
     * The server did not hand the message over in {@code tries} polls: quarantined with the bytes
     * that were read, under its Message-ID (as the server listed it) so two such messages stay apart.
     */
    public MailCase notFetched(byte[] raw, String messageId, int tries, String problem) {
        LOG.error("a mail the server did not hand over in {} tries is quarantined with the {} byte(s) read: {}", tries, raw.length, problem);
        String id = messageId == null || messageId.length() > 250 ? "" : messageId.strip();
        return unreadable(raw, id, clock.instant(), "The mail server did not hand the message over in " + tries + " tries (" + problem
                + "); what could be read of it is kept.");
    }

    /** Not MIME we can read: kept whole; no reply, the sender could not be read or trusted. */
    private MailCase unreadable(byte[] raw, Instant now, String reason) {
        return unreadable(raw, "", now, reason);
    }

    private MailCase unreadable(byte[] raw, String messageId, Instant now, String reason) {
        String sha = ContentHash.sha256(raw);
        MailLog.Entry entry = new MailLog.Entry(messageId, sha, null, null);
        if (!log.seen(entry)) quarantine(entry, raw, reason, List.of());
        return new MailCase(Kind.DONE, entry, null, null, raw, null, null, now, true);
    }

    /** Readable mail whose request document is not: quarantined, and the sender is told what to fix. */
    private MailCase unreadable(byte[] raw, MailLog.Entry entry, ParsedMail mail, Instant now, String problem) {
        // no request to take a language from: the one the sender's mail program declared
        Notice reply = notices.mail("mail-unreadable", "mail-unreadable:" + entry.contentSha256(), mail.fromAddress(),
                Map.of("problems", List.of(problem)), notices.language(mail.language(), null));
        quarantine(entry, raw, problem, List.of(reply));
        return new MailCase(Kind.DONE, entry, mail, null, raw, null, null, now, true);
    }

    /** Failed sender verification: quarantined with the reason; the reply says nothing about why. */
    private MailCase notAccepted(byte[] raw, MailLog.Entry entry, ParsedMail mail, Instant now, String reason) {
        Notice reply = notices.mail("mail-not-accepted", "mail-not-accepted:" + entry.contentSha256(), mail.fromAddress(), Map.of(),
                notices.language(mail.language(), null));
        quarantine(entry, raw, "sender not verified: " + reason, List.of(reply));
        LOG.warn("mail {} from {} not accepted: {}", mail.messageId(), mail.fromAddress(), reason);
        return new MailCase(Kind.DONE, entry, mail, null, raw, null, null, now, true);
    }

    private void quarantine(MailLog.Entry entry, byte[] raw, String reason, List<Notice> replies) {
        RawSubmission submission = new RawSubmission(RawSubmission.MAIL, null, null, null, raw, clock.instant());
        boolean first = log.quarantine(entry, submission, "sha256:" + entry.contentSha256(), reason, replies, OffsetDateTime.now(clock));
        LOG.warn("mail {} quarantined{}: {}", entry.messageId(), first ? "" : " (again, nothing changed)", reason);
    }

    /** A reply carries its raw message in document (it has no request document), so it can still be quarantined whole. */
    private static byte[] rawOf(MailCase c) {
        return c.document() != null ? c.document() : new byte[0];
    }

    private static MailCase withKind(MailCase c, Kind kind) {
        return new MailCase(kind, c.entry(), c.mail(), c.reference(), c.document(), c.formatHint(), c.fileName(), c.receivedAt(), c.quarantined());
    }

    private static MailCase withQuarantine(MailCase c) {
        return new MailCase(Kind.DONE, c.entry(), c.mail(), c.reference(), c.document(), c.formatHint(), c.fileName(), c.receivedAt(), true);
    }
}
