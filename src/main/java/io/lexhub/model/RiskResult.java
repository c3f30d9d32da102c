package io.lexhub.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Total risk score (0..100), its level, the score per dimension (0..100 each) and every
 * contribution: the weighted contributions add up to the total.
 */
public record RiskResult(BigDecimal score, String level, Map<String, Integer> dimensions, List<RiskContribution> contributions) {
    public RiskResult {
        dimensions = Map.copyOf(dimensions);
        contributions = List.copyOf(contributions);
    }
}
