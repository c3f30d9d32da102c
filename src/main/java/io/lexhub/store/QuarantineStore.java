package io.lexhub.store;

import io.lexhub.intake.RawSubmission;
import io.lexhub.model.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inputs that could not become a request, kept with their reason for inspection and replay.
 * A replay is claimed by a conditional update first, so two operators, two nodes or a retried
 * call never replay one item twice at the same time; an item that became a request is final.
 */
public final class QuarantineStore {

    public static final String QUARANTINED = "QUARANTINED";
    public static final String REPLAY_REQUESTED = "REPLAY_REQUESTED";
    public static final String REPLAYING = "REPLAYING";
    public static final String REPLAYED = "REPLAYED";
    public static final String REPLAY_FAILED = "REPLAY_FAILED";

    /** Larger inputs are kept truncated here; the whole file stays in the failed folder. */
    private static final int MAX_KEPT_BYTES = 512 * 1024;

    private static final String COLUMNS = "id, source, external_id, file_name, reason, received_at, status, replay_attempts,"
            + " replayed_at, replay_reference, replay_outcome";

    /** A quarantined input; {@code content} is null in listings. */
    public record Item(long id, String source, String externalId, String fileName, String reason, Instant receivedAt,
            String status, int replayAttempts, Instant replayedAt, String replayReference, String replayOutcome, byte[] content) {}

    /** Why an item could not be claimed for replay, or the claimed item. */
    public record Claim(Item item, String refusal) {
        public boolean claimed() {
            return item != null && refusal == null;
        }
    }

    private final Tx tx;
    private final Clock clock;
    private final Duration claimFor;

    private final io.lexhub.audit.AuditTrail audit;

    public QuarantineStore(Tx tx, Clock clock, Duration claimFor) {
        this(tx, clock, claimFor, null);
    }

