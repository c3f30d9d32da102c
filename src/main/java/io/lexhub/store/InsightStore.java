package io.lexhub.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.insight.History;
import io.lexhub.model.Json;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@link History} the governance figures are computed from; read-only. */
public final class InsightStore {

    private final Tx tx;

    public InsightStore(Tx tx) {
        this.tx = tx;
    }

    public History history() {
        return tx.read(c -> new History(requests(c), decisions(c), levels(c), waivers(c), amendments(c), UsageStore.flags(c, null)));
    }

    private static List<History.Request> requests(Connection c) throws SQLException {
        List<History.Request> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT reference, source, exception_type, product, customer_id, customer_name, track, tier, state, received_at, request_json
                FROM requests ORDER BY id"""); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                JsonNode doc = Json.MAPPER.readTree(rs.getString("request_json"));
                JsonNode revenue = doc.path("revenueImpact");
                out.add(new History.Request(rs.getString("reference"), rs.getString("source"), rs.getString("exception_type"),
                        rs.getString("product"), rs.getString("customer_id"), rs.getString("customer_name"), rs.getString("track"),
                        rs.getString("tier"), rs.getString("state"), instant(rs, "received_at"),
                        revenue.isNumber() ? revenue.decimalValue() : null, doc.path("currency").isTextual() ? doc.path("currency").asText() : null));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored request document is unreadable", e);
        }
        return out;
    }

    private static List<History.Decision> decisions(Connection c) throws SQLException {
        List<History.Decision> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, round, outcome, decided_at FROM decisions ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new History.Decision(rs.getString(1), rs.getInt(2), rs.getString(3), instant(rs, "decided_at")));
        }
        return out;
    }

    private static List<History.Level> levels(Connection c) throws SQLException {
        List<History.Level> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT request_ref, round, level_no, status, closed_at, due_at, escalated_at FROM approval_levels
                ORDER BY request_ref, round, level_no"""); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new History.Level(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), instant(rs, "closed_at"),
                        instant(rs, "due_at"), instant(rs, "escalated_at")));
            }
        }
        return out;
    }

    private static List<History.Waiver> waivers(Connection c) throws SQLException {
        List<History.Waiver> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT request_ref, state, customer_id, product, exception_type, renewal_of, renewal_count, created_at, ended_at
                FROM waivers ORDER BY created_at, request_ref"""); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new History.Waiver(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), instant(rs, "created_at"), instant(rs, "ended_at")));
            }
        }
        return out;
    }

    private static List<History.Amendment> amendments(Connection c) throws SQLException {
        List<History.Amendment> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_ref, at FROM audit_events WHERE event_type = 'request.amended' AND request_ref IS NOT NULL ORDER BY seq");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new History.Amendment(rs.getString(1), instant(rs, "at")));
        }
        return out;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        BigDecimal d = rs.getBigDecimal(column);
        return d == null ? null : d.stripTrailingZeros();
    }
}
