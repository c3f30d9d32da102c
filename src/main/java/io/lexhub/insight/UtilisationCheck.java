package io.lexhub.insight;

import io.lexhub.policy.Policy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Compares one usage figure with the boundary a waiver granted for that metric. The boundary is
 * the number the approved terms hold under the metric's name ({@code terms.seats} for seats, or
 * a top-level number of the granted document); a metric the waiver does not bound is not judged.
 */
public final class UtilisationCheck {

    public enum Verdict { OVERAGE, UNDERUSE, WITHIN, NOT_BOUNDED }

    /** percent: used as a share of the boundary (100 = exactly the boundary); null when not bounded. */
    public record Result(Verdict verdict, BigDecimal boundary, BigDecimal percent) {}

    private UtilisationCheck() {}

    public static Result check(Map<String, Object> granted, String metric, BigDecimal used, Policy.Utilisation rules) {
        BigDecimal boundary = boundary(granted, metric);
        if (boundary == null || boundary.signum() <= 0) return new Result(Verdict.NOT_BOUNDED, boundary, null);
        BigDecimal percent = used.multiply(BigDecimal.valueOf(100)).divide(boundary, 1, RoundingMode.HALF_UP);
        BigDecimal over = BigDecimal.valueOf(100 + rules.overageTolerancePercent());
        BigDecimal under = BigDecimal.valueOf(rules.underuseThresholdPercent());
        // compared on the exact ratio, not the rounded percent, so a hair over the tolerance counts
        BigDecimal exact = used.multiply(BigDecimal.valueOf(100));
        if (exact.compareTo(boundary.multiply(over)) > 0) return new Result(Verdict.OVERAGE, boundary, percent);
        if (exact.compareTo(boundary.multiply(under)) < 0) return new Result(Verdict.UNDERUSE, boundary, percent);
        return new Result(Verdict.WITHIN, boundary, percent);
    }

    @SuppressWarnings("unchecked")
    static BigDecimal boundary(Map<String, Object> granted, String metric) {
        Object terms = granted.get("terms");
        Object v = terms instanceof Map<?, ?> t ? ((Map<String, Object>) t).get(metric) : null;
        if (v == null) v = granted.get(metric);
        if (v instanceof Number n) return new BigDecimal(n.toString());
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
