package io.lexhub.validation;

import java.time.LocalDate;
import java.util.List;

/** Finds live exceptions of the same customer and product whose period overlaps the given one. */
@FunctionalInterface
public interface ConflictLookup {

    /** For callers with no store (e.g. offline validation of a file). */
    ConflictLookup NONE = (customerId, product, start, end) -> List.of();

    /** Both ends inclusive. */
    List<ExistingException> overlapping(String customerId, String product, LocalDate start, LocalDate end);
}
