package io.lexhub.store;

import io.lexhub.lifecycle.ReviewStatus;
import io.lexhub.lifecycle.WaiverState;
import io.lexhub.model.Json;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the lifecycle sweeps read and the conditional updates they make. Every update is
 * "WHERE <still in the state the sweep saw>" (architecture rule 4): a sweep that runs twice, or on two
 * nodes, changes each row once.
 */
public final class LifecycleStore {

    /** An open approval level past one of its deadlines. */
    public record DueLevel(String ref, int round, int level, String role, OffsetDateTime dueAt) {}

    public List<DueLevel> levelsToRemind(Connection c, OffsetDateTime now, int limit) throws SQLException {
        return dueLevels(c, "remind_at", "reminded_at", now, limit);
    }

    public List<DueLevel> levelsToEscalate(Connection c, OffsetDateTime now, int limit) throws SQLException {
        return dueLevels(c, "due_at", "escalated_at", now, limit);
    }

    private List<DueLevel> dueLevels(Connection c, String deadline, String doneColumn, OffsetDateTime now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref, round, level_no, role, due_at FROM approval_levels WHERE status = 'OPEN' AND "
                + deadline + " <= ? AND " + doneColumn + " IS NULL ORDER BY " + deadline)) {
            ps.setObject(1, now);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<DueLevel> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new DueLevel(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class)));
                }
                return out;
            }
        }
    }

    /** Marks a level reminded (or escalated); false when that already happened. */
    public boolean markLevel(Connection c, DueLevel l, String doneColumn, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE approval_levels SET " + doneColumn + " = ? WHERE request_ref = ? AND round = ?"
                + " AND level_no = ? AND status = 'OPEN' AND " + doneColumn + " IS NULL")) {
            ps.setObject(1, now);
            ps.setString(2, l.ref());
            ps.setInt(3, l.round());
            ps.setInt(4, l.level());
            return ps.executeUpdate() == 1;
        }
    }

    public void setDeadlines(Connection c, String ref, int round, int level, OffsetDateTime remindAt, OffsetDateTime dueAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE approval_levels SET remind_at = ?, due_at = ? WHERE request_ref = ? AND round = ? AND level_no = ?")) {
            ps.setObject(1, remindAt);
            ps.setObject(2, dueAt);
            ps.setString(3, ref);
            ps.setInt(4, round);
            ps.setInt(5, level);
            ps.executeUpdate();
        }
    }

    /** A waiver as the sweeps and the API see it. */
    public record Waiver(String ref, String state, String customerId, String product, String type, LocalDate start, LocalDate end,
            String granted, String renewalOf, int renewalCount, boolean policyReview, String customerName, String replyTo) {}

    private static final String WAIVER_COLUMNS = "w.request_ref, w.state, w.customer_id, w.product, w.exception_type, w.start_date,"
            + " w.end_date, w.granted, w.renewal_of, w.renewal_count, w.policy_review, r.customer_name, r.reply_to"
            + " FROM waivers w JOIN requests r ON r.reference = w.request_ref";

    private static Waiver waiver(ResultSet rs) throws SQLException {
        return new Waiver(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getDate(6).toLocalDate(), rs.getDate(7).toLocalDate(), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getBoolean(11),
                rs.getString(12), rs.getString(13));
    }

    public Optional<Waiver> waiver(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + WAIVER_COLUMNS + " WHERE w.request_ref = ?")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(waiver(rs)) : Optional.empty();
            }
        }
    }

    /** Active waivers whose last day is in [from, to]: the candidates for expiry reminders. */
    public List<Waiver> activeEndingBetween(Connection c, LocalDate from, LocalDate to, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + WAIVER_COLUMNS
                + " WHERE w.state = 'ACTIVE' AND w.end_date >= ? AND w.end_date <= ? ORDER BY w.end_date, w.request_ref")) {
            ps.setDate(1, Date.valueOf(from));
            ps.setDate(2, Date.valueOf(to));
            ps.setMaxRows(limit);
            return list(ps);
        }
    }

    /** Active waivers whose last day is before {@code day}: due for sunset. */
    public List<Waiver> activeEndedBefore(Connection c, LocalDate day, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + WAIVER_COLUMNS
                + " WHERE w.state = 'ACTIVE' AND w.end_date < ? ORDER BY w.end_date, w.request_ref")) {
            ps.setDate(1, Date.valueOf(day));
            ps.setMaxRows(limit);
            return list(ps);
        }
    }

    private static List<Waiver> list(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Waiver> out = new ArrayList<>();
            while (rs.next()) out.add(waiver(rs));
            return out;
        }
    }

    /** The active renewal of a waiver, if one was approved. */
    public Optional<String> activeRenewalOf(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref FROM waivers WHERE renewal_of = ? AND state = 'ACTIVE'")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Request states in which a renewal is still to be decided. */
    private static final String UNDECIDED = "'RECEIVED','NEEDS_INFO','PENDING_APPROVAL'";

    /**
     * The waiver a renewal names, with its live renewals and the newest waiver of its chain; empty
     * when there is no such waiver. {@code lock} locks the waiver's row for the rest of the
     * transaction, so two renewals of one waiver stored at once take turns and the second sees
     * the first. {@code exceptRequest} (may be null) is a request not to count (the one being
     * re-assessed).
     */
    public Optional<io.lexhub.validation.RenewalTarget> renewalTarget(Connection c, String ref, String exceptRequest, boolean lock)
            throws SQLException {
        if (lock) {
            try (PreparedStatement ps = c.prepareStatement("SELECT request_ref FROM waivers WHERE request_ref = ? FOR UPDATE")) {
                ps.setString(1, ref);
                ps.executeQuery().close();
            }
        }
        Optional<Waiver> found = waiver(c, ref);
        if (found.isEmpty()) return Optional.empty();
        Waiver w = found.get();
        List<io.lexhub.validation.RenewalTarget.LiveRenewal> live = new ArrayList<>();
        for (String next : renewingWaivers(c, ref)) live.add(new io.lexhub.validation.RenewalTarget.LiveRenewal(next, "APPROVED"));
        // an undecided renewal has no waiver yet: its request names the waiver it renews
        try (PreparedStatement ps = c.prepareStatement("SELECT reference, state, request_json FROM requests WHERE customer_id = ?"
                + " AND product = ? AND state IN (" + UNDECIDED + ") AND practice = FALSE ORDER BY reference")) {
            ps.setString(1, w.customerId());
            ps.setString(2, w.product());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals(exceptRequest)) continue;
                    if (ref.equals(Json.readTree(rs.getString(3)).path("renews").asText(null))) {
                        live.add(new io.lexhub.validation.RenewalTarget.LiveRenewal(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        String newest = ref;
        for (int hops = 0; hops < 200; hops++) {
            List<String> later = renewingWaivers(c, newest);
            if (later.isEmpty()) break;
            newest = later.get(0);
        }
        return Optional.of(new io.lexhub.validation.RenewalTarget(ref, w.state(), w.customerId(), w.product(), w.type(), w.renewalCount(),
                live, newest));
    }

    /** The waivers granted as renewals of {@code ref}, revoked ones left out. */
    private static List<String> renewingWaivers(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_ref FROM waivers WHERE renewal_of = ? AND state <> 'REVOKED' ORDER BY request_ref")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        }
    }

    /** The chain of a waiver: what it renewed, back to the first one, and what renewed it. */
    public List<Waiver> history(Connection c, String ref) throws SQLException {
        List<Waiver> back = new ArrayList<>();
        Optional<Waiver> w = waiver(c, ref);
        while (w.isPresent() && back.size() < 100) {
            back.add(0, w.get());
            w = w.get().renewalOf() == null ? Optional.empty() : waiver(c, w.get().renewalOf());
        }
        String next = ref;
        while (back.size() < 200) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + WAIVER_COLUMNS + " WHERE w.renewal_of = ?")) {
                ps.setString(1, next);
                List<Waiver> later = list(ps);
                if (later.isEmpty()) break;
                back.add(later.get(0));
                next = later.get(0).ref();
            }
        }
        return back;
    }

    /** Ends an active waiver (EXPIRED, RENEWED or REVOKED); false when it is no longer active. */
    public boolean endWaiver(Connection c, String ref, WaiverState state, OffsetDateTime now) throws SQLException {
        if (!WaiverState.ACTIVE.mayBecome(state)) throw new IllegalStateException("a waiver does not end as " + state);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE waivers SET state = ?, ended_at = ?, updated_at = ? WHERE request_ref = ? AND state = 'ACTIVE'")) {
            ps.setString(1, state.name());
            ps.setObject(2, now);
            ps.setObject(3, now);
            ps.setString(4, ref);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Narrows an active waiver in place (pipeline.waiver.WaiverAmendments): the new end and granted
     * document, only while the row is still active and holds the end and granted document the
     * amendment was checked against; false otherwise (ended, or amended by someone else meanwhile).
     */
    public boolean narrowWaiver(Connection c, String ref, LocalDate oldEnd, String oldGranted, LocalDate newEnd, String newGranted,
            OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE waivers SET end_date = ?, granted = ?, updated_at = ?"
                + " WHERE request_ref = ? AND state = 'ACTIVE' AND end_date = ? AND granted = ?")) {
            ps.setDate(1, Date.valueOf(newEnd));
            ps.setString(2, newGranted);
            ps.setObject(3, now);
            ps.setString(4, ref);
            ps.setDate(5, Date.valueOf(oldEnd));
            ps.setString(6, oldGranted);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Locks a waiver's row for the rest of the transaction if it is still active; false when it is
     * not. Two sweeps (two nodes, or a timer and an on-demand run) handling the same waiver then
     * take turns, and the second one sees what the first committed.
     */
    public boolean lockActive(Connection c, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref FROM waivers WHERE request_ref = ? AND state = 'ACTIVE' FOR UPDATE")) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Records an expiry reminder offset as handled; false when it already was. Call it with the
     * waiver locked ({@link #lockActive}): "insert where not exists" alone lets two concurrent
     * transactions both insert, and the second fails on the primary key.
     */
    public boolean markReminder(Connection c, String ref, int daysBefore, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO waiver_reminders (request_ref, days_before, sent_at)
                SELECT ?, ?, ? FROM audit_head WHERE id = 1
                AND NOT EXISTS (SELECT 1 FROM waiver_reminders WHERE request_ref = ? AND days_before = ?)""")) {
            ps.setString(1, ref);
            ps.setInt(2, daysBefore);
            ps.setObject(3, now);
            ps.setString(4, ref);
            ps.setInt(5, daysBefore);
            return ps.executeUpdate() == 1;
        }
    }

    // --- periodic review

    /**
     * The review "period" of a waiver flagged for repeat renewal: it is reviewed once, whenever it
     * was approved, not in a month's sample.
     */
    public static final String RENEWAL_REVIEW = "renewal";

    public long countActive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM waivers WHERE state = 'ACTIVE'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Makes sampling runs take turns: the sample size depends on what is already sampled, so two
     * runs at once (two nodes, or the timer and an on-demand run) would both draw the full share.
     * The lock is the audit chain's head row, which the run's audit events take anyway.
     */
    public void lockSampling(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM audit_head WHERE id = 1 FOR UPDATE"); ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    public long countSampled(Connection c, String period) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM waiver_reviews WHERE period = ?")) {
            ps.setString(1, period);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public List<String> activeNotSampled(Connection c, String period) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_ref FROM waivers w WHERE state = 'ACTIVE'"
                + " AND NOT EXISTS (SELECT 1 FROM waiver_reviews r WHERE r.request_ref = w.request_ref AND r.period = ?) ORDER BY request_ref")) {
            ps.setString(1, period);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            }
        }
    }

    public long insertReview(Connection c, String ref, String period, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO waiver_reviews (request_ref, period, status, sampled_at) VALUES (?, ?, 'OPEN', ?)", new String[] {"id"})) {
            ps.setString(1, ref);
            ps.setString(2, period);
            ps.setObject(3, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public record Review(long id, String ref, String period, String status) {}

    public List<Review> openReviews(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, request_ref, period, status FROM waiver_reviews WHERE status = 'OPEN' ORDER BY id")) {
            try (ResultSet rs = ps.executeQuery()) {
                List<Review> out = new ArrayList<>();
                while (rs.next()) out.add(new Review(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                return out;
            }
        }
    }

    public Optional<Review> review(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, request_ref, period, status FROM waiver_reviews WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Review(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))) : Optional.empty();
            }
        }
    }

    public boolean closeReview(Connection c, long id, ReviewStatus status, String by, String rationale, OffsetDateTime now) throws SQLException {
        if (!ReviewStatus.OPEN.mayBecome(status)) throw new IllegalStateException("a review does not close as " + status);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE waiver_reviews SET status = ?, decided_by = ?, rationale = ?, decided_at = ? WHERE id = ? AND status = 'OPEN'")) {
            ps.setString(1, status.name());
            ps.setString(2, by);
            ps.setString(3, rationale);
            ps.setObject(4, now);
            ps.setLong(5, id);
            return ps.executeUpdate() == 1;
        }
    }
}
