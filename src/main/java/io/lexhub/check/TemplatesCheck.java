package io.lexhub.check;

import io.lexhub.notify.Notices;
import io.lexhub.notify.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every template the code renders exists, and every template file compiles. */
final class TemplatesCheck implements Check {

    // mustache.java names the place as "name:line"
    private static final Pattern MUSTACHE_LINE = Pattern.compile(":(\\d+)");

    @Override
    public List<Problem> run(Workspace w) {
        Path dir = w.config("templates");
        List<Problem> problems = new ArrayList<>();
        for (String name : Notices.TEMPLATES) {
            Path file = dir.resolve(name + ".mustache");
            if (!Files.isRegularFile(file)) {
                problems.add(new Problem(file, 1, "template '" + name + "' is missing; the hub renders it for intake replies",
                        "first line 'Subject: ...', then a blank line and the body"));
            }
        }
        if (!Files.isDirectory(dir)) return problems;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".mustache")).sorted().toList()) {
                try {
                    Templates.check(file);
                } catch (IOException | RuntimeException e) {
                    String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                    Matcher m = MUSTACHE_LINE.matcher(msg);
                    problems.add(new Problem(file, m.find() ? Integer.parseInt(m.group(1)) : 1, msg, "mustache syntax: {{name}}, {{#list}}...{{/list}}"));
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(dir, 1, "cannot list templates: " + e.getMessage(), null));
        }
        return problems;
    }
}
