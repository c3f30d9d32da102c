package io.lexhub.approval;

import io.lexhub.model.ApprovalLevel;
import io.lexhub.model.ApprovalRoute;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RiskResult;
import io.lexhub.policy.Conditions;
import io.lexhub.policy.Facts;
import io.lexhub.policy.Policy;
import io.lexhub.policy.Policy.ExtraLevel;
import io.lexhub.policy.Policy.LevelSpec;
import io.lexhub.policy.Policy.Tier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the approval chain: the first tier whose bounds all hold, then every extra level whose
 * condition holds and whose role is not yet in the chain. A bound on a value the request lacks
 * does not hold, so such a request falls through to a stricter tier.
 */
public final class ApprovalRouter {

    public ApprovalRoute route(ExceptionRequest r, RiskResult risk, Policy p) {
        Map<String, Object> facts = Facts.withRisk(Facts.of(r), risk);
        Integer days = (Integer) facts.get("durationDays");
        BigDecimal revenue = r.revenueImpact();
        List<String> notes = new ArrayList<>();

        for (Tier tier : p.approval().tiers()) {
            Bounds b = new Bounds();
            if (tier.maxRiskScore() != null) {
                b.check(risk.score().compareTo(BigDecimal.valueOf(tier.maxRiskScore())) <= 0,
                        "risk", "risk " + risk.score(), tier.maxRiskScore());
            }
            if (tier.maxDurationDays() != null) {
                b.check(days != null && days <= tier.maxDurationDays(),
                        "duration", days == null ? null : days + " days", tier.maxDurationDays());
            }
            if (tier.maxRevenueImpact() != null) {
                b.check(revenue != null && revenue.compareTo(BigDecimal.valueOf(tier.maxRevenueImpact())) <= 0,
                        "revenue", revenue == null ? null : "revenue " + Conditions.text(revenue), tier.maxRevenueImpact());
            }
            if (!b.failed.isEmpty()) {
                notes.add(tier.id() + " not met: " + String.join(", ", b.failed));
                continue;
            }
            String selected = tier.id() + ": " + (b.held.isEmpty() ? "catch-all, no bounds" : String.join(", ", b.held));
            return build(tier, selected, notes, facts, p);
        }
        throw new IllegalStateException("no approval tier matched; the policy must end with a catch-all tier");
    }

    private static ApprovalRoute build(Tier tier, String selected, List<String> notes, Map<String, Object> facts, Policy p) {
        List<ApprovalLevel> levels = new ArrayList<>();
        for (LevelSpec spec : tier.levels()) levels.add(level(levels.size() + 1, spec, "tier " + tier.id()));
        StringBuilder ruleId = new StringBuilder(tier.id());
        for (ExtraLevel x : p.approval().extraLevels()) {
            if (!Conditions.holds(x.when(), facts)) continue;
            String role = x.level().role();
            if (levels.stream().anyMatch(l -> l.role().equalsIgnoreCase(role))) {
                notes.add(x.id() + ": " + role + " already in chain");
                continue;
            }
            String reason = x.id() + ": " + Conditions.render(x.when()) + " [" + Conditions.describeFacts(x.when(), facts) + "]";
            levels.add(level(levels.size() + 1, x.level(), reason));
            ruleId.append('+').append(x.id());
            notes.add(x.id() + ": " + role + " added");
        }
        String explanation = notes.isEmpty() ? selected : selected + "; " + String.join("; ", notes);
        return new ApprovalRoute(tier.id(), ruleId.toString(), explanation, levels);
    }

    private static ApprovalLevel level(int n, LevelSpec spec, String reason) {
        ApprovalLevel.Mode mode = ApprovalLevel.Mode.valueOf(spec.mode().toUpperCase(Locale.ROOT));
        return new ApprovalLevel(n, spec.role(), mode, mode == ApprovalLevel.Mode.QUORUM ? spec.quorum() : null, reason);
    }

    private static final class Bounds {
        final List<String> held = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        /** value is the request's value as text, null when the request lacks it. */
        void check(boolean ok, String name, String value, Number bound) {
            String max = Conditions.text(bound);
            if (ok) held.add(value + " <= " + max);
            else failed.add(value == null ? name + " unknown (max " + max + ")" : value + " > " + max);
        }
    }
}
