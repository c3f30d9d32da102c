package io.lexhub.access;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.intake.ContentHash;
import io.lexhub.store.DatabaseUnavailableException;
import io.lexhub.store.KeyStore;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * API keys of people and systems: random, shown once, kept only as a SHA-256 hash, each with
 * its scopes, owner, label and expiry. Issuing and revoking are audited. A key with the approver
 * scope acts as its owner, who must be in the approver directory.
 */
public final class ApiKeys {

    /** A new key: its public id and the secret, which is never shown again. */
    public record Issued(String keyId, String key) {}

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final int MAX_KEY_LENGTH = 200;

    private final Tx tx;
    private final KeyStore store;
    private final AuditTrail audit;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(Tx tx, KeyStore store, AuditTrail audit, ApproverDirectory directory, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Issues a key. {@code expiresAt} null means it never expires (only by revocation);
     * {@code issuedBy} is who asked (an operator at the host: {@code cli:<user>}).
     */
    public Issued issue(String owner, Set<Scope> scopes, String label, OffsetDateTime expiresAt, String issuedBy) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("the owner is a person's approver id or a system's name (letters, digits, . _ @ -)");
        }
        if (scopes.isEmpty()) throw new IllegalArgumentException("a key needs at least one scope");
        if (scopes.contains(Scope.CUSTOMER)) throw new IllegalArgumentException("the customer scope is held only by portal sessions; a key cannot have it");
        if (scopes.contains(Scope.APPROVER) && directory.find(owner).isEmpty()) {
            throw new IllegalArgumentException(owner + " is not in the approver directory; a key with the approver scope acts as an approver");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (expiresAt != null && !expiresAt.isAfter(now)) throw new IllegalArgumentException("the expiry " + expiresAt + " is not in the future");
        String text = label == null || label.isBlank() ? Scope.list(scopes) + " key of " + owner : label.strip();
        if (text.length() > 200) throw new IllegalArgumentException("the label is limited to 200 characters");
        String keyId = "ak_" + HexFormat.of().formatHex(bytes(8));
        String key = "lxk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        tx.inTransaction(c -> {
            store.insert(c, keyId, hash(key), owner, Scope.list(scopes), text, now, expiresAt);
            audit.recordRow(c, RecordedTables.API_KEYS, keyId);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("keyId", keyId);
            event.put("owner", owner);
            event.put("scopes", Scope.list(scopes));
            event.put("label", text);
            event.put("expiresAt", expiresAt == null ? null : expiresAt.toInstant().toString());
            event.put("keyHash", hash(key));
            audit.append(c, now, null, "key.issued", issuedBy, io.lexhub.model.Json.write(event));
            return null;
        });
        return new Issued(keyId, key);
    }

    /**
     * The principal of a presented key, if it is live: known, not revoked, not expired. While the
     * database is unavailable, a key this node verified within {@link #LAST_GOOD} still counts
     * (nothing can be revoked, nor written, meanwhile: it lets monitoring read the full health);
     * any other key gets the {@link DatabaseUnavailableException}.
     */
    public Optional<Principal> authenticate(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) return Optional.empty();
        String hash = hash(key.strip());
        Verified v = lastGood.get(hash);
        boolean recent = v != null && !v.at().plus(LAST_GOOD).isBefore(clock.instant());
        // known away: a key verified lately counts at once, without waiting the pool's timeout first
        if (recent && tx.databaseAway()) return Optional.of(v.principal());
        Optional<Principal> p;
        try {
            p = live(hash);
        } catch (DatabaseUnavailableException e) {
            if (!recent) throw e;
            return Optional.of(v.principal());
        }
        p.ifPresentOrElse(x -> remember(hash, x), () -> lastGood.remove(hash));
        return p;
    }

    private static final java.time.Duration LAST_GOOD = java.time.Duration.ofMinutes(5);
    private static final int LAST_GOOD_MAX = 1000;

    private record Verified(Principal principal, java.time.Instant at) {}

    private final Map<String, Verified> lastGood = new java.util.concurrent.ConcurrentHashMap<>();

    private void remember(String hash, Principal p) {
        if (lastGood.size() >= LAST_GOOD_MAX) lastGood.clear();
        lastGood.put(hash, new Verified(p, clock.instant()));
    }

    private Optional<Principal> live(String hash) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.read(c -> store.byHash(c, hash))
                .filter(k -> k.revokedAt() == null && (k.expiresAt() == null || k.expiresAt().isAfter(now)))
                .map(k -> {
                    Set<Scope> scopes = EnumSet.copyOf(Scope.parse(k.scopes()));
                    // an approver who left the directory keeps no approver rights through an old key
                    if (directory.find(k.owner()).isEmpty()) scopes.remove(Scope.APPROVER);
                    return new Principal(k.owner(), Principal.API_KEY, k.keyId(), Set.copyOf(scopes));
                })
                .filter(p -> !p.scopes().isEmpty());
    }

    public List<KeyStore.KeyRow> list() {
        return tx.read(store::all);
    }

    /** Revokes a key at once; false when it does not exist or was revoked already. */
    public boolean revoke(String keyId, String revokedBy, String reason) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tx.inTransaction(c -> {
            if (!store.revoke(c, keyId, now)) return false;
            lastGood.clear();
            audit.recordRow(c, RecordedTables.API_KEYS, keyId);
            audit.append(c, now, null, "key.revoked", revokedBy, io.lexhub.model.Json.write(Map.of("keyId", keyId,
                    "reason", reason == null || reason.isBlank() ? "not given" : reason.strip())));
            return true;
        });
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static String hash(String key) {
        return ContentHash.sha256(key.getBytes(StandardCharsets.UTF_8));
    }
}
