package io.lexhub.insight;

import java.math.BigDecimal;
import java.time.Instant;

/** An overage or underuse found in a usage report (utilisation_events). */
public record UsageFlag(String ref, String kind, String customerId, String product, String metric, String period,
        BigDecimal used, BigDecimal granted, BigDecimal percent, Instant detectedAt) {}
