package io.lexhub.store;

import io.lexhub.lifecycle.SignInLinkState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The sign_in_links table (docs/identity.md, the embedded default): single-use sign-in links by the
 * hash of their token. The token itself is never stored. Every change of state is a conditional
 * UPDATE whose row count says whether it happened (architecture rules 4 and 17): a link used from two
 * tabs, or on two nodes, at once signs in once.
 */
public final class SignInLinkStore {

    /** One row as stored. */
    public record LinkRow(String linkId, String personId, String via, SignInLinkState state, String bindingHash, OffsetDateTime createdAt,
            OffsetDateTime expiresAt, OffsetDateTime usedAt, String sessionId) {}

    public void insert(Connection c, String linkId, String personId, String via, SignInLinkState state, String tokenHash, String bindingHash,
            String requestedFrom, OffsetDateTime now, OffsetDateTime expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sign_in_links (link_id, person_id, via, state, token_hash, binding_hash, requested_from, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, linkId);
            ps.setString(2, personId);
            ps.setString(3, via);
            ps.setString(4, state.name());
            ps.setString(5, tokenHash);
            ps.setString(6, bindingHash);
            ps.setString(7, requestedFrom);
            ps.setObject(8, now);
            ps.setObject(9, expiresAt);
            ps.executeUpdate();
        }
    }

    public Optional<LinkRow> byTokenHash(Connection c, String tokenHash) throws SQLException {
        return one(c, SELECT + " WHERE token_hash = ?", tokenHash);
    }

    public Optional<LinkRow> byId(Connection c, String linkId) throws SQLException {
        return one(c, SELECT + " WHERE link_id = ?", linkId);
    }

    /**
     * The mail of a link is being sent: its (new) token's hash, REQUESTED or ISSUED -> ISSUED, only
     * while it has not expired nor been used; false otherwise.
     */
    public boolean issue(Connection c, String linkId, String tokenHash, OffsetDateTime now) throws SQLException {
        SignInLinkState.REQUESTED.check(SignInLinkState.ISSUED);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sign_in_links SET state = ?, token_hash = ? WHERE link_id = ? AND state IN (?, ?) AND expires_at > ?")) {
            ps.setString(1, SignInLinkState.ISSUED.name());
            ps.setString(2, tokenHash);
            ps.setString(3, linkId);
            ps.setString(4, SignInLinkState.REQUESTED.name());
            ps.setString(5, SignInLinkState.ISSUED.name());
            ps.setObject(6, now);
            return ps.executeUpdate() == 1;
        }
    }

    /** REQUESTED -> VOID: it expired before its mail went out. */
    public boolean voidRequested(Connection c, String linkId) throws SQLException {
        SignInLinkState.REQUESTED.check(SignInLinkState.VOID);
        try (PreparedStatement ps = c.prepareStatement("UPDATE sign_in_links SET state = ? WHERE link_id = ? AND state = ?")) {
            ps.setString(1, SignInLinkState.VOID.name());
            ps.setString(2, linkId);
            ps.setString(3, SignInLinkState.REQUESTED.name());
            return ps.executeUpdate() == 1;
        }
    }

    /** A console link is bound to the first browser that opens it: only while it is bound to none. */
    public boolean bind(Connection c, String linkId, String bindingHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sign_in_links SET binding_hash = ? WHERE link_id = ? AND binding_hash IS NULL AND state = ?")) {
            ps.setString(1, bindingHash);
            ps.setString(2, linkId);
            ps.setString(3, SignInLinkState.ISSUED.name());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * ISSUED -> USED, only for the browser it is bound to and before it expires; false when it was
     * used already (by another tab or node), has expired, or belongs to another browser.
     */
    public boolean use(Connection c, String linkId, String bindingHash, String sessionId, OffsetDateTime now) throws SQLException {
        SignInLinkState.ISSUED.check(SignInLinkState.USED);
        try (PreparedStatement ps = c.prepareStatement("UPDATE sign_in_links SET state = ?, used_at = ?, session_id = ?"
                + " WHERE link_id = ? AND state = ? AND binding_hash = ? AND expires_at > ?")) {
            ps.setString(1, SignInLinkState.USED.name());
            ps.setObject(2, now);
            ps.setString(3, sessionId);
            ps.setString(4, linkId);
            ps.setString(5, SignInLinkState.ISSUED.name());
            ps.setString(6, bindingHash);
            ps.setObject(7, now);
            return ps.executeUpdate() == 1;
        }
    }

    private static final String SELECT = "SELECT link_id, person_id, via, state, binding_hash, created_at, expires_at, used_at, session_id FROM sign_in_links";

    private static Optional<LinkRow> one(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new LinkRow(rs.getString("link_id"), rs.getString("person_id"), rs.getString("via"),
                        SignInLinkState.valueOf(rs.getString("state")), rs.getString("binding_hash"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("used_at", OffsetDateTime.class), rs.getString("session_id")));
            }
        }
    }

    /** Deletes the links that expired before {@code before}, used or not; returns how many. */
    public int purge(Connection c, OffsetDateTime before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sign_in_links WHERE expires_at < ?")) {
            ps.setObject(1, before);
            return ps.executeUpdate();
        }
    }
}
