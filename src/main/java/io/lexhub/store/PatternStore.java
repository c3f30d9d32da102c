package io.lexhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.insight.ReviewPatterns;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What the policy review's patterns read (insight/ReviewPatterns, docs/practice-and-patterns.md),
 * practice requests left out, and the row that makes the policy owner's mail once per period.
 */
public final class PatternStore {

    private final Tx tx;

    public PatternStore(Tx tx) {
        this.tx = tx;
    }

    /** The requests approved in [from, to): the final decisions of real requests, each with its document. */
    public List<ReviewPatterns.Grant> grants(Instant from, Instant to) {
        return tx.read(c -> {
            List<ReviewPatterns.Grant> out = new ArrayList<>();
            try (PreparedStatement ps = period(c, """
                    SELECT d.request_ref, r.request_json FROM decisions d JOIN requests r ON r.reference = d.request_ref
                    WHERE d.decided_at >= ? AND d.decided_at < ? AND d.outcome = 'APPROVED' AND r.practice = FALSE
                    ORDER BY d.request_ref""", from, to); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new ReviewPatterns.Grant(rs.getString(1), Json.read(rs.getString(2), ExceptionRequest.class)));
            }
            return out;
        });
    }

    /** The waivers granted in [from, to) as more than {@code limit}th renewal of their chain. */
    public List<ReviewPatterns.ChainLink> renewalsPast(Instant from, Instant to, int limit) {
        return tx.read(c -> {
            List<ReviewPatterns.ChainLink> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT request_ref, COALESCE(chain_ref, request_ref), customer_id, product, exception_type, renewal_count, state FROM waivers
                    WHERE created_at >= ? AND created_at < ? AND renewal_count > ? ORDER BY request_ref""")) {
                ps.setObject(1, from.atOffset(ZoneOffset.UTC));
                ps.setObject(2, to.atOffset(ZoneOffset.UTC));
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReviewPatterns.ChainLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getInt(6), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The decisions of [from, to) against the score: approved at a risk score of at least
     * {@code high}, denied at one of at most {@code low}; each with the rules that gave points.
     */
    public List<ReviewPatterns.AgainstScore> againstTheScore(Instant from, Instant to, double high, double low) {
        return tx.read(c -> {
            List<ReviewPatterns.AgainstScore> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d.request_ref, d.outcome, r.risk_score, r.assessment_json FROM decisions d JOIN requests r ON r.reference = d.request_ref
                    WHERE d.decided_at >= ? AND d.decided_at < ? AND r.practice = FALSE AND r.risk_score IS NOT NULL
                      AND ((d.outcome = 'APPROVED' AND r.risk_score >= ?) OR (d.outcome = 'DENIED' AND r.risk_score <= ?))
                    ORDER BY d.request_ref, d.round""")) {
                ps.setObject(1, from.atOffset(ZoneOffset.UTC));
                ps.setObject(2, to.atOffset(ZoneOffset.UTC));
                ps.setDouble(3, high);
                ps.setDouble(4, low);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReviewPatterns.AgainstScore(rs.getString(1), rs.getString(2), rs.getDouble(3), rules(rs.getString(4))));
                    }
                }
            }
            return out;
        });
    }

    /** The rules of the stored risk trace that gave points (assessment_json.risk.contributions). */
    private static List<String> rules(String assessment) {
        List<String> out = new ArrayList<>();
        if (assessment == null) return out;
        for (JsonNode c : Json.readTree(assessment).path("risk").path("contributions")) {
            if (c.path("points").asInt() > 0 && c.hasNonNull("ruleId")) out.add(c.path("ruleId").asText());
        }
        return out;
    }

    /**
     * Claims the policy owner's mail for the cadence's day {@code dueOn}, in the caller's
     * transaction: true the first time, false when it was sent already (by this node, or another).
     * A concurrent claim of the same day fails the other transaction on the primary key.
     */
    public boolean claimMail(Connection c, LocalDate dueOn, LocalDate periodStart, LocalDate periodEnd, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO policy_pattern_mails (due_on, period_start, period_end, sent_at)
                SELECT ?, ?, ?, ? FROM audit_head WHERE id = 1
                AND NOT EXISTS (SELECT 1 FROM policy_pattern_mails WHERE due_on = ?)""")) {
            ps.setObject(1, dueOn);
            ps.setObject(2, periodStart);
            ps.setObject(3, periodEnd);
            ps.setObject(4, now);
            ps.setObject(5, dueOn);
            return ps.executeUpdate() == 1;
        }
    }

    private static PreparedStatement period(Connection c, String sql, Instant from, Instant to) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setObject(1, from.atOffset(ZoneOffset.UTC));
        ps.setObject(2, to.atOffset(ZoneOffset.UTC));
        return ps;
    }
}
