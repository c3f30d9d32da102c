package io.lexhub.pipeline.approval;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Terms;
import io.lexhub.store.ApprovalStore.PastDecision;
import io.lexhub.model.Json;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most similar past decisions (same exception type and product, nearest terms), so an
 * approver sees how comparable cases ended. Distance: relative differences of duration, revenue
 * impact, seats and discount, each 0..1, summed.
 */
final class Precedents {

    private Precedents() {}

    static List<Map<String, Object>> nearest(ExceptionRequest r, List<PastDecision> past, int limit) {
        record Scored(PastDecision d, ExceptionRequest req, double distance) {}
        return past.stream()
                .map(d -> {
                    ExceptionRequest other = Json.read(d.requestJson(), ExceptionRequest.class);
                    return new Scored(d, other, distance(r, other));
                })
                .sorted(Comparator.comparingDouble(Scored::distance).thenComparing(s -> s.d().decidedAt(), Comparator.reverseOrder()))
                .limit(limit)
                .map(s -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("reference", s.d().ref());
                    m.put("outcome", s.d().outcome());
                    m.put("rationale", s.d().rationale());
                    m.put("decidedAt", s.d().decidedAt().toInstant().toString());
                    m.put("similarity", Math.round((1 - s.distance() / 4) * 100) + "%");
                    m.put("terms", summary(s.req()));
                    return m;
                })
                .toList();
    }

    static double distance(ExceptionRequest a, ExceptionRequest b) {
        Terms x = a.terms();
        Terms y = b.terms();
        return rel(x.effectiveDurationDays(), y.effectiveDurationDays())
                + rel(a.revenueImpact() == null ? null : a.revenueImpact().doubleValue(), b.revenueImpact() == null ? null : b.revenueImpact().doubleValue())
                + rel(x.seats(), y.seats())
                + rel(x.discountPercent() == null ? null : x.discountPercent().doubleValue(), y.discountPercent() == null ? null : y.discountPercent().doubleValue());
    }

    private static double rel(Number p, Number q) {
        if (p == null && q == null) return 0;
        if (p == null || q == null) return 1;
        double u = p.doubleValue();
        double v = q.doubleValue();
        double max = Math.max(Math.abs(u), Math.abs(v));
        return max == 0 ? 0 : Math.abs(u - v) / max;
    }

    static String summary(ExceptionRequest r) {
        Terms t = r.terms();
        StringBuilder s = new StringBuilder();
        if (t.seats() != null) s.append(t.seats()).append(" seats, ");
        if (t.discountPercent() != null) s.append(t.discountPercent().stripTrailingZeros().toPlainString()).append("% discount, ");
        if (!t.features().isEmpty()) s.append("features ").append(String.join(", ", t.features())).append(", ");
        if (!t.regions().isEmpty()) s.append("regions ").append(String.join(", ", t.regions())).append(", ");
        if (t.deployment() != null) s.append(t.deployment()).append(", ");
        s.append(t.effectiveDurationDays()).append(" days");
        if (r.revenueImpact() != null) s.append(", revenue impact ").append(r.revenueImpact().toPlainString()).append(' ').append(r.currency() == null ? "" : r.currency());
        return s.toString().strip();
    }
}
