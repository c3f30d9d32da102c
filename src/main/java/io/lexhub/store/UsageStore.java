package io.lexhub.store;

import io.lexhub.insight.UsageFlag;
import io.lexhub.insight.UsageReport;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of usage reports, utilisation events and overage reviews (V8, waiver_reviews of V6). */
public final class UsageStore {

    /** An ACTIVE waiver a usage report can be matched to. */
    public record ActiveWaiver(String ref, String grantedJson, String requestJson) {}

    /** A report already stored under the same key (customer, product, metric, period). */
    public record Stored(BigDecimal value, String verdict, String ref) {}

    public Optional<Stored> existing(Connection c, UsageReport r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT used_value, verdict, request_ref FROM usage_reports WHERE customer_id = ? AND product = ? AND metric = ? AND period = ?")) {
            ps.setString(1, r.customer());
            ps.setString(2, r.product());
            ps.setString(3, r.metric());
            ps.setString(4, r.period());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getBigDecimal(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    /** The customer's ACTIVE waivers for the product, the latest start first. */
    public List<ActiveWaiver> activeWaivers(Connection c, String customer, String product) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT w.request_ref, w.granted, r.request_json FROM waivers w JOIN requests r ON r.reference = w.request_ref
                WHERE w.state = 'ACTIVE' AND w.customer_id = ? AND w.product = ? ORDER BY w.start_date DESC, w.request_ref DESC""")) {
            ps.setString(1, customer);
            ps.setString(2, product);
            try (ResultSet rs = ps.executeQuery()) {
                List<ActiveWaiver> out = new ArrayList<>();
                while (rs.next()) out.add(new ActiveWaiver(rs.getString(1), rs.getString(2), rs.getString(3)));
                return out;
            }
        }
    }

    public void insertReport(Connection c, UsageReport r, String ref, BigDecimal granted, String verdict, String source, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO usage_reports (customer_id, product, metric, period, used_value, request_ref, granted, verdict, source, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, r.customer());
            ps.setString(2, r.product());
            ps.setString(3, r.metric());
            ps.setString(4, r.period());
            ps.setBigDecimal(5, r.value());
            ps.setString(6, ref);
            ps.setBigDecimal(7, granted);
            ps.setString(8, verdict);
            ps.setString(9, source.length() > 300 ? source.substring(0, 300) : source);
            ps.setObject(10, now);
            ps.executeUpdate();
        }
    }

    /** Records an overage or underuse once per waiver, kind and metric; false when it was already recorded. */
    public boolean insertEvent(Connection c, String ref, String kind, UsageReport r, BigDecimal granted, BigDecimal percent, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO utilisation_events (request_ref, kind, metric, period, used_value, granted, percent, detected_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)
                WHERE NOT EXISTS (SELECT 1 FROM utilisation_events WHERE request_ref = ? AND kind = ? AND metric = ?)""")) {
            ps.setString(1, ref);
            ps.setString(2, kind);
            ps.setString(3, r.metric());
            ps.setString(4, r.period());
            ps.setBigDecimal(5, r.value());
            ps.setBigDecimal(6, granted);
            ps.setBigDecimal(7, percent);
            ps.setObject(8, now);
            ps.setString(9, ref);
            ps.setString(10, kind);
            ps.setString(11, r.metric());
            return ps.executeUpdate() == 1;
        }
    }

    /** Puts the waiver into review (a waiver_reviews row of period 'overage', OPEN); false when it is already. */
    public boolean openOverageReview(Connection c, String ref, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO waiver_reviews (request_ref, period, status, sampled_at)
                SELECT ?, 'overage', 'OPEN', ? FROM (VALUES (1)) AS one(x)
                WHERE NOT EXISTS (SELECT 1 FROM waiver_reviews WHERE request_ref = ? AND period = 'overage')""")) {
            ps.setString(1, ref);
            ps.setObject(2, now);
            ps.setString(3, ref);
            return ps.executeUpdate() == 1;
        }
    }

    /** Overage and underuse flags, of one waiver or (ref null) of all. */
    public static List<UsageFlag> flags(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FLAGS + " WHERE (CAST(? AS VARCHAR(20)) IS NULL OR e.request_ref = ?) ORDER BY e.detected_at, e.id")) {
            ps.setString(1, ref);
            ps.setString(2, ref);
            return flags(ps);
        }
    }

    /** The flags detected in [from, to), by detection time then waiver. */
    public static List<UsageFlag> flagsDetected(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FLAGS + " WHERE e.detected_at >= ? AND e.detected_at < ? ORDER BY e.detected_at, e.request_ref, e.id")) {
            ps.setObject(1, from.atOffset(ZoneOffset.UTC));
            ps.setObject(2, to.atOffset(ZoneOffset.UTC));
            return flags(ps);
        }
    }

    private static final String FLAGS = """
            SELECT e.request_ref, e.kind, w.customer_id, w.product, e.metric, e.period, e.used_value, e.granted, e.percent, e.detected_at
            FROM utilisation_events e LEFT JOIN waivers w ON w.request_ref = e.request_ref""";

    private static List<UsageFlag> flags(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<UsageFlag> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new UsageFlag(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), InsightStore.decimal(rs, "used_value"), InsightStore.decimal(rs, "granted"),
                        InsightStore.decimal(rs, "percent"), InsightStore.instant(rs, "detected_at")));
            }
            return out;
        }
    }
}
