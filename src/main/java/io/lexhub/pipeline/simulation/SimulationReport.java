package io.lexhub.pipeline.simulation;

import java.time.Instant;
import java.util.List;

/**
 * What {@code lexhub policy simulate} found: the candidate and the policy in force it is compared
 * with (version and SHA-256 of the text), the period, the totals before and after, and every
 * request whose outcome the candidate changes, oldest first.
 */
public record SimulationReport(String candidateVersion, String candidateSha256, String inForceVersion, String inForceSha256, Instant from,
        Instant to, Instant generatedAt, Totals.Figures totals, List<Difference> differences) {}
