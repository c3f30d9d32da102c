package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evidence files of requests (table evidence_files, V37): written by pipeline/evidence/FileEvidence
 * in the caller's transaction, listed without their bytes, read whole only for a download.
 */
public final class EvidenceStore {

    /** A stored file as lists show it (no bytes). */
    public record Row(long id, String reference, String fileName, String contentType, long size, String sha256, String filedBy, String channel,
            OffsetDateTime filedAt) {}

    /** A file to store; {@code content} is what was checked. */
    public record NewFile(String reference, String fileName, String contentType, String sha256, byte[] content, String filedBy, String channel,
            OffsetDateTime filedAt) {}

    /** A file's bytes with what they are served as. */
    public record Content(Row row, byte[] bytes) {}

    private static final String COLUMNS = "SELECT id, request_ref, file_name, content_type, size_bytes, sha256, filed_by, channel, filed_at FROM evidence_files";

    /** Locks the request's row for the rest of the transaction (one filing at a time per request); false when there is no such request. */
    public boolean lockRequest(Connection c, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM requests WHERE reference = ? FOR UPDATE")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<Row> bySha256(Connection c, String reference, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE request_ref = ? AND sha256 = ?")) {
            ps.setString(1, reference);
            ps.setString(2, sha256);
            List<Row> rows = rows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    public int count(Connection c, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM evidence_files WHERE request_ref = ?")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Inserts the file; a second file with the same content for the request is a unique violation. */
    public long insert(Connection c, NewFile f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO evidence_files (request_ref, file_name, content_type, size_bytes, sha256, content, filed_by, channel, filed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"})) {
            ps.setString(1, f.reference());
            ps.setString(2, f.fileName());
            ps.setString(3, f.contentType());
            ps.setLong(4, f.content().length);
            ps.setString(5, f.sha256());
            ps.setBytes(6, f.content());
            ps.setString(7, f.filedBy());
            ps.setString(8, f.channel());
            ps.setObject(9, f.filedAt());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The request's files in the order they were filed. */
    public List<Row> of(Connection c, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE request_ref = ? ORDER BY id")) {
            ps.setString(1, reference);
            return rows(ps);
        }
    }

    /** The file {@code id} if it belongs to {@code reference}; a file of another request is not found. */
    public Optional<Content> content(Connection c, String reference, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, request_ref, file_name, content_type, size_bytes, sha256, filed_by, channel, filed_at, content FROM evidence_files"
                        + " WHERE id = ? AND request_ref = ?")) {
            ps.setLong(1, id);
            ps.setString(2, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Content(row(rs), rs.getBytes(10))) : Optional.empty();
            }
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Row> out = new ArrayList<>();
            while (rs.next()) out.add(row(rs));
            return out;
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getObject(9, OffsetDateTime.class));
    }
}
