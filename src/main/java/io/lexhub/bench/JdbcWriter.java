package io.lexhub.bench;

import io.lexhub.bench.RowTemplates.RequestRows;
import io.lexhub.bench.RowTemplates.Row;
import io.lexhub.store.Database;
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
 * counter (UPDATE then SELECT, the row lock held to commit), the request row, approval levels (one
 * INSERT each, the first level's SLA deadlines in its row), decision tokens (random token, SHA-256)
 * in one JDBC batch and the outbox rows in one JDBC batch (as the hub: a level's links and the
 * transaction's notices are each inserted with one executeBatch), decision and waiver rows, and last
 * (as the hub since V9) the audit events through the locked chain head with the same HMAC-SHA256
 * over the same fields, also one batch. Only the keys differ from the template (new reference,
 * external id, dedup key, token hash).
 */
final class JdbcWriter {

    private final DataSource ds;
    private final List<RequestRows> templates;
    private final byte[] key;
    private final ThreadLocal<Mac> mac;
    /** Signs the chain head as the hub does (V16), so the chain the bench grows still verifies. */
    private final io.lexhub.audit.AuditTrail headSigner;
    private final ThreadLocal<MessageDigest> sha = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> insertSql = new ConcurrentHashMap<>();
    /** False to leave out the workspace's search row (V32) and its words (V55), to measure what it adds to an intake transaction. */
    private boolean searchRow = true;

    JdbcWriter(DataSource ds, List<RequestRows> templates, String hmacKey) {
        if (templates.isEmpty()) throw new IllegalArgumentException("no row templates to write");
        this.ds = ds;
        this.templates = templates;
        this.key = hmacKey.getBytes(StandardCharsets.UTF_8);
        this.headSigner = new io.lexhub.audit.AuditTrail(key, new io.lexhub.store.AuditRowStore());
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

    JdbcWriter searchRow(boolean write) {
        this.searchRow = write;
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
                if (searchRow) {
                    insert(c, t.search(), ref, Map.of());
                    insertBatch(c, t.words(), ref, r -> Map.of());
                }
                for (Row r : t.levels()) insert(c, r, ref, Map.of());
                insertBatch(c, t.tokens(), ref, r -> Map.of("token_hash", tokenHash()));
                insertBatch(c, t.outbox(), ref, r -> Map.of("dedup_key", r.get("dedup_key") + "#" + tag));
                for (Row r : t.decisions()) insert(c, r, ref, Map.of());
                for (Row r : t.waivers()) insert(c, r, ref, Map.of());
                // as the hub since V9: the transaction's audit events last, through one head lock
                appendAll(c, t.audit(), ref, now);
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

    /** As the hub (store/RequestStore): the next number of the request_numbers sequence. */
    private String nextReference(Connection c, int year) throws SQLException {
        return numbers(c, year, 1).get(0);
    }

    /** {@code count} numbers of the sequence in one query. */
    private List<String> numbers(Connection c, int year, int count) throws SQLException {
        boolean postgres = Database.isPostgres(c);
        String sql = count == 1 ? (postgres ? "SELECT nextval('request_numbers')" : "SELECT NEXT VALUE FOR request_numbers")
                : postgres ? "SELECT nextval('request_numbers') FROM generate_series(1, ?)" : "SELECT NEXT VALUE FOR request_numbers FROM SYSTEM_RANGE(1, ?)";
        List<String> refs = new java.util.ArrayList<>(count);
        try (PreparedStatement q = c.prepareStatement(sql)) {
            if (count != 1) q.setInt(1, count);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) refs.add(io.lexhub.store.RequestStore.reference(year, rs.getLong(1)));
            }
        }
        return refs;
    }

    private void insert(Connection c, Row r, String ref, Map<String, Object> replace) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(r))) {
            bind(ps, r, ref, replace);
            ps.executeUpdate();
        }
    }

    /** Rows of one table (all with the same columns), in order, with one executeBatch - as the hub inserts tokens and notices. */
    private void insertBatch(Connection c, List<Row> rows, String ref, java.util.function.Function<Row, Map<String, Object>> replace)
            throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(sql(rows.get(0)))) {
            for (Row r : rows) {
                bind(ps, r, ref, replace.apply(r));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private String sql(Row r) {
        return insertSql.computeIfAbsent(r.table(), t -> "INSERT INTO " + t + " (" + String.join(", ", r.columns()) + ") VALUES ("
                + String.join(", ", r.columns().stream().map(x -> "?").toList()) + ")");
    }

    private static void bind(PreparedStatement ps, Row r, String ref, Map<String, Object> replace) throws SQLException {
        for (int i = 0; i < r.columns().size(); i++) {
            String col = r.columns().get(i);
            Object v = replace.containsKey(col) ? replace.get(col)
                    : col.equals("reference") || col.equals("request_ref") ? ref : r.values().get(i);
            ps.setObject(i + 1, v);
        }
    }

    /**
     * Seeding only (the memory scenario): writes requests {@code from .. from+count-1} with the
     * same rows as {@link #write}, but many per transaction with JDBC batches - the range's numbers
     * in one query and one audit head lock - which is not the hub's shape and so not timed against it.
     */
    void writeBatch(int from, int count, String tagPrefix) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int year = now.getYear();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String> numbers = numbers(c, year, count);
                Map<String, PreparedStatement> batches = new java.util.LinkedHashMap<>();
                List<Object[]> events = new java.util.ArrayList<>();
                try {
                    for (int k = 0; k < count; k++) {
                        int i = from + k;
                        String tag = tagPrefix + i;
                        RequestRows t = templates.get(Math.floorMod(i, templates.size()));
                        String ref = numbers.get(k);
                        add(c, batches, t.request(), ref, Map.of("external_id", t.request().get("external_id") + "#" + tag));
                        add(c, batches, t.search(), ref, Map.of());
                        for (Row r : t.words()) add(c, batches, r, ref, Map.of());
                        for (Row r : t.levels()) add(c, batches, r, ref, Map.of());
                        for (Row r : t.tokens()) add(c, batches, r, ref, Map.of("token_hash", tokenHash()));
                        for (Row r : t.outbox()) add(c, batches, r, ref, Map.of("dedup_key", r.get("dedup_key") + "#" + tag));
                        for (Row r : t.decisions()) add(c, batches, r, ref, Map.of());
                        for (Row r : t.waivers()) add(c, batches, r, ref, Map.of());
                        for (Row e : t.audit()) events.add(new Object[] {e, ref});
                    }
                    for (PreparedStatement ps : batches.values()) ps.executeBatch();
                } finally {
                    for (PreparedStatement ps : batches.values()) ps.close();
                }
                List<Row> rows = new java.util.ArrayList<>();
                List<String> refs = new java.util.ArrayList<>();
                for (Object[] e : events) {
                    rows.add((Row) e[0]);
                    refs.add((String) e[1]);
                }
                appendChain(c, rows, refs, now);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private void add(Connection c, Map<String, PreparedStatement> batches, Row r, String ref, Map<String, Object> replace) throws SQLException {
        String sql = sql(r);
        // one statement per table and column list, in first-use order (requests first)
        PreparedStatement ps = batches.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            batches.put(sql, ps);
        }
        bind(ps, r, ref, replace);
        ps.addBatch();
    }

    /** The hub's audit append: lock the head, HMAC each event over the same fields, insert them, move the head. */
    private void appendAll(Connection c, List<Row> events, String ref, OffsetDateTime now) throws SQLException {
        appendChain(c, events, java.util.Collections.nCopies(events.size(), ref), now);
    }

    private void appendChain(Connection c, List<Row> events, List<String> refs, OffsetDateTime now) throws SQLException {
        if (events.isEmpty()) return;
        long seq;
        String prevHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1);
            prevHash = rs.getString(2);
        }
        OffsetDateTime when = now.truncatedTo(ChronoUnit.MICROS);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_events (seq, at, request_ref, event_type, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int k = 0; k < events.size(); k++) {
                Row event = events.get(k);
                String ref = refs.get(k);
                seq++;
                String type = (String) event.get("event_type");
                String actor = (String) event.get("actor");
                String payload = (String) event.get("payload");
                Mac m = mac.get();
                for (String field : new String[] {prevHash, Long.toString(seq), when.toInstant().toString(), ref, type, actor, payload}) {
                    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                    m.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                    m.update(bytes);
                }
                String hash = HexFormat.of().formatHex(m.doFinal());
                ps.setLong(1, seq);
                ps.setObject(2, when);
                ps.setString(3, ref);
                ps.setString(4, type);
                ps.setString(5, actor);
                ps.setString(6, payload);
                ps.setString(7, prevHash);
                ps.setString(8, hash);
                ps.addBatch();
                prevHash = hash;
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ?, head_mac = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, prevHash);
            ps.setString(3, headSigner.headMac(seq, prevHash));
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
