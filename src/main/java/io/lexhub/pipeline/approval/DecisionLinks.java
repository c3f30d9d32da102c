package io.lexhub.pipeline.approval;

import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.intake.ContentHash;
import io.lexhub.notify.Notices;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.OutboxStore;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Single-use decision links for approver mails: a random 256-bit token per approver, request,
 * level and action; only its SHA-256 is stored, with an expiry. The link opens a confirmation
 * page; only the form POST from that page decides, because mail scanners fetch links.
 *
 * <p>A token exists in readable form only in the mail as it is handed to the SMTP server: the
 * stored mail carries placeholders ({@link Notices#APPROVE_LINK}), and {@link #mailBody} mints the
 * tokens and writes the links in when the outbox sends it. What the database, the API and the
 * logs show of an approver's mail therefore never decides anything.
 */
public final class DecisionLinks {

    private static final String APPROVE_PLACEHOLDER = Notices.APPROVE_LINK;
    private static final String DENY_PLACEHOLDER = Notices.DENY_LINK;
    private static final String KEY_PREFIX = Notices.APPROVAL_KEY_PREFIX;

    private final Tx tx;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final String publicUrl;
    private final Duration validFor;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DecisionLinks(Tx tx, ApprovalStore approvals, AuditTrail audit, String publicUrl, Duration validFor, Clock clock) {
        this.tx = tx;
        this.approvals = approvals;
        this.audit = audit;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.validFor = validFor;
        this.clock = clock;
    }

    /**
     * The body to hand to the SMTP server: an approval mail gets its two links, minted now (each
     * attempt mints new ones: a mail that was handed over and then sent again after a crash keeps
     * both copies' links valid, whichever the approver opens); any other mail is sent as stored.
     */
    public String mailBody(OutboxStore.Message m) {
        String body = m.body();
        // the binding (request, round, level, approver) is the mail's outbox key, Notices#approvalRequest
        if (m.dedupKey() == null || !m.dedupKey().startsWith(KEY_PREFIX) || !body.contains(APPROVE_PLACEHOLDER)) return body;
        String[] part = m.dedupKey().substring(KEY_PREFIX.length()).split(":", 4);
        if (part.length != 4 || !part[1].startsWith("r") || !part[2].startsWith("l")) {
            throw new IllegalStateException("outbox message " + m.id() + " has placeholders for decision links but no approval key");
        }
        String ref = part[0];
        int round = Integer.parseInt(part[1].substring(1));
        int level = Integer.parseInt(part[2].substring(1));
        String approverId = part[3];
        OffsetDateTime now = OffsetDateTime.now(clock);
        String approve = token();
        String deny = token();
        tx.inTransaction(c -> {
            approvals.insertTokens(c, List.of(
                    new ApprovalStore.TokenRow(hash(approve), ref, round, level, approverId, "APPROVE", now.plus(validFor), null),
                    new ApprovalStore.TokenRow(hash(deny), ref, round, level, approverId, "DENY", now.plus(validFor), null)), now);
            audit.recordRow(c, RecordedTables.DECISION_TOKENS, ref, hash(approve));
            audit.recordRow(c, RecordedTables.DECISION_TOKENS, ref, hash(deny));
            return null;
        });
        return body.replace(APPROVE_PLACEHOLDER, url(ref, approve)).replace(DENY_PLACEHOLDER, url(ref, deny))
                .replace(Notices.REVIEW_LINK, publicUrl + "/requests/" + ref);
    }

    /**
     * The approver a link was minted for, if its token exists for this request (used and
     * expired ones too: the page says so); empty for anything else. Reads only.
     */
    public Optional<String> holder(String reference, String token) {
        if (reference == null || token == null || token.isEmpty() || token.length() > 100) return Optional.empty();
        return tx.read(c -> approvals.token(c, reference, hash(token))).map(ApprovalStore.TokenRow::approverId);
    }

    private String url(String ref, String token) {
        return publicUrl + "/api/requests/" + ref + "/mail-decisions/" + token;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return ContentHash.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
