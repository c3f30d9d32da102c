package io.lexhub.support;

import io.lexhub.model.ExceptionType;
import io.lexhub.policy.Policy;
import io.lexhub.policy.Policy.TypeRule;
import io.lexhub.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Policies for tests: a small one with round numbers, so expected scores and routes can be worked
 * out by hand ({@link #scoring}); one built in Java with only exception-type rules, so validation
 * tests do not depend on config/policy.yaml ({@link #standardTypes}); and the real one ({@link #real}).
 */
public final class TestPolicies {

    private TestPolicies() {}

    public static final String SOURCE = "test.yaml";

    public static final String YAML = """
            version: "test-1"
            exceptionTypes:
              EXTRA_SEATS: {requiredTerms: [seats], forbiddenTerms: [discountPercent], maxDurationDays: 365}
              TERM_EXTENSION: {maxDurationDays: 365}
              DISCOUNT: {requiredTerms: [discountPercent], forbiddenTerms: [features], maxDurationDays: 365, maxDiscountPercent: 35}
              FEATURE_UNLOCK: {requiredTerms: [features], maxDurationDays: 365}
              DEPLOYMENT_RIGHTS: {requiredTerms: [regions], maxDurationDays: 365}
              TERRITORY_RIGHTS: {requiredTerms: [regions], maxDurationDays: 365}
              TEMPORARY_ACCESS: {maxDurationDays: 60}
            fastTrack:
              types: [EXTRA_SEATS]
              maxDurationDays: 30
              maxRevenueImpact: 10000
              maxSeats: 50
              dataSensitivity: [NONE, INTERNAL]
            risk:
              weights: {commercial: 0.3, legal: 0.25, technical: 0.1, security: 0.2, reputational: 0.15}
              levels:
                - {name: LOW, min: 0}
                - {name: MEDIUM, min: 30}
                - {name: HIGH, min: 60}
                - {name: CRITICAL, min: 80}
              rules:
                - {id: COM-01, dimension: commercial, when: {field: discountPercent, op: gt, value: 20}, points: 40, explanation: Deep discount}
                - {id: COM-02, dimension: commercial, when: {field: revenueImpact, op: gt, value: 50000}, points: 70, explanation: High revenue impact}
                - {id: SEC-01, dimension: security, when: {field: dataSensitivity, op: eq, value: REGULATED}, points: 50, explanation: Regulated data}
                - {id: REP-01, dimension: reputational, when: {field: evidenceCount, op: eq, value: 0}, points: 33, explanation: No evidence}
                - id: TEC-01
                  dimension: technical
                  when: {all: [{field: deploymentScale, op: eq, value: ENTERPRISE}, {field: featureCount, op: gt, value: 1}]}
                  points: 25
                  explanation: Many features at enterprise scale
                - {id: LEG-01, dimension: legal, when: {field: regions, op: contains, value: [CU, IR]}, points: 100, explanation: Embargoed region}
            approval:
              tiers:
                - {id: T1, maxRiskScore: 20, maxDurationDays: 30, maxRevenueImpact: 10000, levels: [{role: licensing, mode: ONE}]}
                - id: T2
                  maxRiskScore: 60
                  maxDurationDays: 180
                  maxRevenueImpact: 100000
                  levels: [{role: licensing, mode: ONE}, {role: sales, mode: ONE}]
                - id: T3
                  levels: [{role: licensing, mode: ONE}, {role: legal, mode: ALL}, {role: executive, mode: QUORUM, quorum: 2}]
              extraLevels:
                - id: XL-SEC
                  when: {any: [{field: dataSensitivity, op: eq, value: REGULATED}, {field: risk.security, op: gte, value: 50}]}
                  level: {role: security, mode: ONE}
                - {id: XL-LEGAL, when: {field: type, op: eq, value: TERRITORY_RIGHTS}, level: {role: legal, mode: ONE}}
            lifecycle:
              sla: {FAST: {reminderHours: 4, slaHours: 8}, STANDARD: {reminderHours: 16, slaHours: 40}}
              calendar: {zone: UTC, workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY], dayStart: "09:00", dayEnd: "17:00", holidays: []}
              expiryReminderDays: [30, 7, 1]
              maxRenewals: 2
              reviewSampleShare: 0.1
            """;

    public static Policy scoring() {
        return PolicyLoader.parse(YAML, SOURCE);
    }

    /** The real config/policy.yaml (tests run in the project folder). */
    public static Policy real() {
        return PolicyLoader.load(Path.of("config/policy.yaml"));
    }

    public static Policy standardTypes() {
        Map<ExceptionType, TypeRule> types = new EnumMap<>(ExceptionType.class);
        types.put(ExceptionType.EXTRA_SEATS, rule(List.of("seats"), List.of("discountPercent"), 365, null, 500));
        types.put(ExceptionType.TERM_EXTENSION, rule(List.of("end"), List.of("seats", "discountPercent"), 365, null, null));
        types.put(ExceptionType.DISCOUNT, rule(List.of("discountPercent"), List.of(), 365, 30.0, null));
        types.put(ExceptionType.FEATURE_UNLOCK, rule(List.of("features"), List.of("discountPercent", "seats"), 180, null, null));
        types.put(ExceptionType.DEPLOYMENT_RIGHTS, rule(List.of("deployment"), List.of("discountPercent"), 730, null, null));
        types.put(ExceptionType.TERRITORY_RIGHTS, rule(List.of("regions"), List.of("discountPercent"), 730, null, null));
        types.put(ExceptionType.TEMPORARY_ACCESS, rule(List.of(), List.of("discountPercent"), 90, null, null));
        return withTypes(types);
    }

    public static Policy withTypes(Map<ExceptionType, TypeRule> types) {
        return new Policy("test-1", types, null, null, null, null, null, new Policy.Period(365, 30), null, null);
    }

    public static TypeRule rule(List<String> required, List<String> forbidden, int maxDays, Double maxDiscount, Integer maxSeats) {
        return new TypeRule("test rule", required, forbidden, maxDays, maxDiscount, maxSeats);
    }
}
