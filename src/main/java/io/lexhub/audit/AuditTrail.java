package io.lexhub.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
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
 * The head carries an HMAC of its own (last seq and hash), so it cannot be rewound without the key.
 * Rows of the state tables that grant rights are vouched for by row records ({@link #recordRow}).
 */
public final class AuditTrail {

    public static final String GENESIS = "0".repeat(64);

    private final byte[] key;
    private final AuditRows rows;

    public AuditTrail(byte[] key, AuditRows rows) {
        if (key.length < 16) throw new IllegalArgumentException("the audit HMAC key must be at least 16 bytes");
        this.key = key.clone();
        this.rows = rows;
    }

    AuditRows rows() {
        return rows;
    }

    /**
     * Appends one event in the caller's transaction. When the transaction collects its events
     * ({@link #collect}), the event is queued and appended with the others just before commit
     * ({@link #appendCollected}); otherwise it is appended at once.
     */
    public void append(Connection c, OffsetDateTime at, String requestRef, String type, String actor, String payload)
            throws SQLException {
        // stored with microsecond precision on both databases, so hash what will be read back
        Pending e = new Pending(micros(at), requestRef, type, actor, payload, null, null);
        Collected queue = collected.get(c);
        if (queue != null) queue.events.add(e);
        else appendAll(c, List.of(e));
    }

    /**
     * Records the current content of the rows of {@code table} whose leading key columns equal
     * {@code keyPrefix} (one row, or e.g. every level of a round): call it after each write to a
     * {@link RecordedTables} table, in the same transaction. A collecting transaction reads the
     * rows back just before commit, so a row written twice gets one record with its final content;
     * the record's actor is that of the event the transaction appends next (the one that caused
     * the write), else of its last one.
     */
    public void recordRow(Connection c, Recorded table, Object... keyPrefix) throws SQLException {
        Collected queue = collected.get(c);
        if (queue != null) {
            queue.touches.add(new Touch(table, List.of(keyPrefix), queue.events.size()));
            return;
        }
        OffsetDateTime now = micros(OffsetDateTime.now());
        List<Pending> records = new ArrayList<>();
        for (RowDigest row : read(c, table, List.of(keyPrefix))) records.add(record(table, row, now, "system", null));
        if (!records.isEmpty()) appendAll(c, records);
    }

    private List<RowDigest> read(Connection c, Recorded table, List<Object> keyPrefix) throws SQLException {
        List<RowDigest> digests = new ArrayList<>();
        for (AuditRows.Row row : rows.rows(c, table, keyPrefix)) digests.add(RowDigest.of(table, row));
        return digests;
    }

    private static OffsetDateTime micros(OffsetDateTime at) {
        // stored with microsecond precision on both databases, so hash what will be read back
        return at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** The row record event of one row as stored. */
    static Pending record(Recorded table, RowDigest row, OffsetDateTime at, String actor, String cause) {
        return new Pending(at, null, table.eventType(), actor, row.payload(table, cause), row.subject(), row.digest());
    }

    /** An event waiting for its place in the chain. */
    record Pending(OffsetDateTime at, String requestRef, String type, String actor, String payload, String subject, String digest) {}

    /** A write to a recorded table: its rows are read back and recorded at commit. */
    private record Touch(Recorded table, List<Object> keyPrefix, int eventsBefore) {}

    /** What a collecting transaction appends at commit: its events in order, then the records of the rows it wrote. */
    private static final class Collected {
        final List<Pending> events = new ArrayList<>();
        final List<Touch> touches = new ArrayList<>();
    }

    /** The events of each collecting transaction, by its connection, in the order they were appended. */
    private final Map<Connection, Collected> collected = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * From now on the events of the transaction on {@code c} are collected and appended together
     * by {@link #appendCollected} just before it commits, so the chain head is locked only for
     * those last inserts. {@link io.lexhub.store.Tx} does this for every transaction of the hub.
     */
    public void collect(Connection c) {
        collected.put(c, new Collected());
    }

    /** An event a transaction has collected so far: what it would append (a dry run lists these). */
    public record Planned(String requestRef, String type, String payload) {}

    /** The events collected so far by the transaction on {@code c}, without the row records. */
    public List<Planned> collectedEvents(Connection c) {
        Collected queue = collected.get(c);
        if (queue == null) return List.of();
        return queue.events.stream().map(e -> new Planned(e.requestRef(), e.type(), e.payload())).toList();
    }

    /** Appends the collected events of the transaction on {@code c} in their order (call right before commit). */
    public void appendCollected(Connection c) throws SQLException {
        Collected queue = collected.remove(c);
        if (queue == null) return;
        List<Pending> all = new ArrayList<>(queue.events);
        // one record per row, with its content at commit, in the order the rows were first written
        Map<String, Pending> records = new java.util.LinkedHashMap<>();
        for (Touch t : queue.touches) {
            Pending cause = queue.events.isEmpty() ? null
                    : queue.events.get(Math.min(t.eventsBefore(), queue.events.size() - 1));
            OffsetDateTime at = cause != null ? cause.at() : micros(OffsetDateTime.now());
            for (RowDigest row : read(c, t.table(), t.keyPrefix())) {
                String id = t.table().eventType() + " " + row.subject();
                if (records.containsKey(id)) continue;
                records.put(id, record(t.table(), row, at, cause == null ? "system" : cause.actor(), cause == null ? null : cause.type()));
            }
        }
        all.addAll(records.values());
        if (!all.isEmpty()) appendAll(c, all);
    }

    /** Appends events built outside a transaction of the hub (audit verify --adopt), at once. */
    void appendNow(Connection c, List<Pending> events) throws SQLException {
        if (!events.isEmpty()) appendAll(c, events);
    }

    /** Forgets what the transaction on {@code c} collected (after a rollback, or after commit). */
    public void discard(Connection c) {
        collected.remove(c);
    }

    /** Locks the chain head, inserts the events linked one to the next, and moves the head. */
    private void appendAll(Connection c, List<Pending> events) throws SQLException {
        AuditRows.Head head = rows.lockHead(c);
        long seq = head.seq();
        String prevHash = head.hash();
        List<AuditEvent> linked = new ArrayList<>(events.size());
        for (Pending e : events) {
            seq++;
            String hash = hash(seq, e.at(), e.requestRef(), e.type(), e.actor(), e.payload(), prevHash, e.subject(), e.digest());
            linked.add(new AuditEvent(seq, e.at(), e.requestRef(), e.type(), e.actor(), e.payload(), prevHash, hash, e.subject(), e.digest()));
            prevHash = hash;
        }
        rows.append(c, linked, new AuditRows.Head(seq, prevHash, headMac(seq, prevHash)));
    }

    /**
     * The HMAC a head with this last event carries. Without the key nobody can rewind the head to
     * an earlier event after deleting the newest ones; only an old head row kept from back then
     * (a restored backup) would pass, which the off-host checkpoint catches.
     */
    public String headMac(long lastSeq, String lastHash) {
        return mac("lexhub-audit-head/1", Long.toString(lastSeq), lastHash);
    }

    public List<AuditEvent> eventsOf(Connection c, String requestRef) throws SQLException {
        return rows.ofRequest(c, requestRef);
    }

    /** The newest events of one type, newest first (ix_audit_type), at most {@code limit}. */
    public List<AuditEvent> latestOfType(Connection c, String type, int limit) throws SQLException {
        return rows.latestOfType(c, type, limit);
    }

    /**
     * Walks the whole chain in order and reports the first broken link: a changed row (its hash no
     * longer matches), a missing row (gap in seq or a prev_hash that does not match), or a chain
     * whose tip does not match the head (newest rows deleted).
     */
    public VerifyResult verify(Connection c) throws SQLException {
        return verifyFrom(c, 0, GENESIS);
    }

    /**
     * As {@link #verify(Connection)}, but only the events after {@code afterSeq}, which had the
     * hash {@code afterHash} when it was verified last (0 and {@link #GENESIS}: the whole chain);
     * that event must still be there with that hash. The head is read first and the events up to
     * it are walked, so events a transaction commits meanwhile (a running hub) are left for the
     * next run instead of being taken for a chain that outgrew its head.
     */
    public VerifyResult verifyFrom(Connection c, long afterSeq, String afterHash) throws SQLException {
        Optional<AuditRows.Head> first = rows.head(c);
        if (first.isEmpty()) return VerifyResult.broken(afterSeq, 0, "the audit head row is missing");
        AuditRows.Head head = first.get();
        if (afterSeq > 0) {
            Optional<String> was = rows.hashOf(c, afterSeq);
            if (!was.equals(Optional.of(afterHash))) {
                return VerifyResult.broken(afterSeq - 1, afterSeq, "event " + afterSeq + ", verified before, was "
                        + (was.isEmpty() ? "deleted" : "edited") + " since");
            }
        }
        Walk walk = new Walk(afterSeq, afterHash);
        rows.walk(c, afterSeq, Math.max(head.seq(), afterSeq), walk::visit);
        if (walk.broken != null) return walk.broken;
        long count = walk.count;
        String prevHash = walk.prevHash;
        if (head.mac() == null && head.seq() != 0) {
            return VerifyResult.broken(count, head.seq(), "the audit head (event " + head.seq() + ") carries no HMAC: either nothing was appended "
                    + "since the upgrade that added it (run `lexhub audit verify --adopt` once) or it was removed");
        }
        if (head.mac() != null && !MessageDigest.isEqual(headMac(head.seq(), head.hash()).getBytes(StandardCharsets.US_ASCII),
                head.mac().getBytes(StandardCharsets.US_ASCII))) {
            return VerifyResult.broken(count, head.seq(), "the audit head (event " + head.seq() + ") does not match its HMAC: "
                    + "it was rewritten without the key, e.g. rewound after the newest events were deleted");
        }
        if (head.seq() != count || !head.hash().equals(prevHash)) {
            return VerifyResult.broken(count, count + 1, "the chain ends at event " + count + " but the head records event "
                    + head.seq() + ": the newest events were deleted or the head was altered");
        }
        // an event beyond the head is a later commit only if the head has moved past it since
        long beyond = rows.firstAfter(c, head.seq());
        if (beyond > 0 && rows.head(c).map(AuditRows.Head::seq).orElse(0L) < beyond) {
            return VerifyResult.broken(count, beyond, "the chain ends at event " + beyond + " or later but the head records event "
                    + head.seq() + ": events were added behind the hub's back or the head was altered");
        }
        return VerifyResult.ok(count, prevHash);
    }

    /** The walk over the chain: the first broken link ends it. */
    private final class Walk {
        long expectedSeq;
        String prevHash;
        long count;
        VerifyResult broken;

        Walk(long afterSeq, String afterHash) {
            expectedSeq = afterSeq + 1;
            prevHash = afterHash;
            count = afterSeq;
        }

        boolean visit(AuditEvent e) {
            if (e.seq() != expectedSeq) {
                broken = VerifyResult.broken(count, e.seq(), "expected event " + expectedSeq + " but found " + e.seq()
                        + ": events " + expectedSeq + ".." + (e.seq() - 1) + " were deleted");
            } else if (!e.prevHash().equals(prevHash)) {
                broken = VerifyResult.broken(count, e.seq(), "event " + e.seq()
                        + " does not link to the event before it (prev_hash differs): the chain was altered");
            } else if (!intact(e)) {
                broken = VerifyResult.broken(count, e.seq(), "event " + e.seq() + " (" + e.type()
                        + ") does not match its hash: the row was edited");
            } else {
                prevHash = e.hash();
                expectedSeq++;
                count++;
            }
            return broken == null;
        }
    }

    /** Whether the event's own fields still match its HMAC (whatever its neighbours). */
    boolean intact(AuditEvent e) {
        return hash(e.seq(), e.at(), e.requestRef(), e.type(), e.actor(), e.payload(), e.prevHash(), e.subject(), e.digest()).equals(e.hash());
    }

    String hash(long seq, OffsetDateTime at, String requestRef, String type, String actor, String payload, String prevHash) {
        return hash(seq, at, requestRef, type, actor, payload, prevHash, null, null);
    }

    /** Events without a subject hash as before V16, so older chains still verify; length prefixes keep the two forms apart. */
    String hash(long seq, OffsetDateTime at, String requestRef, String type, String actor, String payload, String prevHash,
            String subject, String digest) {
        String ref = requestRef == null ? "" : requestRef;
        if (subject == null) return mac(prevHash, Long.toString(seq), at.toInstant().toString(), ref, type, actor, payload);
        return mac(prevHash, Long.toString(seq), at.toInstant().toString(), ref, type, actor, payload, subject, String.valueOf(digest));
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
        Optional<AuditRows.Span> span = rows.span(c, from, to);
        if (span.isEmpty()) return Optional.empty();
        AuditRows.Span e = span.get();
        String lastHash = rows.hashOf(c, e.lastSeq()).orElseThrow(() -> new SQLException("event " + e.lastSeq() + " vanished"));
        Checkpoint unsigned = new Checkpoint(Checkpoint.FORMAT, from, to, e.firstSeq(), e.lastSeq(), lastHash, e.count(),
                e.firstAt(), e.lastAt(), now.truncatedTo(ChronoUnit.MILLIS), null);
        return Optional.of(unsigned.withSignature(sign(unsigned)));
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
        Optional<String> hash = rows.hashOf(c, cp.lastSeq());
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

    public record VerifyResult(boolean ok, long verified, long brokenAt, String message, String lastHash) {
        static VerifyResult ok(long count, String lastHash) {
            return new VerifyResult(true, count, 0, "OK: " + count + " audit events verified, chain intact", lastHash);
        }

        static VerifyResult broken(long count, long at, String message) {
            return new VerifyResult(false, count, at, "BROKEN at event " + at + ": " + message, null);
        }
    }
}
