package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outbox messages the hub stopped trying to send (status FAILED): the dead-letter list the desk
 * works from. A message gets here once, by a conditional UPDATE from PENDING; the desk sends it
 * again (back to PENDING, tries counted from zero) or discards it. Sent and pending messages
 * stay in {@link OutboxStore}.
 */
public final class OutboxFailures {

    /** One failed message as the desk sees it; the body stays out (it may be long, and is in the request's notifications). */
    public record Failed(long id, String requestRef, String channel, String recipient, String subject, int attempts, String lastError,
            OffsetDateTime createdAt) {}

    private final Tx tx;
    private final Clock clock;

    public OutboxFailures(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** PENDING -> FAILED in the caller's transaction; false when another node already settled the message. */
    public boolean giveUp(Connection c, long id, String error) throws SQLException {
        return move(c, id, OutboxStatus.PENDING, OutboxStatus.FAILED, "attempts = attempts + 1, last_error = ?",
                error == null ? "unknown error" : error.substring(0, Math.min(error.length(), 2000)));
    }

    /** FAILED -> PENDING, due now, tries from zero; false when the message is not (or no longer) failed. */
    public boolean retry(Connection c, long id) throws SQLException {
        return move(c, id, OutboxStatus.FAILED, OutboxStatus.PENDING, "attempts = 0, next_attempt_at = ?", OffsetDateTime.now(clock));
    }

    /** FAILED -> DISCARDED: the desk settled it by other means (moved the ticket by hand, phoned the customer). */
    public boolean discard(Connection c, long id) throws SQLException {
        return move(c, id, OutboxStatus.FAILED, OutboxStatus.DISCARDED, null);
    }

    /** One step of the message's life, taken only from the status it leaves (the row count says whether it was). */
    private static boolean move(Connection c, long id, OutboxStatus from, OutboxStatus to, String set, Object... values) throws SQLException {
        if (!from.mayBecome(to)) throw new IllegalStateException("an outbox message does not go from " + from + " to " + to);
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET status = ?, claimed_until = NULL" + (set == null ? "" : ", " + set)
                + " WHERE id = ? AND status = ?")) {
            int i = 1;
            ps.setString(i++, to.name());
            for (Object v : values) ps.setObject(i++, v);
            ps.setLong(i++, id);
            ps.setString(i, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    public java.util.Optional<Failed> get(Connection c, long id) throws SQLException {
        List<Failed> found = select(c, "WHERE id = ? AND status = 'FAILED'", id, 1);
        return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found.get(0));
    }

    /** The failed messages, oldest first. */
    public List<Failed> list(int limit) {
        return tx.read(c -> select(c, "WHERE status = 'FAILED'", null, limit));
    }

    /** The failed messages of one channel, oldest first (the events' dead letters: channel webhook). */
    public List<Failed> list(int limit, String channel) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, request_ref, channel, recipient, subject, attempts, last_error, created_at"
                    + " FROM outbox WHERE status = 'FAILED' AND channel = ? ORDER BY id")) {
                ps.setString(1, channel);
                ps.setMaxRows(limit);
                return rows(ps);
            }
        });
    }

    /** The outbox's backlog for the metrics: waiting and given-up messages, and when the oldest waiting one was written (null: none waits). */
    public record Backlog(long pending, long failed, OffsetDateTime oldestPending) {}

    public Backlog backlog() {
        Map<String, Long> counts = counts();
        OffsetDateTime oldest = tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(created_at) FROM outbox WHERE status = 'PENDING'");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class);
            }
        });
        return new Backlog(counts.get("pending"), counts.get("failed"), oldest);
    }

    /** How many messages wait to be sent and how many the hub gave up on, for health. */
    public Map<String, Long> counts() {
        return tx.read(c -> {
            Map<String, Long> counts = new LinkedHashMap<>(Map.of("pending", 0L, "failed", 0L));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT status, COUNT(*) FROM outbox WHERE status IN ('PENDING', 'FAILED') GROUP BY status");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) counts.put(rs.getString(1).equals("PENDING") ? "pending" : "failed", rs.getLong(2));
            }
            return counts;
        });
    }

    private static List<Failed> select(Connection c, String where, Long id, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, request_ref, channel, recipient, subject, attempts, last_error, created_at FROM outbox "
                + where + " ORDER BY id")) {
            if (id != null) ps.setLong(1, id);
            ps.setMaxRows(limit);
            return rows(ps);
        }
    }

    private static List<Failed> rows(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Failed> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Failed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                        rs.getString(7), rs.getObject(8, OffsetDateTime.class)));
            }
            return out;
        }
    }
}
