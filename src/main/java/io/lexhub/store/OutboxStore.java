package io.lexhub.store;

import io.lexhub.intake.ContentHash;
import io.lexhub.notify.Notice;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox: messages are written with the state change that causes them and sent later by the
 * outbox route. A row is claimed by a conditional update before sending, so two nodes (or two
 * timer runs) never send it both; a failed send is retried with exponential back-off.
 */
public final class OutboxStore {

    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";

    /**
     * A claimed message, the body of one exchange of an outbox route; {@code claimedUntil} is the
     * claim this node wrote; {@code inReplyTo} the Message-ID of the mail that asked for the
     * request when this mail goes back to its sender (null otherwise), so replies keep the thread.
     */
    public record Message(long id, String channel, String recipient, String subject, String body, int attempts, String dedupKey,
            OffsetDateTime claimedUntil, String inReplyTo) {

        /**
         * The Message-ID this row is mailed with, the same on every attempt: a mail sent again after
         * a crash between the SMTP send and markSent carries the Message-ID of the first copy, so
         * receivers can drop the repeat. The dedup key's hash keeps ids of two databases apart.
         */
        public String mailMessageId(String from) {
            String domain = from.substring(from.lastIndexOf('@') + 1).replaceAll("[>\\s]", "");
            return "<outbox-" + id + "." + keyHash(dedupKey) + "@" + domain + ">";
        }
    }

