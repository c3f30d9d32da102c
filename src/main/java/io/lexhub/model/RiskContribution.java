package io.lexhub.model;

import java.math.BigDecimal;

/**
 * One line of the risk explanation: rule {@code ruleId} fired on {@code field} = {@code input}
 * and gave {@code points} to {@code dimension}; {@code weighted} is what it adds to the total
 * (after the dimension weight and the dimension cap).
 */
public record RiskContribution(
        String ruleId, String dimension, String field, String input, int points, BigDecimal weighted, String explanation) {}