    /** {@code audit}: where a replay someone asked for over HTTP is recorded with who asked (null: the console's tool, not audited). */
    public QuarantineStore(Tx tx, Clock clock, Duration claimFor, io.lexhub.audit.AuditTrail audit) {
        this.tx = tx;
        this.clock = clock;
        this.claimFor = claimFor;
        this.audit = audit;
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

    /** Items nobody has replayed successfully yet. */
    public long waiting() {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM quarantine WHERE status <> 'REPLAYED'");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
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

    /** The newest items first, without their content. */
    public List<Item> list(int limit) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM quarantine ORDER BY id DESC")) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Item> items = new ArrayList<>();
                    while (rs.next()) items.add(read(rs, null));
                    return items;
                }
            }
        });
    }

    public Optional<Item> get(long id) {
        return tx.read(c -> find(c, id));
    }

    /**
     * Claims one item for replay now (the API, the workspace), recording who asked for it
     * ({@code quarantine.replay-requested}; {@code actor} null: nobody to name) in the same transaction. Refused when it does not
     * exist, already became a request, or is being replayed.
     */
    public Claim claim(long id, String actor) {
        return tx.inTransaction(c -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            try (PreparedStatement ps = c.prepareStatement("UPDATE quarantine SET status = 'REPLAYING', replay_claimed_until = ?,"
                    + " replay_attempts = replay_attempts + 1 WHERE id = ? AND (status IN ('QUARANTINED', 'REPLAY_REQUESTED', 'REPLAY_FAILED')"
                    + " OR (status = 'REPLAYING' AND replay_claimed_until < ?))")) {
                ps.setObject(1, now.plus(claimFor));
                ps.setLong(2, id);
                ps.setObject(3, now);
                int claimed = ps.executeUpdate();
                Optional<Item> item = find(c, id);
                if (item.isEmpty()) return new Claim(null, "no quarantined item " + id);
                if (claimed != 1) return new Claim(item.get(), refusal(item.get()));
                if (audit != null && actor != null) {
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("quarantineId", id);
                    payload.put("source", item.get().source());
                    payload.put("reason", item.get().reason());
                    payload.put("attempt", item.get().replayAttempts());
                    audit.append(c, now, null, "quarantine.replay-requested", actor, Json.write(payload));
                }
                return new Claim(item.get(), null);
            }
        });
    }

    /**
     * Asks a running hub to replay an item (the command-line tool has no pipeline of its own);
     * the hub's quarantine-replay route claims it with {@link #claimRequested}.
     */
    public Claim requestReplay(long id) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE quarantine SET status = 'REPLAY_REQUESTED' WHERE id = ? AND status IN ('QUARANTINED', 'REPLAY_FAILED')")) {
                ps.setLong(1, id);
                int marked = ps.executeUpdate();
                Optional<Item> item = find(c, id);
                if (item.isEmpty()) return new Claim(null, "no quarantined item " + id);
                return marked == 1 ? new Claim(item.get(), null) : new Claim(item.get(), refusal(item.get()));
            }
        });
    }

    /** Claims the items the command-line tool asked to replay, and replays left behind by a stopped node. */
    public List<Item> claimRequested(int limit) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Long> due = tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM quarantine WHERE status = 'REPLAY_REQUESTED'"
                    + " OR (status = 'REPLAYING' AND replay_claimed_until < ?) ORDER BY id")) {
                ps.setObject(1, now);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Long> ids = new ArrayList<>();
                    while (rs.next()) ids.add(rs.getLong(1));
                    return ids;
                }
            }
        });
        List<Item> claimed = new ArrayList<>();
        for (long id : due) {
            // asked for at the console (not audited there) or left behind by a stopped node
            Claim c = claim(id, null);
            if (c.claimed()) claimed.add(c.item());
        }
        return claimed;
    }

    /** The replay became (or found) request {@code reference}: final. */
    public void replayed(long id, String reference, String outcome) {
        finish(id, REPLAYED, reference, outcome);
    }

    /** The replay failed again; the item may be replayed once the cause is fixed. */
    public void replayFailed(long id, String outcome) {
        finish(id, REPLAY_FAILED, null, outcome);
    }

    private void finish(long id, String status, String reference, String outcome) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE quarantine SET status = ?, replay_reference = ?, replay_outcome = ?,"
                    + " replayed_at = ?, replay_claimed_until = NULL WHERE id = ? AND status = 'REPLAYING'")) {
                ps.setString(1, status);
                ps.setString(2, reference);
                ps.setString(3, outcome.length() > 20000 ? outcome.substring(0, 20000) : outcome);
                ps.setObject(4, OffsetDateTime.now(clock));
                ps.setLong(5, id);
                return ps.executeUpdate();
            }
        });
    }

    private static String refusal(Item item) {
        return switch (item.status()) {
            case REPLAYED -> "item " + item.id() + " was already replayed as " + item.replayReference();
            case REPLAYING -> "item " + item.id() + " is being replayed";
            case REPLAY_REQUESTED -> "item " + item.id() + " is already waiting for a hub to replay it";
            default -> "item " + item.id() + " cannot be replayed in state " + item.status();
        };
    }

    private static Optional<Item> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", content_base64 FROM quarantine WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, Base64.getDecoder().decode(rs.getString("content_base64")))) : Optional.empty();
            }
        }
    }

    private static Item read(ResultSet rs, byte[] content) throws SQLException {
        OffsetDateTime replayedAt = rs.getObject("replayed_at", OffsetDateTime.class);
        return new Item(rs.getLong("id"), rs.getString("source"), rs.getString("external_id"), rs.getString("file_name"),
                rs.getString("reason"), rs.getObject("received_at", OffsetDateTime.class).toInstant(), rs.getString("status"),
                rs.getInt("replay_attempts"), replayedAt == null ? null : replayedAt.toInstant(), rs.getString("replay_reference"),
                rs.getString("replay_outcome"), content);
    }
}
