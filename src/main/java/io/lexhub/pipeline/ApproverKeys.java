package io.lexhub.pipeline;

import io.lexhub.approval.ApproverDirectory;
import io.lexhub.audit.AuditTrail;
import io.lexhub.audit.RecordedTables;
import io.lexhub.intake.ContentHash;
import io.lexhub.store.ApprovalStore;
import io.lexhub.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;

/** Per-approver API keys: random, shown once, kept only as a SHA-256 hash. */
public final class ApproverKeys {

    private final Tx tx;
    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final String actor;
    private final ApproverDirectory directory;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** @param actor who issues keys, for the audit trail (operator:cli for the command line) */
    public ApproverKeys(Tx tx, ApprovalStore approvals, AuditTrail audit, String actor, ApproverDirectory directory, Clock clock) {
        this.tx = tx;
        this.audit = audit;
        this.actor = actor;
        this.approvals = approvals;
        this.directory = directory;
        this.clock = clock;
    }

    /** Creates a key for an approver of the directory and returns it; it cannot be shown again. */
    public String issue(String approverId) {
        if (directory.find(approverId).isEmpty()) throw new IllegalArgumentException(approverId + " is not in the approver directory");
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = "lxk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String keyHash = hash(key);
        tx.inTransaction(c -> {
            approvals.insertKey(c, keyHash, approverId, now);
            audit.recordRow(c, RecordedTables.APPROVER_KEYS, keyHash);
            // the hash prefix lets an auditor match the record to the key without revealing it
            audit.append(c, now, null, "approver-key.issued", actor, "{\"approver\":" + io.lexhub.store.Json.write(approverId)
                    + ",\"keyHashPrefix\":\"" + keyHash.substring(0, 12) + "\"}");
            return null;
        });
        return key;
    }

    /** The approver a presented key belongs to, if it is a live key of someone still in the directory. */
    public Optional<String> approverOf(String key) {
        if (key == null || key.isBlank() || key.length() > 200) return Optional.empty();
        return tx.read(c -> approvals.approverOfKey(c, hash(key.strip()))).filter(id -> directory.find(id).isPresent());
    }

    private static String hash(String key) {
        return ContentHash.sha256(key.getBytes(StandardCharsets.UTF_8));
    }
}
