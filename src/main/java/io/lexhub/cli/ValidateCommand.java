package io.lexhub.cli;

import io.lexhub.app.ValidationWiring;
import io.lexhub.check.ConfigValidator;
import io.lexhub.check.Problem;
import io.lexhub.model.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check routes and configuration before deploying them: every YAML route through Camel's loader "
                + "(syntax, EIPs, endpoints and options, placeholders, bean refs), policy.yaml, approvers.yaml, "
                + "templates and the request schema, and their cross-references. Prints file:line: problem (hint), "
                + "or with --format json one JSON object for CI ({\"valid\": ..., \"findings\": [{file, line, severity, message, hint}]}); "
                + "exit 0 when clean, 1 otherwise. Starts nothing and opens no database.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // the folders the hub runs on (bin/lexhub sets both), else routes/ and config/ of the working directory
    @Option(names = "--routes", defaultValue = "${sys:lexhub.routes.dir:-routes}", description = "routes folder (default: ${DEFAULT-VALUE})")
    Path routes;

    @Option(names = "--config", defaultValue = "${sys:lexhub.config.dir:-config}", description = "config folder (default: ${DEFAULT-VALUE})")
    Path config;

    /** How the findings are printed: for people, or for a CI job that reads them. */
    enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        List<Problem> problems = ConfigValidator.validate(routes, config, ValidationWiring.HUB);
        long ms = (System.nanoTime() - started) / 1_000_000;
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.write(json(problems)));
            return problems.isEmpty() ? 0 : 1;
        }
        problems.forEach(out::println);
        out.println(problems.isEmpty()
                ? "OK: " + routes + " and " + config + " are valid (" + ms + " ms)"
                : problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " found (" + ms + " ms)");
        return problems.isEmpty() ? 0 : 1;
    }

    /** The checks find only errors today (each would stop the hub or a hot reload), hence severity "error". */
    private static Map<String, Object> json(List<Problem> problems) {
        List<Map<String, Object>> findings = problems.stream().map(p -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", p.file().toString());
            f.put("line", Math.max(p.line(), 1));
            f.put("severity", "error");
            f.put("message", p.message());
            if (p.hint() != null && !p.hint().isBlank()) f.put("hint", p.hint());
            return f;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", problems.isEmpty());
        out.put("findings", findings);
        return out;
    }
}
