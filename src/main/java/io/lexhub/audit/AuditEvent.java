package io.lexhub.audit;

import java.time.OffsetDateTime;

/**
 * One link of the audit chain as stored. {@code subject} and {@code digest} are set on row records
 * only (the key of the state row the event vouches for and the SHA-256 of its columns, see
 * {@link Recorded}); the HMAC covers them when they are set.
 */
public record AuditEvent(
        long seq, OffsetDateTime at, String requestRef, String type, String actor, String payload, String prevHash, String hash,
        String subject, String digest) {}
