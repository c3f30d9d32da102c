package io.lexhub.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The append-only audit trail: every event carries HMAC(key, previous hash + its own fields), so
 * editing, deleting or reordering a row breaks the chain. Appends run inside the caller's
 * transaction and lock the chain head, which orders them; a transaction of the hub collects its
 * events and appends them last, just before it commits, so it holds the head lock only briefly.
 */
public final class AuditTrail {

    public static final String GENESIS = "0".repeat(64);

    private final byte[] key;

    public AuditTrail(byte[] key) {
        if (key.length < 16) throw new IllegalArgumentException("the audit HMAC key must be at least 16 bytes");
        this.key = key.clone();
    }

    /**
     * Appends one event in the caller's transaction. When the transaction collects its events
     * ({@link #collect}), the event is queued and appended with the others just before commit
     * ({@link #appendCollected}); otherwise it is appended at once.
     */
    public void append(Connection c, OffsetDateTime at, String requestRef, String type, String actor, String payload)
            throws SQLException {
        // stored with microsecond precision on both databases, so hash what will be read back
        Pending e = new Pending(at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS), requestRef, type, actor, payload);
        List<Pending> queue = collected.get(c);
        if (queue != null) queue.add(e);
        else appendAll(c, List.of(e));
    }

    /** An event waiting for its place in the chain. */
    private record Pending(OffsetDateTime at, String requestRef, String type, String actor, String payload) {}

    /** The events of each collecting transaction, by its connection, in the order they were appended. */
    private final Map<Connection, List<Pending>> collected = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * From now on the events of the transaction on {@code c} are collected and appended together
     * by {@link #appendCollected} just before it commits, so the chain head is locked only for
     * those last inserts. {@link io.lexhub.store.Tx} does this for every transaction of the hub.
     */
    public void collect(Connection c) {
        collected.put(c, new ArrayList<>());
    }

    /** Appends the collected events of the transaction on {@code c} in their order (call right before commit). */
    public void appendCollected(Connection c) throws SQLException {
        List<Pending> queue = collected.remove(c);
        if (queue != null && !queue.isEmpty()) appendAll(c, queue);
    }

    /** Forgets what the transaction on {@code c} collected (after a rollback, or after commit). */
    public void discard(Connection c) {
        collected.remove(c);
    }

    /** Locks the chain head, inserts the events linked one to the next, and moves the head. */
    private void appendAll(Connection c, List<Pending> events) throws SQLException {
        long seq;
        String prevHash;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("audit_head row is missing: the audit trail cannot be appended");
            seq = rs.getLong(1);
            prevHash = rs.getString(2);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_events (seq, at, request_ref, event_type, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Pending e : events) {
                seq++;
                String hash = hash(seq, e.at(), e.requestRef(), e.type(), e.actor(), e.payload(), prevHash);
                ps.setLong(1, seq);
                ps.setObject(2, e.at());
                ps.setString(3, e.requestRef());
                ps.setString(4, e.type());
                ps.setString(5, e.actor());
                ps.setString(6, e.payload());
                ps.setString(7, prevHash);
                ps.setString(8, hash);
                if (events.size() == 1) ps.executeUpdate();
                else ps.addBatch();
                prevHash = hash;
            }
            if (events.size() > 1) ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, prevHash);
            ps.executeUpdate();
        }
    }

    public List<AuditEvent> eventsOf(Connection c, String requestRef) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, at, request_ref, event_type, actor, payload, prev_hash, hash FROM audit_events WHERE request_ref = ? ORDER BY seq")) {
            ps.setString(1, requestRef);
            try (ResultSet rs = ps.executeQuery()) {
                List<AuditEvent> events = new ArrayList<>();
                while (rs.next()) events.add(read(rs));
                return events;
            }
        }
    }

    /**
     * Walks the whole chain in order and reports the first broken link: a changed row (its hash no
     * longer matches), a missing row (gap in seq or a prev_hash that does not match), or a chain
     * whose tip does not match the head (newest rows deleted).
     */
    public VerifyResult verify(Connection c) throws SQLException {
        long expectedSeq = 1;
        String prevHash = GENESIS;
        long count = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, at, request_ref, event_type, actor, payload, prev_hash, hash FROM audit_events ORDER BY seq")) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditEvent e = read(rs);
                    if (e.seq() != expectedSeq) {
                        return VerifyResult.broken(count, e.seq(), "expected event " + expectedSeq + " but found " + e.seq()
                                + ": events " + expectedSeq + ".." + (e.seq() - 1) + " were deleted");
                    }
                    if (!e.prevHash().equals(prevHash)) {
                        return VerifyResult.broken(count, e.seq(), "event " + e.seq()
                                + " does not link to the event before it (prev_hash differs): the chain was altered");
                    }
                    String recomputed = hash(e.seq(), e.at(), e.requestRef(), e.type(), e.actor(), e.payload(), e.prevHash());
                    if (!recomputed.equals(e.hash())) {
                        return VerifyResult.broken(count, e.seq(), "event " + e.seq() + " (" + e.type()
                                + ") does not match its hash: the row was edited");
                    }
                    prevHash = e.hash();
                    expectedSeq++;
                    count++;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return VerifyResult.broken(count, 0, "the audit head row is missing");
            long headSeq = rs.getLong(1);
            if (headSeq != count || !rs.getString(2).equals(prevHash)) {
                return VerifyResult.broken(count, count + 1, "the chain ends at event " + count + " but the head records event "
                        + headSeq + ": the newest events were deleted or the head was altered");
            }
        }
        return VerifyResult.ok(count, prevHash);
    }

    private static AuditEvent read(ResultSet rs) throws SQLException {
        return new AuditEvent(
                rs.getLong(1),
                rs.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
    }

    String hash(long seq, OffsetDateTime at, String requestRef, String type, String actor, String payload, String prevHash) {
        return mac(prevHash, Long.toString(seq), at.toInstant().toString(), requestRef == null ? "" : requestRef, type, actor, payload);
    }

    /** One Mac per thread, initialised with this trail's key once; doFinal resets it for the next use. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC over length-prefixed fields: no two different field lists produce the same input. */
    private String mac(String... fields) {
        Mac mac = macs.get();
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            mac.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            mac.update(bytes);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /**
     * A signed checkpoint of the events in [from, to): the last one's seq and hash, how many, and
     * when. Kept outside the database, it lets {@link #verify(Connection, Checkpoint)} notice
     * that the newest events were deleted and the head rewritten to match, which the chain alone
     * cannot. Empty when the range has no events.
     */
    public Optional<Checkpoint> checkpoint(Connection c, Instant from, Instant to, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), MIN(seq), MAX(seq), MIN(at), MAX(at) FROM audit_events WHERE at >= ? AND at < ?")) {
            ps.setObject(1, from.atOffset(ZoneOffset.UTC));
            ps.setObject(2, to.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long count = rs.getLong(1);
                if (count == 0) return Optional.empty();
                long lastSeq = rs.getLong(3);
                String lastHash = hashOf(c, lastSeq).orElseThrow(() -> new SQLException("event " + lastSeq + " vanished"));
                Checkpoint unsigned = new Checkpoint(Checkpoint.FORMAT, from, to, rs.getLong(2), lastSeq, lastHash, count,
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
                        now.truncatedTo(ChronoUnit.MILLIS), null);
                return Optional.of(unsigned.withSignature(sign(unsigned)));
            }
        }
    }

    /**
     * Verifies the whole chain, then that it still holds the checkpoint's last event with the
     * same hash: a chain cut back before it (even with a rewritten head), or cut and grown again,
     * fails here.
     */
    public VerifyResult verify(Connection c, Checkpoint cp) throws SQLException {
        if (!MessageDigest.isEqual(sign(cp).getBytes(StandardCharsets.US_ASCII), String.valueOf(cp.signature()).getBytes(StandardCharsets.US_ASCII))) {
            return VerifyResult.broken(0, 0, "the checkpoint's signature does not match: the file was altered or signed with another key");
        }
        VerifyResult chain = verify(c);
        if (!chain.ok()) return chain;
        Optional<String> hash = hashOf(c, cp.lastSeq());
        if (hash.isEmpty()) {
            return VerifyResult.broken(chain.verified(), cp.lastSeq(), "the checkpoint of " + cp.createdAt() + " ends at event " + cp.lastSeq()
                    + " but the chain ends at event " + chain.verified() + ": the newest events were deleted and the head rewritten");
        }
        if (!hash.get().equals(cp.lastHash())) {
            return VerifyResult.broken(chain.verified(), cp.lastSeq(), "event " + cp.lastSeq() + " is not the one the checkpoint of "
                    + cp.createdAt() + " recorded: the chain was cut and rewritten from there");
        }
        return new VerifyResult(true, chain.verified(), 0, chain.message() + "; contains checkpoint event " + cp.lastSeq()
                + " of " + cp.createdAt(), chain.lastHash());
    }

    private String sign(Checkpoint cp) {
        return mac(cp.format(), cp.from().toString(), cp.to().toString(), Long.toString(cp.firstSeq()), Long.toString(cp.lastSeq()),
                cp.lastHash(), Long.toString(cp.count()), cp.firstAt().toString(), cp.lastAt().toString(), cp.createdAt().toString());
    }

    private static Optional<String> hashOf(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_events WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public record VerifyResult(boolean ok, long verified, long brokenAt, String message, String lastHash) {
        static VerifyResult ok(long count, String lastHash) {
            return new VerifyResult(true, count, 0, "OK: " + count + " audit events verified, chain intact", lastHash);
        }

        static VerifyResult broken(long count, long at, String message) {
            return new VerifyResult(false, count, at, "BROKEN at event " + at + ": " + message, null);
        }
    }
}
