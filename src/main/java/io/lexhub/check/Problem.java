package io.lexhub.check;

import java.nio.file.Path;

/** One thing wrong with the routes or the configuration, printed as {@code file:line: message (hint)}. */
public record Problem(Path file, int line, String message, String hint) {

    @Override
    public String toString() {
        return file + ":" + Math.max(line, 1) + ": " + message + (hint == null || hint.isBlank() ? "" : " (" + hint + ")");
    }
}
