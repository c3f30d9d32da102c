package io.lexhub.pipeline.waiver;

import java.util.Map;

/** An amendment that would widen a waiver, or is not a valid narrowing: HTTP 400, each problem by field. */
public final class NarrowingRefusedException extends IllegalArgumentException {

    private final transient Map<String, String> problems;

    public NarrowingRefusedException(Map<String, String> problems) {
        super("not a narrowing of the waiver: " + String.join("; ", problems.values()));
        this.problems = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(problems)); // in the fields' order
    }

    /** By field (end, seats, discountPercent), in that order. */
    public Map<String, String> problems() {
        return problems;
    }
}
