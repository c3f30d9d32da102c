package io.lexhub.pipeline.simulation;

import java.time.Instant;
import java.util.List;

/**
 * One request whose outcome the candidate changes: what changed ({@code changed}: verdict, track,
 * riskScore, riskLevel, tier, chain, autoApproved), the outcome before (as stored) and after, and
 * the rules behind it ({@code rules}: risk rules whose points changed as {@code COM-01 0->25},
 * fast-track criteria that flipped, extra levels added or dropped, validation issues found or gone).
 */
public record Difference(String reference, Instant receivedAt, List<String> changed, Outcome before, Outcome after, List<String> rules) {}
