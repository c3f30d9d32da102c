package io.lexhub.insight;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A raised billing finding with its line, as the report and the dashboard show it. */
public record BillingFinding(String ref, String kind, String customerId, String product, LocalDate periodStart, LocalDate periodEnd,
        String lineKey, String invoice, String expected, String billed, BigDecimal quantity, BigDecimal discountPercent, Instant raisedAt) {}
