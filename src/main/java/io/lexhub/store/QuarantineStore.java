package io.lexhub.store;

import io.lexhub.intake.RawSubmission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;

/** Inputs that could not become a request, kept with their reason for inspection and replay. */
public final class QuarantineStore {

    /** Larger inputs are kept truncated here; the whole file stays in the failed folder. */
    private static final int MAX_KEPT_BYTES = 512 * 1024;

    private final Tx tx;

    public QuarantineStore(Tx tx) {
        this.tx = tx;
    }

    /** Records the input once per (source, external id) and returns its quarantine id. */
    public long add(RawSubmission raw, String externalId, String reason) {
        try {
            return tx.inTransaction(c -> insert(c, raw, externalId, reason));
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && Tx.isUniqueViolation(s)) return existing(raw.source(), externalId);
            throw e;
        }
    }

    /** Inserts in the caller's transaction (with the reply that goes with it); a duplicate is a unique violation. */
    public long insert(Connection c, RawSubmission raw, String externalId, String reason) throws SQLException {
        byte[] content = raw.content().length > MAX_KEPT_BYTES ? Arrays.copyOf(raw.content(), MAX_KEPT_BYTES) : raw.content();
        String kept = content.length < raw.content().length ? reason + " (content kept truncated to " + MAX_KEPT_BYTES + " bytes)" : reason;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO quarantine (source, external_id, file_name, reason, content_base64, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            ps.setString(1, raw.source());
            ps.setString(2, externalId);
            ps.setString(3, raw.fileName());
            ps.setString(4, kept.length() > 20000 ? kept.substring(0, 20000) : kept);
            ps.setString(5, Base64.getEncoder().encodeToString(content));
            ps.setObject(6, raw.receivedAt().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private long existing(String source, String externalId) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM quarantine WHERE source = ? AND external_id = ?")) {
                ps.setString(1, source);
                ps.setString(2, externalId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    public long count() {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM quarantine"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
