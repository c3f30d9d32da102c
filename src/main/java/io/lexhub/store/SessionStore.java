package io.lexhub.store;

import io.lexhub.lifecycle.PortalOrganisation;
import io.lexhub.lifecycle.SessionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The sessions table: sign-ins under way and people's sessions, by the hash of their cookie's
 * secret. Every change of state is a conditional UPDATE whose row count says whether it happened
 * (architecture rules 4 and 17): two nodes ending one session end it once.
 */
public final class SessionStore {

    /**
     * One row as stored; the cookie's secret itself is never stored. A portal session (V38) names its
     * organisation: {@code customerId} (null while unconfirmed) and {@code organisation}; others have neither.
     */
    public record SessionRow(String sessionId, SessionState state, String personId, String method, String scopes,
            OffsetDateTime createdAt, OffsetDateTime lastSeenAt, OffsetDateTime expiresAt, OffsetDateTime endedAt, String endedReason,
            String customerId, PortalOrganisation organisation) {}

    public void insert(Connection c, String sessionId, String secretHash, SessionState state, String personId, String method, String scopes,
            OffsetDateTime now, OffsetDateTime expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sessions (session_id, secret_hash, state, person_id, method, scopes, created_at, last_seen_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, sessionId);
            ps.setString(2, secretHash);
            ps.setString(3, state.name());
            ps.setString(4, personId);
            ps.setString(5, method);
            ps.setString(6, scopes);
            ps.setObject(7, now);
            ps.setObject(8, now);
            ps.setObject(9, expiresAt);
            ps.executeUpdate();
        }
    }

    /** A portal session (docs/portal.md): ACTIVE from the start, bound to its organisation. */
    public void insertPortal(Connection c, String sessionId, String secretHash, String personId, String method, String scopes, String customerId,
            PortalOrganisation organisation, OffsetDateTime now, OffsetDateTime expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sessions (session_id, secret_hash, state, person_id, method, scopes, created_at, last_seen_at, expires_at,
                    customer_id, organisation)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, sessionId);
            ps.setString(2, secretHash);
            ps.setString(3, SessionState.ACTIVE.name());
            ps.setString(4, personId);
            ps.setString(5, method);
            ps.setString(6, scopes);
            ps.setObject(7, now);
            ps.setObject(8, now);
            ps.setObject(9, expiresAt);
            ps.setString(10, customerId);
            ps.setString(11, organisation.name());
            ps.executeUpdate();
        }
    }

    public Optional<SessionRow> bySecretHash(Connection c, String secretHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE secret_hash = ?")) {
            ps.setString(1, secretHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    public Optional<SessionRow> byId(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** from -> ENDED, only if the row is still in {@code from}; false when another call ended it first. */
    public boolean end(Connection c, String sessionId, SessionState from, String reason, OffsetDateTime now) throws SQLException {
        from.check(SessionState.ENDED);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET state = ?, ended_at = ?, ended_reason = ? WHERE session_id = ? AND state = ?")) {
            ps.setString(1, SessionState.ENDED.name());
            ps.setObject(2, now);
            ps.setString(3, reason);
            ps.setString(4, sessionId);
            ps.setString(5, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** Marks an active session as used now (its idle time starts again). */
    public boolean touch(Connection c, String sessionId, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET last_seen_at = ? WHERE session_id = ? AND state = ?")) {
            ps.setObject(1, now);
            ps.setString(2, sessionId);
            ps.setString(3, SessionState.ACTIVE.name());
            return ps.executeUpdate() == 1;
        }
    }

    private static final String SELECT = "SELECT session_id, state, person_id, method, scopes, created_at, last_seen_at, expires_at, ended_at, ended_reason,"
            + " customer_id, organisation FROM sessions";

    private static SessionRow row(ResultSet rs) throws SQLException {
        return new SessionRow(rs.getString("session_id"), SessionState.valueOf(rs.getString("state")), rs.getString("person_id"),
                rs.getString("method"), rs.getString("scopes"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("last_seen_at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class),
                rs.getObject("ended_at", OffsetDateTime.class), rs.getString("ended_reason"), rs.getString("customer_id"),
                rs.getString("organisation") == null ? null : PortalOrganisation.valueOf(rs.getString("organisation")));
    }

    /** Deletes the sessions whose absolute limit passed before {@code before}: dead whatever their state; returns how many. */
    public int purge(Connection c, OffsetDateTime before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE expires_at < ?")) {
            ps.setObject(1, before);
            return ps.executeUpdate();
        }
    }
}
