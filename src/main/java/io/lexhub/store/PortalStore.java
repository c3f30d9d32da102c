package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the customer portal reads (docs/portal.md): an organisation's requests and waivers, one
 * request's decision, the customers a mail domain belongs to. Every read of a customer's data names
 * the customer id, so a page can only ever show the organisation of its session.
 */
public final class PortalStore {

    /** A request as the portal's list shows it. */
    public record RequestRow(String reference, String state, String product, String type, OffsetDateTime receivedAt, OffsetDateTime updatedAt) {}

    /** A request's decision (the newest round's). */
    public record DecisionRow(int round, String outcome, String conditionsJson, OffsetDateTime decidedAt) {}

    /** A waiver of an organisation: exactly what was granted; {@code inEffect}: its implementation is done (docs/tasks.md). */
    public record WaiverRow(String reference, String state, String product, String type, LocalDate start, LocalDate end, String grantedJson,
            OffsetDateTime updatedAt, boolean inEffect) {}

    /**
     * The customer ids whose requests name this (normalised) domain and came in through a channel
     * that proves who sent them (not mail, where the sender claims the domain itself), at most 3.
     */
    public Set<String> customersOfDomain(Connection c, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT customer_id FROM requests"
                + " WHERE customer_domain = ? AND customer_id IS NOT NULL AND source <> 'mail' AND practice = FALSE FETCH FIRST 3 ROWS ONLY")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> out = new LinkedHashSet<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        }
    }

    /** One request of one organisation as stored, with its documents. */
    public record Detail(String reference, String state, OffsetDateTime receivedAt, OffsetDateTime updatedAt, String requestJson,
            String assessmentJson) {}

    /**
     * A request, only if it is this customer's: empty both when there is no such request and when it
     * is another organisation's, so that nobody learns which references exist.
     */
    public Optional<Detail> requestOf(Connection c, String customerId, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reference, state, received_at, updated_at, request_json, assessment_json"
                // a practice request (V46) is staff training: its customer never sees it, as if it did not exist
                + " FROM requests WHERE reference = ? AND customer_id = ? AND practice = FALSE")) {
            ps.setString(1, reference);
            ps.setString(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Detail(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6))) : Optional.empty();
            }
        }
    }

    /** A customer's name as its newest request gives it, or empty. */
    public Optional<String> customerName(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_name FROM requests WHERE customer_id = ?"
                + " ORDER BY received_at DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** An organisation's requests, newest first, {@code limit} from {@code offset} (ix_requests_customer_received). */
    public List<RequestRow> requestsOf(Connection c, String customerId, int offset, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reference, state, product, exception_type, received_at, updated_at FROM requests"
                + " WHERE customer_id = ? AND practice = FALSE ORDER BY received_at DESC, reference DESC OFFSET " + offset + " ROWS FETCH NEXT " + limit + " ROWS ONLY")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                List<RequestRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RequestRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class),
                            rs.getObject(6, OffsetDateTime.class)));
                }
                return out;
            }
        }
    }

    public long countRequestsOf(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM requests WHERE customer_id = ? AND practice = FALSE")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The decision of a request's newest round, if it has one. */
    public Optional<DecisionRow> decision(Connection c, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT round, outcome, conditions, decided_at FROM decisions WHERE request_ref = ?"
                + " ORDER BY round DESC FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new DecisionRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)))
                        : Optional.empty();
            }
        }
    }

    /** An organisation's waivers, every state, the ones ending first first; at most {@code limit}. */
    public List<WaiverRow> waiversOf(Connection c, String customerId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, state, product, exception_type, start_date, end_date, granted, updated_at,"
                + " in_effect_at FROM waivers WHERE customer_id = ? ORDER BY end_date, request_ref FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                List<WaiverRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new WaiverRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDate(5).toLocalDate(),
                            rs.getDate(6).toLocalDate(), rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class) != null));
                }
                return out;
            }
        }
    }

    /** The organisation's waiver of this reference; empty for another organisation's and for none alike. */
    public Optional<WaiverRow> waiverOf(Connection c, String customerId, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, state, product, exception_type, start_date, end_date, granted, updated_at,"
                + " in_effect_at FROM waivers WHERE customer_id = ? AND request_ref = ?")) {
            ps.setString(1, customerId);
            ps.setString(2, reference);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new WaiverRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDate(5).toLocalDate(),
                        rs.getDate(6).toLocalDate(), rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class) != null));
            }
        }
    }

    /** Requests of an organisation decided as denied (they have no waiver), newest first, at most {@code limit}. */
    public List<RequestRow> deniedOf(Connection c, String customerId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reference, state, product, exception_type, received_at, updated_at FROM requests"
                + " WHERE customer_id = ? AND state = 'DENIED' AND practice = FALSE ORDER BY updated_at DESC, reference DESC FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                List<RequestRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RequestRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class),
                            rs.getObject(6, OffsetDateTime.class)));
                }
                return out;
            }
        }
    }

    /** Customers an account manager may pick: id -> newest name, by id, at most {@code limit}. */
    public Map<String, String> customers(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, MAX(customer_name) FROM requests WHERE customer_id IS NOT NULL"
                + " GROUP BY customer_id ORDER BY customer_id FETCH FIRST " + limit + " ROWS ONLY")) {
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, String> out = new LinkedHashMap<>();
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
                return out;
            }
        }
    }
}
