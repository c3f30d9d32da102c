package io.lexhub.policy;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RiskResult;
import io.lexhub.model.Terms;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named facts of a request that policy conditions may test. Values are Integer, BigDecimal,
 * String (enums by name) or List of String; a value may be null when the request lacks it.
 */
public final class Facts {

    /** What a fact holds, so the policy loader can reject e.g. {@code regions gt 3}. */
    public enum Kind { NUMBER, TEXT, LIST }

    public static final Map<String, Kind> KINDS = kinds();
    public static final Set<String> NAMES = KINDS.keySet();

    /** Facts the approval router adds for extraLevels conditions: risk.score and risk.dimension. */
    public static final String RISK_SCORE = "risk.score";
    /** The risk dimensions the policy weighs and the scorer sums (risk/RiskScorer.DIMENSIONS). */
    public static final List<String> DIMENSIONS = List.of("commercial", "legal", "technical", "security", "reputational");
    private static final String RISK_PREFIX = "risk.";

    private Facts() {}

    public static Map<String, Object> of(ExceptionRequest r) {
        Terms t = r.terms();
        List<String> regions = t == null ? List.of() : t.regions();
        List<String> features = t == null ? List.of() : t.features();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", r.type() == null ? null : r.type().name());
        f.put("product", r.product());
        f.put("edition", r.edition());
        f.put("durationDays", t == null ? null : t.effectiveDurationDays());
        f.put("seats", t == null ? null : t.seats());
        f.put("discountPercent", t == null ? null : t.discountPercent());
        f.put("revenueImpact", r.revenueImpact());
        f.put("dataSensitivity", r.dataSensitivity() == null ? null : r.dataSensitivity().name());
        f.put("deploymentScale", r.deploymentScale() == null ? null : r.deploymentScale().name());
        f.put("deployment", t == null ? null : t.deployment());
        f.put("regions", regions);
        f.put("regionCount", regions.size());
        f.put("features", features);
        f.put("featureCount", features.size());
        f.put("evidenceCount", r.evidence().size());
        f.put("justificationLength", r.justification() == null ? 0 : r.justification().strip().length());
        f.put("beneficiaryCount", r.beneficiaries().size());
        return Collections.unmodifiableMap(f);
    }

    /** The request facts plus risk.score and risk.dimension (dimension scores). */
    public static Map<String, Object> withRisk(Map<String, Object> facts, RiskResult risk) {
        Map<String, Object> f = new LinkedHashMap<>(facts);
        f.put(RISK_SCORE, risk.score());
        risk.dimensions().forEach((dim, score) -> f.put(riskDimension(dim), score));
        return Collections.unmodifiableMap(f);
    }

    public static String riskDimension(String dimension) {
        return RISK_PREFIX + dimension;
    }

    private static Map<String, Kind> kinds() {
        Map<String, Kind> k = new LinkedHashMap<>();
        for (String n : List.of("type", "product", "edition", "dataSensitivity", "deploymentScale", "deployment")) {
            k.put(n, Kind.TEXT);
        }
        for (String n : List.of("durationDays", "seats", "discountPercent", "revenueImpact", "regionCount",
                "featureCount", "evidenceCount", "justificationLength", "beneficiaryCount")) {
            k.put(n, Kind.NUMBER);
        }
        k.put("regions", Kind.LIST);
        k.put("features", Kind.LIST);
        return Collections.unmodifiableMap(k);
    }
}
