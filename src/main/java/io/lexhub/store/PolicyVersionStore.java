package io.lexhub.store;

import io.lexhub.policy.PolicyText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The policy history (V40 policy_versions): every policy text that took effect, once per digest. */
public final class PolicyVersionStore {

    /** One recorded policy; {@code text} is null in listings. */
    public record Version(long id, String version, String sha256, OffsetDateTime tookEffectAt, String takenBy, String approvedBy,
            OffsetDateTime approvedAt, String text) {}

    private static final String COLUMNS = "id, version, sha256, took_effect_at, taken_by, approved_by, approved_at";

    /**
     * Records the text unless its digest is on file; true when this call recorded it. A concurrent
     * recording of the same text (a second node) makes the insert fail on the unique digest: the
     * caller runs its transaction again and then finds it on file.
     */
    public boolean recordIfNew(Connection c, PolicyText p, OffsetDateTime at, String takenBy) throws SQLException {
        return recordIfNew(c, p, at, takenBy, null);
    }

    /** As {@link #recordIfNew(Connection, PolicyText, OffsetDateTime, String)}, with the policy owner who approved it (four eyes). */
    public boolean recordIfNew(Connection c, PolicyText p, OffsetDateTime at, String takenBy, String approvedBy) throws SQLException {
        if (p.sha256() == null || bySha256(c, p.sha256()).isPresent()) return false;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO policy_versions (version, sha256, policy_text, took_effect_at, taken_by, approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, p.policy().version());
            ps.setString(2, p.sha256());
            ps.setString(3, p.text());
            ps.setObject(4, at);
            ps.setString(5, takenBy);
            ps.setString(6, approvedBy);
            ps.setObject(7, approvedBy == null ? null : at);
            ps.executeUpdate();
        }
        return true;
    }

    /** Every recorded version, oldest first, without the texts. */
    public List<Version> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM policy_versions ORDER BY id")) {
            List<Version> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs, null));
            }
            return out;
        }
    }

    /**
     * The version a person names: its label (the newest text with that label, if a label was reused),
     * its id, or its digest (or a prefix of at least 8 hex digits).
     */
    public Optional<Version> find(Connection c, String name) throws SQLException {
        Optional<Version> byLabel = one(c, "version = ? ORDER BY id DESC", name);
        if (byLabel.isPresent()) return byLabel;
        if (name.matches("\\d{1,18}")) {
            Optional<Version> byId = one(c, "id = ?", Long.parseLong(name));
            if (byId.isPresent()) return byId;
        }
        if (name.matches("[0-9a-fA-F]{8,64}")) return one(c, "sha256 LIKE ? ORDER BY id DESC", name.toLowerCase(java.util.Locale.ROOT) + "%");
        return Optional.empty();
    }

    public Optional<Version> bySha256(Connection c, String sha256) throws SQLException {
        return one(c, "sha256 = ?", sha256);
    }

    /** Every recorded text by its digest: the policies earlier requests were assessed under. */
    public Map<String, String> textsBySha256(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sha256, policy_text FROM policy_versions")) {
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        }
    }

    private static Optional<Version> one(Connection c, String where, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", policy_text FROM policy_versions WHERE " + where)) {
            ps.setObject(1, value);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, rs.getString("policy_text"))) : Optional.empty();
            }
        }
    }

    private static Version row(ResultSet rs, String text) throws SQLException {
        return new Version(rs.getLong("id"), rs.getString("version"), rs.getString("sha256"), rs.getObject("took_effect_at", OffsetDateTime.class),
                rs.getString("taken_by"), rs.getString("approved_by"), rs.getObject("approved_at", OffsetDateTime.class), text);
    }
}
