package io.lexhub.audit;

import java.time.Instant;

/**
 * A signed statement of the audit chain at one point: events {@code firstSeq..lastSeq} fall in
 * [from, to), the last one has {@code lastHash}. Signed with the audit HMAC key, so it can be kept
 * anywhere; only a holder of the key can forge one.
 */
public record Checkpoint(
        String format, Instant from, Instant to, long firstSeq, long lastSeq, String lastHash, long count,
        Instant firstAt, Instant lastAt, Instant createdAt, String signature) {

    public static final String FORMAT = "lexhub-audit-checkpoint/1";

    Checkpoint withSignature(String sig) {
        return new Checkpoint(format, from, to, firstSeq, lastSeq, lastHash, count, firstAt, lastAt, createdAt, sig);
    }
}
