package io.lexhub.store;

import io.lexhub.intake.ContentHash;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;

/**
 * Claims on inputs that several nodes see at once (table intake_claims): a file in a shared drop
 * folder, a message in a shared mailbox. The node whose insert wins reads the input. A claim
 * lasts {@code period} unless its holder renews it; a node that dies stops renewing, and once its
 * claims have expired another node takes them over with a conditional update, so two nodes never
 * take over the same one.
 */
public final class IntakeClaims {

    static final int MAX_KEY = 300;

    private final Tx tx;
    private final Clock clock;
    private final Duration period;
    private final String holder;

    /** @param holder this node, unique per process: a restarted node does not own its old claims */
    public IntakeClaims(Tx tx, Clock clock, Duration period, String holder) {
        this.tx = tx;
        this.clock = clock;
        this.period = period;
        this.holder = holder;
    }

    public Duration period() {
        return period;
    }

    /** True when this node now holds the claim: nobody held it, or its holder let it expire. */
    public boolean claim(String scope, String key) {
        String k = storable(key);
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO intake_claims (scope, claim_key, holder, claimed_until) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, scope);
                    ps.setString(2, k);
                    ps.setString(3, holder);
                    ps.setObject(4, now.plus(period));
                    return ps.executeUpdate();
                }
            });
            return true;
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException s && Tx.isUniqueViolation(s))) throw e;
        }
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE intake_claims SET holder = ?, claimed_until = ? WHERE scope = ? AND claim_key = ? AND claimed_until < ?")) {
                ps.setString(1, holder);
                ps.setObject(2, now.plus(period));
                ps.setString(3, scope);
                ps.setString(4, k);
                ps.setObject(5, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Releases this node's claim; another node's claim on the same key is left alone. */
    public boolean release(String scope, String key) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM intake_claims WHERE scope = ? AND claim_key = ? AND holder = ?")) {
                ps.setString(1, scope);
                ps.setString(2, storable(key));
                ps.setString(3, holder);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public void releaseAll(String scope) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM intake_claims WHERE scope = ? AND holder = ?")) {
                ps.setString(1, scope);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }

    /** Whether any node holds a claim on the key that has not expired. */
    public boolean held(String scope, String key) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM intake_claims WHERE scope = ? AND claim_key = ? AND claimed_until >= ?")) {
                ps.setString(1, scope);
                ps.setString(2, storable(key));
                ps.setObject(3, OffsetDateTime.now(clock));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Extends this node's claims on {@code keys} by a period; deletes the scope's expired claims (of dead nodes). */
    public void renew(String scope, Collection<String> keys) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.inTransaction(c -> {
            if (!keys.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE intake_claims SET claimed_until = ? WHERE scope = ? AND claim_key = ? AND holder = ?")) {
                    for (String key : keys) {
                        ps.setObject(1, now.plus(period));
                        ps.setString(2, scope);
                        ps.setString(3, storable(key));
                        ps.setString(4, holder);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM intake_claims WHERE scope = ? AND claimed_until < ?")) {
                ps.setString(1, scope);
                ps.setObject(2, now);
                return ps.executeUpdate();
            }
        });
    }

    /** A path or Message-ID as long as the column, else its hash: a sender chooses a Message-ID's length. */
    static String storable(String key) {
        return key.length() <= MAX_KEY ? key : "sha256:" + ContentHash.sha256(key.getBytes(StandardCharsets.UTF_8));
    }
}
