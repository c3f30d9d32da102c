package io.lexhub.bench;

import io.lexhub.bench.RowTemplates.RequestRows;
import io.lexhub.bench.RowTemplates.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * The JDBC baseline: writes the rows the hub wrote for a request (captured {@link RowTemplates}),
 * with nothing of the hub in between: one transaction per request in the hub's shape - reference
 * counter (UPDATE then SELECT, the row lock held to commit), the request row, each audit event
 * through the locked chain head with the same HMAC-SHA256 over the same fields, approval levels,
 * decision tokens (random token, SHA-256), outbox rows, decision and waiver rows. Only the keys
 * differ from the template (new reference, external id, dedup key, token hash).
 */
final class JdbcWriter {

    private final DataSource ds;
    private final List<RequestRows> templates;
    private final byte[] key;
    private final ThreadLocal<Mac> mac;
    private final ThreadLocal<MessageDigest> sha = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> insertSql = new ConcurrentHashMap<>();

    JdbcWriter(DataSource ds, List<RequestRows> templates, String hmacKey) {
        if (templates.isEmpty()) throw new IllegalArgumentException("no row templates to write");
        this.ds = ds;
        this.templates = templates;
        this.key = hmacKey.getBytes(StandardCharsets.UTF_8);
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                return m;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Creates this year's reference counter row before the concurrent writers start (the hub retries that race; the baseline need not). */
    JdbcWriter prepared() throws SQLException {
        int year = OffsetDateTime.now(ZoneOffset.UTC).getYear();
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM reference_counters WHERE ref_year = ?")) {
            q.setInt(1, year);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) return this;
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO reference_counters (ref_year, last_value) VALUES (?, 0)")) {
                ins.setInt(1, year);
                ins.executeUpdate();
            }
        }
        return this;
    }

    /** Writes request number {@code i} (template i mod templates) in one transaction; returns its reference. */
    String write(int i, String tag) throws SQLException {
        RequestRows t = templates.get(Math.floorMod(i, templates.size()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                String ref = nextReference(c, now.getYear());
                insert(c, t.request(), ref, Map.of("external_id", t.request().get("external_id") + "#" + tag));
                int events = 0;
                for (; events < Math.min(2, t.audit().size()); events++) append(c, t.audit().get(events), ref, now);
                for (Row r : t.levels()) insert(c, r, ref, Map.of());
                for (; events < t.audit().size(); events++) append(c, t.audit().get(events), ref, now);
                for (Row r : t.tokens()) insert(c, r, ref, Map.of("token_hash", tokenHash()));
                for (Row r : t.outbox()) insert(c, r, ref, Map.of("dedup_key", r.get("dedup_key") + "#" + tag));
                for (Row r : t.decisions()) insert(c, r, ref, Map.of());
                for (Row r : t.waivers()) insert(c, r, ref, Map.of());
                c.commit();
                return ref;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static String nextReference(Connection c, int year) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE reference_counters SET last_value = last_value + 1 WHERE ref_year = ?")) {
            ps.setInt(1, year);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO reference_counters (ref_year, last_value) VALUES (?, 1)")) {
                    ins.setInt(1, year);
                    ins.executeUpdate();
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT last_value FROM reference_counters WHERE ref_year = ?")) {
            q.setInt(1, year);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return String.format("EXC-%d-%06d", year, rs.getLong(1));
            }
        }
    }

    private void insert(Connection c, Row r, String ref, Map<String, Object> replace) throws SQLException {
        String sql = insertSql.computeIfAbsent(r.table(), t -> "INSERT INTO " + t + " (" + String.join(", ", r.columns()) + ") VALUES ("
                + String.join(", ", r.columns().stream().map(x -> "?").toList()) + ")");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < r.columns().size(); i++) {
                String col = r.columns().get(i);
                Object v = replace.containsKey(col) ? replace.get(col)
                        : col.equals("reference") || col.equals("request_ref") ? ref : r.values().get(i);
                ps.setObject(i + 1, v);
            }
            ps.executeUpdate();
        }
    }

    /** The audit chain append of the hub: lock the head, HMAC over the same fields, insert, move the head. */
    private void append(Connection c, Row event, String ref, OffsetDateTime now) throws SQLException {
        long lastSeq;
        String lastHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            lastSeq = rs.getLong(1);
            lastHash = rs.getString(2);
        }
        OffsetDateTime when = now.truncatedTo(ChronoUnit.MICROS);
        long seq = lastSeq + 1;
        String type = (String) event.get("event_type");
        String actor = (String) event.get("actor");
        String payload = (String) event.get("payload");
        Mac m = mac.get();
        for (String field : new String[] {lastHash, Long.toString(seq), when.toInstant().toString(), ref, type, actor, payload}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            m.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            m.update(bytes);
        }
        String hash = HexFormat.of().formatHex(m.doFinal());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_events (seq, at, request_ref, event_type, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setObject(2, when);
            ps.setString(3, ref);
            ps.setString(4, type);
            ps.setString(5, actor);
            ps.setString(6, payload);
            ps.setString(7, lastHash);
            ps.setString(8, hash);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.executeUpdate();
        }
    }

    private String tokenHash() {
        byte[] token = new byte[32];
        random.nextBytes(token);
        String text = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        return HexFormat.of().formatHex(sha.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
