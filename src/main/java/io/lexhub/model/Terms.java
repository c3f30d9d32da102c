package io.lexhub.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The requested deviation. Which fields apply depends on the exception type (policy.yaml says
 * which are required and which are not allowed). A period is start plus end or durationDays.
 */
public record Terms(
        Integer seats,
        BigDecimal discountPercent,
        LocalDate start,
        LocalDate end,
        Integer durationDays,
        List<String> regions,
        List<String> features,
        String deployment) {

    public Terms {
        regions = regions == null ? List.of() : List.copyOf(regions);
        features = features == null ? List.of() : List.copyOf(features);
    }

    /** The last day covered: end if given, else start + durationDays - 1; null when unknown. */
    public LocalDate effectiveEnd() {
        if (end != null) return end;
        if (start != null && durationDays != null) return start.plusDays(durationDays - 1L);
        return null;
    }

    /** Days covered, both ends inclusive; null when the period is incomplete. */
    public Integer effectiveDurationDays() {
        if (start != null && end != null) return (int) ChronoUnit.DAYS.between(start, end) + 1;
        return durationDays;
    }
}
