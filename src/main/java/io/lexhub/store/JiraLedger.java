package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/** What the Jira poll has seen (jira_issues) and which comment commands it has taken (jira_comments). */
public final class JiraLedger {

    private final Tx tx;
    private final OutboxStore outbox;

    public JiraLedger(Tx tx, OutboxStore outbox) {
        this.tx = tx;
        this.outbox = outbox;
    }

    /** Puts a comment for a ticket that has no request (yet) into the outbox, once per dedup key. */
    public void tell(io.lexhub.notify.Notice comment, OffsetDateTime now) {
        outbox.enqueueOnce(java.util.List.of(comment), now);
    }

    /** The 'updated' value of the ticket when the hub last dealt with it. */
    public Optional<String> lastUpdated(String issueKey) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_updated FROM jira_issues WHERE issue_key = ?")) {
                ps.setString(1, issueKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The SHA-256 of the mapped document of the ticket when the hub last read its fields. */
    public Optional<String> lastDocument(String issueKey) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_document FROM jira_issues WHERE issue_key = ?")) {
                ps.setString(1, issueKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** As {@link #seen(Connection, String, String, String, String, OffsetDateTime)} in a transaction of its own. */
    public void seen(String issueKey, String updated, String document, String requestRef, OffsetDateTime now) {
        tx.inTransaction(c -> {
            seen(c, issueKey, updated, document, requestRef, now);
            return null;
        });
    }

    /**
     * Records the version of a ticket dealt with, in the caller's transaction (update, else
     * insert); {@code document} is the hash of its mapped fields, null when they were not read
     * (the last one read is kept).
     */
    public void seen(Connection c, String issueKey, String updated, String document, String requestRef, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE jira_issues SET last_updated = ?, last_document = COALESCE(?, last_document), request_ref = COALESCE(?, request_ref),
                    seen_at = ? WHERE issue_key = ?""")) {
            ps.setString(1, updated);
            ps.setString(2, document);
            ps.setString(3, requestRef);
            ps.setObject(4, now);
            ps.setString(5, issueKey);
            if (ps.executeUpdate() == 1) return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO jira_issues (issue_key, last_updated, last_document, request_ref, seen_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, issueKey);
            ps.setString(2, updated);
            ps.setString(3, document);
            ps.setString(4, requestRef);
            ps.setObject(5, now);
            ps.executeUpdate();
        }
    }

    /**
     * Claims a comment command before it is acted on; false when it was claimed before (by this
     * node or another), so each comment is acted on once only.
     */
    public boolean claimComment(String issueKey, String commentId, String author, OffsetDateTime now) {
        try {
            return tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO jira_comments (issue_key, comment_id, author, processed_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, issueKey);
                    ps.setString(2, commentId);
                    ps.setString(3, author == null ? "?" : author);
                    ps.setObject(4, now);
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && Tx.isUniqueViolation(s)) return false;
            throw e;
        }
    }

    public boolean commentClaimed(String issueKey, String commentId) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jira_comments WHERE issue_key = ? AND comment_id = ?")) {
                ps.setString(1, issueKey);
                ps.setString(2, commentId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public void commentOutcome(String issueKey, String commentId, String outcome) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jira_comments SET outcome = ? WHERE issue_key = ? AND comment_id = ?")) {
                ps.setString(1, outcome.length() > 2000 ? outcome.substring(0, 2000) : outcome);
                ps.setString(2, issueKey);
                ps.setString(3, commentId);
                return ps.executeUpdate();
            }
        });
    }
}