    /** The part of a Message-ID that ties it to its row's dedup key (a made-up id with a real row id does not match). */
    private static String keyHash(String dedupKey) {
        return ContentHash.sha256(dedupKey.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    private static final java.util.regex.Pattern OWN_ID = java.util.regex.Pattern.compile("<outbox-(\\d{1,18})\\.([0-9a-f]{12})@[^>]+>");

    /**
     * The request a mail of the hub was about, from its Message-ID as a reply quotes it in
     * In-Reply-To or References ({@link Message#mailMessageId}): the row id and the hash of its
     * dedup key must both match, so a made-up id finds nothing.
     */
    public java.util.Optional<String> requestOfMessageId(java.util.List<String> messageIds) {
        for (String id : messageIds) {
            java.util.regex.Matcher m = OWN_ID.matcher(id);
            if (!m.matches()) continue;
            java.util.Optional<String> ref = tx.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, dedup_key FROM outbox WHERE id = ? AND channel = 'mail'")) {
                    ps.setLong(1, Long.parseLong(m.group(1)));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getString(1) == null) return java.util.Optional.<String>empty();
                        return keyHash(rs.getString(2)).equals(m.group(2)) ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.<String>empty();
                    }
                }
            });
            if (ref.isPresent()) return ref;
        }
        return java.util.Optional.empty();
    }

    private final Tx tx;
    private final Clock clock;
    private final Duration claimFor;
    private final Duration retryBase;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(OutboxStore.class);
    /** Messages sent while the database was down, by id, with when they were sent. */
    private final Map<Long, OffsetDateTime> sentUnmarked = new ConcurrentHashMap<>();

    public OutboxStore(Tx tx, Clock clock, Duration claimFor, Duration retryBase) {
        this.tx = tx;
        this.clock = clock;
        this.claimFor = claimFor;
        this.retryBase = retryBase;
    }

    private static final String INSERT = """
            INSERT INTO outbox (dedup_key, request_ref, channel, recipient, subject, body, status, attempts, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""";

    /** Inserts a message in the caller's transaction; a message with the same dedup key is kept once. */
    public void enqueue(Connection c, String requestRef, Notice n, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, requestRef, n, now);
            ps.executeUpdate();
        }
    }

    /**
     * Inserts messages, in this order, in the caller's transaction with one JDBC batch (one round
     * trip on PostgreSQL instead of one per message), as {@link #enqueue(Connection, String, Notice, OffsetDateTime)} each.
     */
    public void enqueue(Connection c, String requestRef, List<Notice> notices, OffsetDateTime now) throws SQLException {
        if (notices.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Notice n : notices) {
                bind(ps, requestRef, n, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, String requestRef, Notice n, OffsetDateTime now) throws SQLException {
        ps.setString(1, n.dedupKey());
        ps.setString(2, requestRef);
        ps.setString(3, n.channel());
        ps.setString(4, n.recipient());
        ps.setString(5, n.subject());
        ps.setString(6, n.body());
        ps.setObject(7, now);
        ps.setObject(8, now);
    }

    /**
     * Puts notices that belong to no state change (an alert, a comment on a ticket that has no
     * request) into the outbox in a transaction of their own, all or none; when one with the same
     * dedup key is there already (put there by this node, another one, or before a restart), nothing.
     */
    public void enqueueOnce(List<Notice> notices, OffsetDateTime now) {
        try {
            tx.inTransaction(c -> {
                enqueue(c, null, notices, now);
                return null;
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException s && Tx.isUniqueViolation(s))) throw e;
        }
    }

    private List<Message> claim(int limit, List<String> channels) {
        return claim(limit, channels, "");
    }

    /**
     * Claims up to {@code limit} due messages of one channel, each only when no earlier message to
     * the same recipient about the same request is still unsent (pending or failed): events to a
     * subscriber keep their order per request and waiver (docs/events.md), and a batch never holds
     * two of them, so a failed send cannot let a later one overtake it.
     */
    public List<Message> claimDueInOrder(int limit, String channel) {
        return claim(limit, List.of(channel), " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.channel = o.channel"
                + " AND e.recipient = o.recipient AND e.request_ref = o.request_ref AND e.id < o.id AND e.status IN ('PENDING', 'FAILED'))");
    }

    private List<Message> claim(int limit, List<String> channels, String order) {
        writeSentMarks();
        OffsetDateTime now = OffsetDateTime.now(clock);
        // one query per channel: with "channel IN (...)" the index serves only the status, and a
        // poll read every pending row of the other channels (mail piles up while SMTP is off)
        List<Message> due = new ArrayList<>();
        for (String channel : channels) {
            due.addAll(tx.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT o.id, o.channel, o.recipient, o.subject, o.body, o.attempts, o.dedup_key, r.external_id FROM outbox o
                        LEFT JOIN requests r ON r.reference = o.request_ref AND r.source = 'mail' AND r.reply_to = o.recipient
                            AND r.external_id LIKE '<%>'
                        WHERE o.status = 'PENDING' AND o.channel = ? AND o.next_attempt_at <= ? AND (o.claimed_until IS NULL OR o.claimed_until < ?)"""
                        + order + " ORDER BY o.id")) {
                    ps.setString(1, channel);
                    ps.setObject(2, now);
                    ps.setObject(3, now);
                    ps.setMaxRows(limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<Message> found = new ArrayList<>();
                        while (rs.next()) {
                            found.add(new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                                    rs.getString(7), null, rs.getString(8)));
                        }
                        return found;
                    }
                }
            }));
        }
        // oldest first across channels, at most limit per poll
        due.sort(Comparator.comparingLong(Message::id));
        if (due.size() > limit) due = due.subList(0, limit);
        OffsetDateTime until = claimUntil(now);
        List<Message> claimed = new ArrayList<>();
        for (Message m : due) {
            boolean won = tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE outbox SET claimed_until = ? WHERE id = ? AND status = 'PENDING'
                        AND (claimed_until IS NULL OR claimed_until < ?)""")) {
                    ps.setObject(1, until);
                    ps.setLong(2, m.id());
                    ps.setObject(3, now);
                    return ps.executeUpdate() == 1;
                }
            });
            if (won) claimed.add(withClaim(m, until));
        }
        return claimed;
    }

    /**
     * Renews the claim on a message of a batch right before it is sent. A batch is claimed at
     * once, and sending it can take longer than a claim lasts (a slow server): by then another
     * node may have claimed the rest. Returns the message with its new claim, or null when the
     * claim is no longer the one this node wrote, and the message is left to the other node.
     */
    public Message reclaim(Message m) {
        OffsetDateTime until = claimUntil(OffsetDateTime.now(clock));
        boolean ours = tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET claimed_until = ? WHERE id = ? AND status = 'PENDING' AND claimed_until = ?")) {
                ps.setObject(1, until);
                ps.setLong(2, m.id());
                ps.setObject(3, m.claimedUntil());
                return ps.executeUpdate() == 1;
            }
        });
        return ours ? withClaim(m, until) : null;
    }

    /** Whole microseconds, what both databases store, so that the value read back compares equal. */
    private OffsetDateTime claimUntil(OffsetDateTime now) {
        return now.plus(claimFor).truncatedTo(ChronoUnit.MICROS);
    }

    private static Message withClaim(Message m, OffsetDateTime until) {
        return new Message(m.id(), m.channel(), m.recipient(), m.subject(), m.body(), m.attempts(), m.dedupKey(), until, m.inReplyTo());
    }

    /**
     * Marks a message sent. When the database is down at that moment the mark is kept here and
     * written before anything is claimed again: recorded as failed (or left to its claim running
     * out) the message would be sent a second time.
     */
    public void markSent(long id) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            writeSent(id, now);
        } catch (DatabaseUnavailableException e) {
            sentUnmarked.put(id, now);
            LOG.warn("outbox message {} was sent; it is marked sent when the database is back ({})", id, e.getMessage());
        }
    }

    /** Writes the sent marks the database missed; an outage still going on fails the claim that called it. */
    private void writeSentMarks() {
        for (var mark : Map.copyOf(sentUnmarked).entrySet()) {
            writeSent(mark.getKey(), mark.getValue());
            sentUnmarked.remove(mark.getKey());
        }
    }

    private void writeSent(long id, OffsetDateTime sentAt) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET status = 'SENT', sent_at = ?, attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE id = ? AND status = 'PENDING'")) {
                ps.setObject(1, sentAt);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    public boolean exists(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Claims up to {@code limit} due messages of the given channels (comma-separated), for a
     * route of their own: a channel that is slow or failing never holds back another's messages.
     */
    public List<Message> claimDue(int limit, String channels) {
        return claim(limit, java.util.Arrays.stream(channels.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** Records a failed attempt; the message stays pending and is retried after a growing delay. */
    public void markFailed(long id, int attemptsBefore, String error) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Duration delay = backoff(attemptsBefore + 1);
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, last_error = ? WHERE id = ? AND status = 'PENDING'")) {
                ps.setObject(1, now.plus(delay));
                ps.setString(2, error == null ? "unknown error" : error.substring(0, Math.min(error.length(), 2000)));
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    /** base, 2 x base, 4 x base ... (10 s, 20 s, 40 s by default), capped at one hour. */
    Duration backoff(int attempts) {
        Duration delay = retryBase.multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    List<Map<String, Object>> ofRequest(Connection c, String reference) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, channel, recipient, subject, body, status, attempts, created_at, sent_at, last_error
                FROM outbox WHERE request_ref = ? ORDER BY id""")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("channel", rs.getString("channel"));
                    m.put("to", rs.getString("recipient"));
                    m.put("subject", rs.getString("subject"));
                    m.put("body", rs.getString("body"));
                    m.put("status", rs.getString("status"));
                    m.put("attempts", rs.getInt("attempts"));
                    m.put("createdAt", rs.getObject("created_at", OffsetDateTime.class).toInstant().toString());
                    OffsetDateTime sent = rs.getObject("sent_at", OffsetDateTime.class);
                    if (sent != null) m.put("sentAt", sent.toInstant().toString());
                    if (rs.getString("last_error") != null) m.put("lastError", rs.getString("last_error"));
                    rows.add(m);
                }
                return rows;
            }
        }
    }
}
