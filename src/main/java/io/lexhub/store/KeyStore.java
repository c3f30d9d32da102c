package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The api_keys table: hashes of API keys with their owner, scopes, label, expiry and revocation. */
public final class KeyStore {

    /** One key as stored; the secret itself is never stored. */
    public record KeyRow(String keyId, String owner, String scopes, String label, OffsetDateTime createdAt,
            OffsetDateTime expiresAt, OffsetDateTime revokedAt) {}

    public void insert(Connection c, String keyId, String keyHash, String owner, String scopes, String label,
            OffsetDateTime now, OffsetDateTime expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO api_keys (key_id, key_hash, owner, scopes, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, keyId);
            ps.setString(2, keyHash);
            ps.setString(3, owner);
            ps.setString(4, scopes);
            ps.setString(5, label);
            ps.setObject(6, now);
            ps.setObject(7, expiresAt);
            ps.executeUpdate();
        }
    }

    /** The key with this hash, revoked or not. */
    public Optional<KeyRow> byHash(Connection c, String keyHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE key_hash = ?")) {
            ps.setString(1, keyHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    public List<KeyRow> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY created_at, key_id"); ResultSet rs = ps.executeQuery()) {
            List<KeyRow> rows = new ArrayList<>();
            while (rs.next()) rows.add(row(rs));
            return rows;
        }
    }

    /** Revokes a live key; false when there is no such key or it was revoked already. */
    public boolean revoke(Connection c, String keyId, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, now);
            ps.setString(2, keyId);
            return ps.executeUpdate() == 1;
        }
    }

    private static final String SELECT = "SELECT key_id, owner, scopes, label, created_at, expires_at, revoked_at FROM api_keys";

    private static KeyRow row(ResultSet rs) throws SQLException {
        return new KeyRow(rs.getString("key_id"), rs.getString("owner"), rs.getString("scopes"), rs.getString("label"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class));
    }
}
