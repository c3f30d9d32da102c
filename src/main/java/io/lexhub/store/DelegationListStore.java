package io.lexhub.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delegations as the workspace lists them (workspace/DelegationList): a person's, given and
 * received (by the indexes on delegator and delegate, V2 and V33), and every live one for the desk.
 * Writes stay with the workflow (pipeline.approval.Delegations, through ApprovalStore).
 */
public final class DelegationListStore {

    /** A delegation as the page shows it; {@code revokedAt} null while it was not ended. */
    public record Row(long id, String delegator, String delegate, String role, LocalDate from, LocalDate until, String reason,
            OffsetDateTime createdAt, OffsetDateTime revokedAt) {}

    private static final String COLUMNS = "SELECT id, delegator, delegate, role, valid_from, valid_until, reason, created_at, revoked_at FROM delegations";

    /** The newest {@code limit} delegations the person gave. */
    public List<Row> given(Connection c, String person, int limit) throws SQLException {
        return list(c, COLUMNS + " WHERE delegator = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY", person, limit);
    }

    /** The newest {@code limit} delegations the person received. */
    public List<Row> received(Connection c, String person, int limit) throws SQLException {
        return list(c, COLUMNS + " WHERE delegate = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY", person, limit);
    }

    /** The first {@code limit} delegations not ended and not past their last day, the earliest start first. */
    public List<Row> live(Connection c, LocalDate today, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE valid_until >= ? AND revoked_at IS NULL ORDER BY valid_from, id FETCH FIRST ? ROWS ONLY")) {
            ps.setDate(1, Date.valueOf(today));
            ps.setInt(2, limit);
            return rows(ps);
        }
    }

    public Optional<Row> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE id = ?")) {
            ps.setLong(1, id);
            List<Row> rows = rows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    private static List<Row> list(Connection c, String sql, String person, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, person);
            ps.setInt(2, limit);
            return rows(ps);
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Row> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDate(5).toLocalDate(), rs.getDate(6).toLocalDate(),
                        rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class)));
            }
            return out;
        }
    }
}
