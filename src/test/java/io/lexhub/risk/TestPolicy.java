package io.lexhub.risk;

import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyLoader;
import java.nio.file.Path;

/** Test helper: a small policy with round numbers, so expected scores can be worked out by hand. */
public final class TestPolicy {

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

    private TestPolicy() {}

    public static Policy policy() {
        return PolicyLoader.parse(YAML, SOURCE);
    }

    /** The real config/policy.yaml (tests run in the project folder). */
    public static Policy real() {
        return PolicyLoader.load(Path.of("config/policy.yaml"));
    }
}
