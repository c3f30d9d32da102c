package io.lexhub.insight;

import java.math.BigDecimal;

/**
 * One reported usage figure: how much of {@code metric} (seats, apiCalls...) the customer used
 * of the product in a period (free text such as 2026-11 or 2026-Q4, the sender's own).
 */
public record UsageReport(String customer, String product, String metric, String period, BigDecimal value) {}
