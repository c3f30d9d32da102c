package io.lexhub.model;

/** The kinds of license exception the hub governs; policy.yaml has a section per type. */
public enum ExceptionType {
    EXTRA_SEATS,
    TERM_EXTENSION,
    DISCOUNT,
    FEATURE_UNLOCK,
    DEPLOYMENT_RIGHTS,
    TERRITORY_RIGHTS,
    TEMPORARY_ACCESS
}
