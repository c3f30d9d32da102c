package io.lexhub.check;

import io.lexhub.notify.Messages;
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

/** Every template the code renders exists, every template file compiles (each language's too), and every language has every message. */
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
        compileAll(dir, problems);
        // each language's customer templates (config/templates/de/...) and its words (config/messages, docs/languages.md)
        for (Path language : Templates.languageDirs(dir)) compileAll(language, problems);
        messages(w.config("messages"), problems);
        return problems;
    }

    private static void messages(Path dir, List<Problem> problems) {
        try {
            Messages.load(dir).missing().forEach((language, keys) -> problems.add(new Problem(dir.resolve(language + ".properties"), 1,
                    "no text for " + keys.size() + " key(s) of en.properties: " + String.join(", ", keys), "customers would read these in English")));
        } catch (RuntimeException e) {
            problems.add(new Problem(dir, 1, e.getMessage(), "one <language>.properties per language, en.properties required"));
        }
    }

    private static void compileAll(Path dir, List<Problem> problems) {
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
    }
}
