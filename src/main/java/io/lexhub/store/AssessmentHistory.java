package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stored requests of a period with their assessments, read for the policy simulation
 * (docs/policy.md): in pages, so a hundred thousand rows never sit in memory at once, with what of
 * the rest of the database the replay holds fixed. Reads only.
 */
public final class AssessmentHistory {

    static final int PAGE = 500;

    /**
     * One stored request: its document and its assessment as stored, the digest of the policy text it
     * was assessed under (null before V41), and whether the policy approved it on its own.
     */
    public record Row(String reference, Instant receivedAt, String requestJson, String assessmentJson, String policySha256,
            boolean autoApproved) {}

    private static final String PERIOD = " FROM requests r WHERE r.received_at >= ? AND r.received_at < ?";

    public long count(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + PERIOD)) {
            period(ps, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Every request received in [from, to), in the order of their ids, handed to {@code each} as it is
     * read: pages of {@link #PAGE} rows found through the primary key after the last id read, so the
     * database never builds (or sorts) the whole result, and no transaction stays open.
     */
    public void each(Connection c, Instant from, Instant to, Consumer<Row> each) throws SQLException {
        long after = Long.MIN_VALUE;
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.reference, r.received_at, r.request_json, r.assessment_json, r.policy_sha256,"
                + " CASE WHEN EXISTS (SELECT 1 FROM decisions d WHERE d.request_ref = r.reference AND d.decided_by = 'policy')"
                + " THEN 1 ELSE 0 END AS auto_approved" + PERIOD + " AND r.id > ? ORDER BY r.id FETCH FIRST " + PAGE + " ROWS ONLY")) {
            for (int read = PAGE; read == PAGE; ) {
                period(ps, from, to);
                ps.setLong(3, after);
                read = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        after = rs.getLong(1);
                        each.accept(new Row(rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getInt(7) == 1));
                    }
                }
            }
        }
    }

    /**
     * When each amended or supplemented request was last assessed again: its stored assessment is of
     * that day, not of the day it was received.
     */
    public Map<String, Instant> reassessedAt(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, MAX(at) FROM audit_events"
                + " WHERE event_type IN ('request.amended', 'request.supplemented') GROUP BY request_ref")) {
            Map<String, Instant> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
            }
            return out;
        }
    }

    /** Each waiver's place in its renewal chain (fixed when the waiver was written): what a renewal of it counts as. */
    public Map<String, Integer> renewalCounts(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, renewal_count FROM waivers")) {
            Map<String, Integer> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        }
    }

    private static void period(PreparedStatement ps, Instant from, Instant to) throws SQLException {
        ps.setObject(1, from.atOffset(ZoneOffset.UTC));
        ps.setObject(2, to.atOffset(ZoneOffset.UTC));
    }
}
