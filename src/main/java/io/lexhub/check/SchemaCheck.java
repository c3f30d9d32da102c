package io.lexhub.check;

import io.lexhub.intake.RequestParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The request JSON Schema loads the way the intake parser loads it. */
final class SchemaCheck implements Check {

    // Jackson's location: "[Source: ...; line: 12, column: 5]"
    private static final Pattern JSON_LINE = Pattern.compile("line: (\\d+)");

    @Override
    public List<Problem> run(Workspace w) {
        Path file = w.config("schema").resolve("request.schema.json");
        if (!Files.isRegularFile(file)) return List.of(new Problem(file, 1, "request schema missing", "the intake parser needs it"));
        try {
            new RequestParser(file);
            return List.of();
        } catch (RuntimeException e) {
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
            Matcher line = JSON_LINE.matcher(all);
            return List.of(new Problem(file, line.find() ? Integer.parseInt(line.group(1)) : 1,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""), "must be a valid JSON Schema (2020-12)"));
        }
    }
}
