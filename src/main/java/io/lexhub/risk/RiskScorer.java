package io.lexhub.risk;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RiskContribution;
import io.lexhub.model.RiskResult;
import io.lexhub.policy.Conditions;
import io.lexhub.policy.Facts;
import io.lexhub.policy.Policy;
import io.lexhub.policy.Policy.Level;
import io.lexhub.policy.Policy.Rule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a request against the policy's risk rules. Each fired rule adds its points to its
 * dimension; a dimension is capped at 100; the total is the weighted sum, rounded to one decimal.
 * The contributions explain the total exactly: the cap and the rounding get lines of their own,
 * so the weighted values always add up to the score.
 */
public final class RiskScorer {

    public static final List<String> DIMENSIONS = Facts.DIMENSIONS;

    static final int CAP = 100;
    static final String ROUNDING_ID = "ROUND";

    public RiskResult score(ExceptionRequest r, Policy p) {
        Policy.Risk risk = p.risk();
        Map<String, Object> facts = Facts.of(r);
        Map<String, Integer> raw = new LinkedHashMap<>();
        DIMENSIONS.forEach(d -> raw.put(d, 0));
        List<RiskContribution> lines = new ArrayList<>();

        for (Rule rule : risk.rules()) {
            if (!Conditions.holds(rule.when(), facts)) continue;
            raw.merge(rule.dimension(), rule.points(), Integer::sum);
            lines.add(new RiskContribution(rule.id(), rule.dimension(),
                    String.join(", ", Conditions.fields(rule.when())),
                    Conditions.inputText(rule.when(), facts),
                    rule.points(),
                    weight(risk, rule.dimension()).multiply(BigDecimal.valueOf(rule.points())),
                    rule.explanation() + " (" + Conditions.render(rule.when()) + ")"));
        }

        Map<String, Integer> dimensions = new LinkedHashMap<>();
        BigDecimal exact = BigDecimal.ZERO;
        for (Map.Entry<String, Integer> e : raw.entrySet()) {
            String dim = e.getKey();
            int sum = e.getValue();
            int score = Math.min(CAP, sum);
            dimensions.put(dim, score);
            BigDecimal w = weight(risk, dim);
            exact = exact.add(w.multiply(BigDecimal.valueOf(score)));
            if (sum > CAP) {
                int cut = CAP - sum;
                lines.add(new RiskContribution("CAP-" + dim, dim, Facts.riskDimension(dim), String.valueOf(sum), cut,
                        w.multiply(BigDecimal.valueOf(cut)), dim + " capped at " + CAP + " (rules gave " + sum + ")"));
            }
        }

        BigDecimal total = exact.setScale(1, RoundingMode.HALF_UP);
        if (total.compareTo(exact) != 0) {
            lines.add(new RiskContribution(ROUNDING_ID, "total", Facts.RISK_SCORE, exact.toPlainString(), 0,
                    total.subtract(exact), "total " + exact.toPlainString() + " rounded to " + total));
        }
        return new RiskResult(total, level(risk.levels(), total), dimensions, lines);
    }

    private static BigDecimal weight(Policy.Risk risk, String dimension) {
        Double w = risk.weights().get(dimension);
        return w == null ? BigDecimal.ZERO : BigDecimal.valueOf(w);
    }

    /** The level with the highest min not above the score. */
    static String level(List<Level> levels, BigDecimal score) {
        return levels.stream()
                .filter(l -> score.compareTo(BigDecimal.valueOf(l.min())) >= 0)
                .max(Comparator.comparingDouble(Level::min))
                .or(() -> levels.stream().min(Comparator.comparingDouble(Level::min)))
                .map(Level::name)
                .orElseThrow();
    }
}
