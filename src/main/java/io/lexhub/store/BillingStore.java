package io.lexhub.store;

import io.lexhub.insight.BillingFinding;
import io.lexhub.insight.BillingLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** SQL of billing lines and billing findings (V44; docs/billing-review.md). */
public final class BillingStore {

    /** A stored line not yet compared with its waiver. */
    public record Pending(long id, String key, BillingLine line) {}

    /** The waiver a line is compared with; endedAt is set once it ended (expired, renewed, revoked). */
    public record Waiver(String ref, String state, LocalDate start, LocalDate end, OffsetDateTime endedAt, String grantedJson) {}

    private static final String LINE = "customer_id, product, period_start, period_end, quantity, unit_price, discount_percent, line_key, invoice";

    public Optional<BillingLine> existing(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + LINE + " FROM billing_lines WHERE line_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(line(rs)) : Optional.empty();
            }
        }
    }

    public long insertLine(Connection c, BillingLine l, String source, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO billing_lines (" + LINE + ", source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, l.customer());
            ps.setString(2, l.product());
            ps.setObject(3, l.periodStart());
            ps.setObject(4, l.periodEnd());
            ps.setBigDecimal(5, l.quantity());
            ps.setBigDecimal(6, l.unitPrice());
            ps.setBigDecimal(7, l.discountPercent());
            ps.setString(8, l.key());
            ps.setString(9, l.invoice());
            ps.setString(10, source.length() > 300 ? source.substring(0, 300) : source);
            ps.setObject(11, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Lines not yet reviewed, by id after {@code afterId} (a sweep pages through them once). */
    public List<Pending> pending(Connection c, long afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, " + LINE + " FROM billing_lines WHERE reviewed_at IS NULL AND id > ? ORDER BY id")) {
            ps.setLong(1, afterId);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Pending> out = new ArrayList<>();
                while (rs.next()) out.add(new Pending(rs.getLong("id"), rs.getString("line_key"), line(rs)));
                return out;
            }
        }
    }

    /** The customer's latest-starting waiver for the product that started by the line's last day, in any state. */
    public Optional<Waiver> waiverFor(Connection c, String customer, String product, LocalDate periodEnd) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT request_ref, state, start_date, end_date, ended_at, granted FROM waivers
                WHERE customer_id = ? AND product = ? AND start_date <= ? ORDER BY start_date DESC, request_ref DESC""")) {
            ps.setString(1, customer);
            ps.setString(2, product);
            ps.setObject(3, periodEnd);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Waiver(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class),
                        rs.getObject(5, OffsetDateTime.class), rs.getString(6)));
            }
        }
    }

    /** Marks a line reviewed (against ref, or none); false when another run already did: then it does nothing more. */
    public boolean markReviewed(Connection c, long id, String ref, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE billing_lines SET reviewed_at = ?, request_ref = ? WHERE id = ? AND reviewed_at IS NULL")) {
            ps.setObject(1, now);
            ps.setString(2, ref);
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Raises a finding once per waiver, kind and line: its id, or empty when it was raised before.
     * Its line is claimed first (markReviewed), so no two runs get here for one line at once; the
     * unique key is the last guard. (Not INSERT ... WHERE NOT EXISTS: H2 2.4 reuses the subquery's
     * earlier answer when the same statement runs again with the same values.)
     */
    public OptionalLong insertFinding(Connection c, String ref, String kind, String lineKey, String expected, String billed, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM billing_findings WHERE request_ref = ? AND kind = ? AND line_key = ?")) {
            ps.setString(1, ref);
            ps.setString(2, kind);
            ps.setString(3, lineKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return OptionalLong.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO billing_findings (request_ref, kind, line_key, expected, billed, raised_at) VALUES (?, ?, ?, ?, ?, ?)""",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, ref);
            ps.setString(2, kind);
            ps.setString(3, lineKey);
            ps.setString(4, expected);
            ps.setString(5, billed);
            ps.setObject(6, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return OptionalLong.of(keys.getLong(1));
            }
        }
    }

    /** The findings raised in [from, to), by time then waiver. */
    public static List<BillingFinding> findingsRaised(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FINDINGS + " WHERE f.raised_at >= ? AND f.raised_at < ? ORDER BY f.raised_at, f.request_ref, f.id")) {
            ps.setObject(1, from.atOffset(ZoneOffset.UTC));
            ps.setObject(2, to.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                List<BillingFinding> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new BillingFinding(rs.getString("request_ref"), rs.getString("kind"), rs.getString("customer_id"), rs.getString("product"),
                            rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class), rs.getString("line_key"),
                            rs.getString("invoice"), rs.getString("expected"), rs.getString("billed"), InsightStore.decimal(rs, "quantity"),
                            InsightStore.decimal(rs, "discount_percent"), InsightStore.instant(rs, "raised_at")));
                }
                return out;
            }
        }
    }

    private static final String FINDINGS = """
            SELECT f.request_ref, f.kind, l.customer_id, l.product, l.period_start, l.period_end, f.line_key, l.invoice, f.expected, f.billed,
                   l.quantity, l.discount_percent, f.raised_at
            FROM billing_findings f JOIN billing_lines l ON l.line_key = f.line_key""";

    private static BillingLine line(ResultSet rs) throws SQLException {
        String key = rs.getString("line_key");
        return new BillingLine(rs.getString("customer_id"), rs.getString("product"), rs.getObject("period_start", LocalDate.class),
                rs.getObject("period_end", LocalDate.class), rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"),
                rs.getBigDecimal("discount_percent"), key.startsWith("id:") ? key.substring(3) : null, rs.getString("invoice"));
    }
}
