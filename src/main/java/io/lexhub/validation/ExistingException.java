package io.lexhub.validation;

import java.time.LocalDate;

/** An exception already on file that a new request may collide with. */
public record ExistingException(String reference, String state, String type, LocalDate start, LocalDate end) {}
