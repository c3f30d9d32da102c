package io.lexhub.approval;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RiskResult;
import io.lexhub.model.Track;
import io.lexhub.model.TriageResult;
import io.lexhub.policy.Policy;
import java.util.Optional;

/** Fast-track requests inside the policy's autoApprove bounds are approved by the policy itself. */
public final class AutoApproval {

    private AutoApproval() {}

    /** The rationale recorded with the decision, or empty when people must decide. */
    public static Optional<String> rationale(ExceptionRequest r, TriageResult triage, RiskResult risk, Policy policy) {
        Policy.AutoApprove a = policy.fastTrack().autoApprove();
        if (a == null || triage.track() != Track.FAST) return Optional.empty();
        Integer days = r.terms().effectiveDurationDays();
        double revenue = r.revenueImpact() == null ? Double.MAX_VALUE : r.revenueImpact().doubleValue();
        boolean inside = a.types().contains(r.type())
                && risk.score().doubleValue() <= a.maxRiskScore()
                && days != null && days <= a.maxDurationDays()
                && revenue <= a.maxRevenueImpact();
        if (!inside) return Optional.empty();
        return Optional.of("Approved by policy " + policy.version() + ": fast-track " + r.type() + " within the auto-approval bounds"
                + " (risk " + risk.score() + " <= " + a.maxRiskScore() + ", " + days + " days <= " + a.maxDurationDays()
                + ", revenue impact " + r.revenueImpact() + " <= " + a.maxRevenueImpact() + ")");
    }
}
