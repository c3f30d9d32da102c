package io.lexhub.pipeline;

import io.lexhub.intake.ContentHash;
import io.lexhub.store.ApprovalStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * Single-use decision links for approver mails: a random 256-bit token per approver, request,
 * level and action; only its SHA-256 is stored, with an expiry. The link opens a confirmation
 * page; only the form POST from that page decides, because mail scanners fetch links.
 */
public final class DecisionLinks {

    public record Pair(String approveUrl, String denyUrl) {}

    private final ApprovalStore approvals;
    private final String publicUrl;
    private final Duration validFor;
    private final SecureRandom random = new SecureRandom();

    public DecisionLinks(ApprovalStore approvals, String publicUrl, Duration validFor) {
        this.approvals = approvals;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.validFor = validFor;
    }

    public Pair issue(Connection c, String ref, int round, int level, String approverId, OffsetDateTime now) throws SQLException {
        return new Pair(issue(c, ref, round, level, approverId, "APPROVE", now), issue(c, ref, round, level, approverId, "DENY", now));
    }

    private String issue(Connection c, String ref, int round, int level, String approverId, String action, OffsetDateTime now) throws SQLException {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        approvals.insertToken(c, new ApprovalStore.TokenRow(hash(token), ref, round, level, approverId, action, now.plus(validFor), null), now);
        return publicUrl + "/api/requests/" + ref + "/mail-decisions/" + token;
    }

    public static String hash(String token) {
        return ContentHash.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
