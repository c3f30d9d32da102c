package io.lexhub.validation;

import io.lexhub.model.ExceptionType;
import io.lexhub.policy.Policy;
import io.lexhub.policy.Policy.TypeRule;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A policy built in Java, so these tests do not depend on config/policy.yaml. */
public final class TestPolicy {

    private TestPolicy() {}

    public static Policy standard() {
        Map<ExceptionType, TypeRule> types = new EnumMap<>(ExceptionType.class);
        types.put(ExceptionType.EXTRA_SEATS, rule(List.of("seats"), List.of("discountPercent"), 365, null, 500));
        types.put(ExceptionType.TERM_EXTENSION, rule(List.of("end"), List.of("seats", "discountPercent"), 365, null, null));
        types.put(ExceptionType.DISCOUNT, rule(List.of("discountPercent"), List.of(), 365, 30.0, null));
        types.put(ExceptionType.FEATURE_UNLOCK, rule(List.of("features"), List.of("discountPercent", "seats"), 180, null, null));
        types.put(ExceptionType.DEPLOYMENT_RIGHTS, rule(List.of("deployment"), List.of("discountPercent"), 730, null, null));
        types.put(ExceptionType.TERRITORY_RIGHTS, rule(List.of("regions"), List.of("discountPercent"), 730, null, null));
        types.put(ExceptionType.TEMPORARY_ACCESS, rule(List.of(), List.of("discountPercent"), 90, null, null));
        return with(types);
    }

    public static Policy with(Map<ExceptionType, TypeRule> types) {
        return new Policy("test-1", types, null, null, null, null, null, new Policy.Period(365, 30));
    }

    public static TypeRule rule(List<String> required, List<String> forbidden, int maxDays, Double maxDiscount, Integer maxSeats) {
        return new TypeRule("test rule", required, forbidden, maxDays, maxDiscount, maxSeats);
    }
}
