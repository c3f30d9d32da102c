package io.lexhub.pipeline.simulation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one policy made of one request: the validation verdict, and for an accepted request its
 * track, risk score and level, tier and chain (roles in order; {@code role x2} a quorum of two),
 * whether the policy approved it on its own, and the SLA hours its chain is given. {@code points}
 * (risk rule id to points), {@code criteria} (fast-track criterion to met) and {@code extraLevels}
 * explain it; they are compared to find the rules that changed an outcome, and left out of the
 * report's JSON (the {@link Difference#rules()} say what of them changed).
 */
public record Outcome(
        String verdict,
        String track,
        BigDecimal riskScore,
        String riskLevel,
        String tier,
        List<String> chain,
        boolean autoApproved,
        double slaHours,
        @JsonIgnore Map<String, Integer> points,
        @JsonIgnore Map<String, Boolean> criteria,
        @JsonIgnore Set<String> extraLevels) {

    /** The fields of the outcome that differ, by name (riskScore compared as a number). */
    public List<String> changesTo(Outcome after) {
        List<String> out = new java.util.ArrayList<>();
        if (!Objects.equals(verdict, after.verdict)) out.add("verdict");
        if (!Objects.equals(track, after.track)) out.add("track");
        if (riskScore == null ? after.riskScore != null : after.riskScore == null || riskScore.compareTo(after.riskScore) != 0) out.add("riskScore");
        if (!Objects.equals(riskLevel, after.riskLevel)) out.add("riskLevel");
        if (!Objects.equals(tier, after.tier)) out.add("tier");
        if (!Objects.equals(chain, after.chain)) out.add("chain");
        if (autoApproved != after.autoApproved) out.add("autoApproved");
        return out;
    }

    /** True when people must decide: accepted and not approved by the policy. */
    public boolean needsPeople() {
        return "ACCEPTED".equals(verdict) && !autoApproved && chain != null && !chain.isEmpty();
    }
}
