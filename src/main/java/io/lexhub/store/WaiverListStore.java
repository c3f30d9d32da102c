package io.lexhub.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The waivers as the workspace lists them (workspace/WaiverList): one page at a time in the order of
 * the index ix_waivers_state_end_ref (V33: state, end date, reference), continued after the last row
 * shown (keyset paging, never an OFFSET), and counts that stop at a cap. Nothing here reads every
 * waiver: with 300,000 of them a page still reads its 51 index entries and its rows.
 */
public final class WaiverListStore {

    /** A waiver as a row of the list; {@code awaitingImplementation}: approved, its implementation tasks not all done (docs/tasks.md). */
    public record Row(String ref, String state, String customerId, String product, String type, LocalDate start, LocalDate end, String granted,
            String renewalOf, OffsetDateTime endedAt, boolean awaitingImplementation) {}

    /** Where a page continues: after this end date and reference (in the list's order). */
    public record After(LocalDate end, String ref) {}

    private static final String COLUMNS = "request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, renewal_of, ended_at,"
            + " in_effect_at";

    /**
     * Up to {@code limit} waivers in {@code state} whose end date is in [from, to] (either may be
     * null: open), by end date then reference, ascending or descending, after {@code after} (null:
     * from the first).
     */
    public List<Row> page(Connection c, String state, LocalDate from, LocalDate to, boolean descending, After after, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM waivers WHERE state = ?");
        if (from != null) sql.append(" AND end_date >= ?");
        if (to != null) sql.append(" AND end_date <= ?");
        // the first comparison bounds the index range, the second skips the rows of that day already shown
        if (after != null) sql.append(descending ? " AND end_date <= ? AND (end_date < ? OR request_ref < ?)" : " AND end_date >= ? AND (end_date > ? OR request_ref > ?)");
        String dir = descending ? " DESC" : "";
        sql.append(" ORDER BY state").append(dir).append(", end_date").append(dir).append(", request_ref").append(dir).append(" FETCH FIRST ? ROWS ONLY");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, state);
            if (from != null) ps.setDate(i++, Date.valueOf(from));
            if (to != null) ps.setDate(i++, Date.valueOf(to));
            if (after != null) {
                ps.setDate(i++, Date.valueOf(after.end()));
                ps.setDate(i++, Date.valueOf(after.end()));
                ps.setString(i++, after.ref());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getDate(6).toLocalDate(),
                            rs.getDate(7).toLocalDate(), rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class),
                            rs.getObject(11, OffsetDateTime.class) == null));
                }
                return out;
            }
        }
    }

    /**
     * How many waivers each state holds, counting at most {@code cap} of each: one statement for
     * every tab (a capped count per state, each an index range of ix_waivers_state_end_ref).
     */
    public Map<String, Integer> countsByState(Connection c, List<String> states, int cap) throws SQLException {
        String one = "SELECT CAST(? AS VARCHAR(16)), COUNT(*) FROM (SELECT request_ref FROM waivers WHERE state = ? FETCH FIRST ? ROWS ONLY) capped";
        try (PreparedStatement ps = c.prepareStatement(String.join(" UNION ALL ", java.util.Collections.nCopies(states.size(), one)))) {
            int i = 1;
            for (String state : states) {
                ps.setString(i++, state);
                ps.setString(i++, state);
                ps.setInt(i++, cap);
            }
            Map<String, Integer> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
            return out;
        }
    }

    /**
     * How many active waivers end on each day of [from, to]: one index range, grouped, from which
     * the "ending within" tabs and the calendar's months are summed.
     */
    public Map<LocalDate, Integer> activeEndingPerDay(Connection c, LocalDate from, LocalDate to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT end_date, COUNT(*) FROM waivers WHERE state = 'ACTIVE' AND end_date >= ? AND end_date <= ? GROUP BY end_date")) {
            ps.setDate(1, Date.valueOf(from));
            ps.setDate(2, Date.valueOf(to));
            Map<LocalDate, Integer> out = new java.util.TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getDate(1).toLocalDate(), rs.getInt(2));
            }
            return out;
        }
    }

    /** The customer's name of each request (by the unique reference). */
    public Map<String, String> customerNames(Connection c, Collection<String> refs) throws SQLException {
        return pairs(c, "SELECT reference, customer_name FROM requests WHERE reference IN (", refs);
    }

    /** The waivers that renew these (renewal_of, ix_waivers_renewal_of): renewed waiver -> its renewals, oldest reference first. */
    public Map<String, List<String>> renewals(Connection c, Collection<String> refs) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        if (refs.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT renewal_of, request_ref FROM waivers WHERE renewal_of IN (" + InList.marks(refs.size())
                + ") ORDER BY request_ref")) {
            InList.bind(ps, refs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    private static Map<String, String> pairs(Connection c, String select, Collection<String> refs) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (refs.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement(select + InList.marks(refs.size()) + ")")) {
            InList.bind(ps, refs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
