package io.lexhub.audit;

import java.time.OffsetDateTime;

/** One link of the audit chain as stored. */
public record AuditEvent(
        long seq, OffsetDateTime at, String requestRef, String type, String actor, String payload, String prevHash, String hash) {}
