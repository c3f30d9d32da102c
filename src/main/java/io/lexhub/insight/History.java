package io.lexhub.insight;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The rows the governance figures are computed from, read from the database as they are (so the
 * figures are the same on every node and after a restart). Plain data, no SQL.
 */
public record History(
        List<Request> requests,
        List<Decision> decisions,
        List<Level> levels,
        List<Waiver> waivers,
        List<Amendment> amendments,
        List<UsageFlag> usageFlags) {

    /** state is the request's current state, its outcome so far. */
    public record Request(String ref, String channel, String type, String product, String customerId, String customerName,
            String track, String tier, String state, Instant receivedAt, BigDecimal revenueImpact, String currency) {}

    public record Decision(String ref, int round, String outcome, Instant decidedAt) {}

    /** An approval level with its SLA deadline (dueAt, null when none was set) and escalation. */
    public record Level(String ref, int round, int level, String status, Instant closedAt, Instant dueAt, Instant escalatedAt) {}

    public record Waiver(String ref, String state, String customerId, String product, String type, String renewalOf,
            int renewalCount, Instant createdAt, Instant endedAt) {}

    /** A request.amended audit event. */
    public record Amendment(String ref, Instant at) {}

    /** An overage or underuse found in a usage report (utilisation_events). */
    public record UsageFlag(String ref, String kind, String customerId, String product, String metric, String period,
            BigDecimal used, BigDecimal granted, BigDecimal percent, Instant detectedAt) {}
}
