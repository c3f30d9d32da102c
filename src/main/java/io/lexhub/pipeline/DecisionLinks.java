package io.lexhub.pipeline;

import io.lexhub.intake.ContentHash;
import io.lexhub.store.ApprovalStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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

    /**
     * Issues an approve and a deny link for each approver, in this order, and stores their token
     * hashes with one batched insert; returns the links, one pair per approver.
     */
    public List<Pair> issue(Connection c, String ref, int round, int level, List<String> approverIds, OffsetDateTime now) throws SQLException {
        List<ApprovalStore.TokenRow> rows = new ArrayList<>(2 * approverIds.size());
        List<Pair> pairs = new ArrayList<>(approverIds.size());
        for (String approverId : approverIds) {
            pairs.add(new Pair(token(ref, round, level, approverId, "APPROVE", now, rows), token(ref, round, level, approverId, "DENY", now, rows)));
        }
        approvals.insertTokens(c, rows, now);
        return pairs;
    }

    private String token(String ref, int round, int level, String approverId, String action, OffsetDateTime now, List<ApprovalStore.TokenRow> rows) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        rows.add(new ApprovalStore.TokenRow(hash(token), ref, round, level, approverId, action, now.plus(validFor), null));
        return publicUrl + "/api/requests/" + ref + "/mail-decisions/" + token;
    }

    public static String hash(String token) {
        return ContentHash.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
