package io.lexhub.check;

import io.lexhub.api.AccessRules;
import io.lexhub.api.ApiDocs;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.LogDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Loads every routes/*.camel.yaml with Camel's own YAML DSL loader into a throw-away
 * CamelContext that is never started, then checks what the loader leaves to start-up: property
 * placeholders (against the same property files, -D and environment as the hub), endpoint URIs and their options (by
 * creating each endpoint, which connects to nothing), expressions, bean refs and methods (against
 * {@link HubWiring#beans()}, app/HubConfiguration.BEANS) and direct: calls without a route to receive them.
 */
final class RoutesCheck implements Check {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([^}]+)}}");
    private static final Pattern LOADER_LINE = Pattern.compile("line (\\d+)");

    private final HubWiring hub;

    RoutesCheck(HubWiring hub) {
        this.hub = hub;
    }

    @Override
    public List<Problem> run(Workspace w) {
        List<Problem> problems = new ArrayList<>();
        List<Path> files = routeFiles(w.routesDir(), problems);
        // never started, so never stopped either: closing it would only log a shutdown
        DefaultCamelContext ctx = new DefaultCamelContext();
        ctx.setSourceLocationEnabled(true);
        // keep rest verbs and their direct: routes apart, so both can be checked
        ctx.getRestConfiguration().setInlineRoutes(false);
        ctx.getPropertiesComponent().setLocation(String.join(",", hub.propertyLocations(w.configDir())));
        String restComponent = ctx.getPropertiesComponent().resolveProperty("camel.rest.component").orElse(null);
        if (restComponent != null) ctx.getRestConfiguration().setComponent(restComponent);
        // endpoints refer to hub beans (#fileClaims, #mailboxWatch, #mailTrust): stand-ins of the same kind let them be created
        hub.beans().forEach((name, type) -> {
            Object standIn = hub.standIn(name, type);
            if (standIn != null) ctx.getRegistry().bind(name, standIn);
        });

        Map<String, Path> byLocation = new HashMap<>();
        boolean allLoaded = true;
        for (Path file : files) {
            placeholders(ctx, file, problems);
            String location = "file:" + file;
            byLocation.put(location, file);
            try {
                PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.resolveResource(ctx, location));
            } catch (Exception e) {
                String msg = String.valueOf(e.getMessage());
                Matcher line = LOADER_LINE.matcher(msg);
                problems.add(new Problem(file, line.find() ? Integer.parseInt(line.group(1)) : 1, firstLine(msg),
                        "not valid YAML DSL; see https://camel.apache.org/components/4.18.x/others/yaml-dsl.html"));
                allLoaded = false;
            }
        }
        new Walk(ctx, hub.beans(), byLocation, problems).all(allLoaded);
        return problems;
    }

    private static List<Path> routeFiles(Path dir, List<Problem> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(dir, 1, "routes folder missing", "the hub loads routes/*.camel.yaml"));
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(dir, 1, "cannot list: " + e.getMessage(), null));
            return List.of();
        }
    }

    /** Every {{key}} in the file resolves; {{?key}} may be absent. Done on the text, so the line is exact. */
    private static void placeholders(DefaultCamelContext ctx, Path file, List<Problem> problems) {
        List<String> lines = readLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).stripLeading().startsWith("#")) continue;
            Matcher m = PLACEHOLDER.matcher(lines.get(i));
            while (m.find()) {
                String key = m.group(2).trim();
                boolean optional = !m.group(1).isEmpty() || key.contains(":");
                if (!optional && ctx.getPropertiesComponent().resolveProperty(key).isEmpty()) {
                    problems.add(new Problem(file, i + 1, "property placeholder {{" + key + "}} does not resolve",
                            "define " + key + " in config/application.properties, or write {{?" + key + "}} if it may be absent"));
                }
            }
        }
    }

    /** The file's lines; an unreadable file shows up as a load problem. */
    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** An id ends its line (after an optional quote, a comma or a closing brace) or is followed by a comma. */
    private static final Pattern ID = Pattern.compile("\\bid:\\s*[\"']?([^\\s\"',}]+)[\"']?\\s*(?=,|[,}]?\\s*$)");

    /** Each "id: x" of a file with the lines (from 1) it stands on, read in one pass: every step of a route asks. */
    static Map<String, List<Integer>> idLines(List<String> lines) {
        Map<String, List<Integer>> ids = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ID.matcher(lines.get(i));
            Set<String> onLine = new HashSet<>();
            while (m.find()) {
                if (onLine.add(m.group(1))) ids.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(i + 1);
            }
        }
        return ids;
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse(s).strip();
    }

    /** Walks the loaded route and rest definitions step by step, so each problem has its step's line. */
    private static final class Walk {
        private final DefaultCamelContext ctx;
        private final Map<String, Class<?>> beans;
        private final Map<String, Path> files;
        private final List<Problem> problems;
        private final Set<String> directConsumers = new HashSet<>();
        private final List<Call> directCalls = new ArrayList<>();
        private final Map<Path, Map<String, List<Integer>>> idLines = new HashMap<>();

        private record Call(Path file, int line, String uri) {}

        Walk(DefaultCamelContext ctx, Map<String, Class<?>> beans, Map<String, Path> files, List<Problem> problems) {
            this.ctx = ctx;
            this.beans = beans;
            this.files = files;
            this.problems = problems;
        }

        /** {@code allLoaded}: when a file did not load, its direct: consumers are unknown, so calls are not checked. */
        void all(boolean allLoaded) {
            for (RouteDefinition r : ctx.getRouteDefinitions()) {
                Path file = fileOf(r.getResource() == null ? null : r.getResource().getLocation());
                FromDefinition from = r.getInput();
                int line = from.getLineNumber() > 0 ? from.getLineNumber() : r.getLineNumber();
                String uri = resolve(from.getEndpointUri());
                if (uri != null) {
                    if (uri.startsWith("direct:")) directConsumers.add(directName(uri));
                    endpoint(file, line, uri);
                }
                steps(file, line, r.getOutputs());
            }
            access();
            described(allLoaded);
            if (!allLoaded) return;
            for (Call c : directCalls) {
                if (!directConsumers.contains(directName(c.uri()))) {
                    problems.add(new Problem(c.file(), c.line(), "no route consumes " + c.uri(), "add a route 'from: " + c.uri() + "' or fix the name"));
                }
            }
        }

        /** Every rest verb declares who may call it (architecture rule 12); the hub would refuse to start otherwise. */
        private void access() {
            for (RestDefinition rest : ctx.getRestDefinitions()) {
                Path file = fileOf(rest.getResource() == null ? null : rest.getResource().getLocation());
                for (VerbDefinition verb : rest.getVerbs()) {
                    for (String problem : AccessRules.problems(List.of(restOf(rest, verb)))) {
                        problems.add(new Problem(file, verb.getLineNumber() > 0 ? verb.getLineNumber() : rest.getLineNumber(), problem,
                                "add security: [{key: apiKey, scopes: \"...\"}] (or session, decisionLink, signIn, public; apiKey then session for either); SECURITY.md lists the scopes"));
                    }
                }
            }
        }

        /**
         * Every rest verb is described in the API's contract (src/main/resources/openapi/contract.yaml, by its id), and
         * every entry there is a verb (when all files loaded): /api/openapi.json could not be made otherwise (api/ApiDocs).
         */
        private void described(boolean allLoaded) {
            Set<String> described = ApiDocs.described();
            Set<String> verbs = new HashSet<>();
            for (RestDefinition rest : ctx.getRestDefinitions()) {
                Path file = fileOf(rest.getResource() == null ? null : rest.getResource().getLocation());
                for (VerbDefinition verb : rest.getVerbs()) {
                    verbs.add(verb.getId());
                    if (verb.getId() == null || !described.contains(verb.getId())) {
                        problems.add(new Problem(file, verb.getLineNumber() > 0 ? verb.getLineNumber() : rest.getLineNumber(),
                                "rest verb " + (verb.getId() == null ? "without an id" : verb.getId()) + " is not in the API's description",
                                "give it an id and describe its answers under operations in src/main/resources/openapi/contract.yaml"));
                    }
                }
            }
            if (!allLoaded) return;
            for (String id : described) {
                if (!verbs.contains(id)) {
                    problems.add(new Problem(Path.of("src/main/resources/openapi/contract.yaml"), 0, "it describes " + id + ", which no rest verb has",
                            "remove the entry or give the verb this id"));
                }
            }
        }

        /** One verb under its rest path, so each problem gets the verb's own line. */
        private static RestDefinition restOf(RestDefinition rest, VerbDefinition verb) {
            RestDefinition one = new RestDefinition();
            one.setPath(rest.getPath());
            one.getVerbs().add(verb);
            return one;
        }

        private void steps(Path file, int parentLine, List<ProcessorDefinition<?>> outputs) {
            for (ProcessorDefinition<?> step : outputs) {
                int line = lineOf(file, step, parentLine);
                if (step instanceof SendDefinition<?> send && !(step instanceof ToDynamicDefinition)) {
                    call(file, line, send.getEndpointUri());
                }
                if (step instanceof BeanDefinition bean) bean(file, line, bean);
                if (step instanceof ExpressionNode node) expression(file, line, node.getExpression(), false);
                if (step instanceof LogDefinition log && log.getMessage() != null) {
                    String text = resolve(log.getMessage());
                    if (text != null) language(file, line, "simple", text, false);
                }
                if (step instanceof ChoiceDefinition choice) {
                    // when/otherwise are not processor definitions in Camel 4.18
                    for (WhenDefinition when : choice.getWhenClauses()) {
                        int whenLine = when.getLineNumber() > 0 ? when.getLineNumber() : line;
                        expression(file, whenLine, when.getExpression(), true);
                        steps(file, whenLine, when.getOutputs());
                    }
                    if (choice.getOtherwise() != null) steps(file, line, choice.getOtherwise().getOutputs());
                } else {
                    steps(file, line, step.getOutputs());
                }
            }
        }

        /**
         * Camel gives nested steps the line of their parent's "steps:" key; a step with an id is
         * found by its "id: x" instead, when that is unique in the file.
         */
        private int lineOf(Path file, ProcessorDefinition<?> step, int parentLine) {
            int camel = step.getLineNumber() > 0 ? step.getLineNumber() : parentLine;
            if (step.getId() == null) return camel;
            List<Integer> found = idLines.computeIfAbsent(file, f -> idLines(readLines(f))).getOrDefault(step.getId(), List.of());
            return found.size() == 1 ? found.get(0) : camel;
        }

        private void call(Path file, int line, String rawUri) {
            String uri = resolve(rawUri);
            if (uri == null) return;
            if (uri.startsWith("direct:")) directCalls.add(new Call(file, line, uri));
            endpoint(file, line, uri);
        }

        private void endpoint(Path file, int line, String uri) {
            // rest: endpoints need the HTTP server; the loader has checked the rest DSL itself
            if (uri.startsWith("rest:") || uri.startsWith("rest-api:")) return;
            try {
                ctx.getEndpoint(uri);
            } catch (RuntimeException e) {
                problems.add(new Problem(file, line, cause(e), "check the component name and options in the Camel component docs"));
            }
        }

        private void bean(Path file, int line, BeanDefinition bean) {
            if (bean.getRef() == null) return;
            Class<?> type = beans.get(bean.getRef());
            if (type == null) {
                problems.add(new Problem(file, line, "no bean named '" + bean.getRef() + "'",
                        "the hub binds: " + beans.keySet().stream().sorted().toList()));
                return;
            }
            String method = bean.getMethod() == null ? null : bean.getMethod().replaceFirst("\\(.*$", "").trim();
            if (method != null && !hasPublicMethod(type, method)) {
                problems.add(new Problem(file, line, "bean '" + bean.getRef() + "' (" + type.getSimpleName() + ") has no public method '" + method + "'",
                        "public methods: " + Stream.of(type.getMethods()).filter(m -> m.getDeclaringClass() == type)
                                .map(Method::getName).distinct().sorted().toList()));
            }
        }

        private static boolean hasPublicMethod(Class<?> type, String name) {
            return Stream.of(type.getMethods()).anyMatch(m -> m.getName().equals(name) && !Modifier.isStatic(m.getModifiers()));
        }

        private void expression(Path file, int line, ExpressionDefinition e, boolean predicate) {
            if (e == null || e.getExpression() == null || e.getLanguage() == null) return;
            String text = resolve(e.getExpression());
            if (text != null) language(file, line, e.getLanguage(), text, predicate);
        }

        private void language(Path file, int line, String language, String text, boolean predicate) {
            try {
                var lang = ctx.resolveLanguage(language);
                if (predicate) lang.createPredicate(text);
                else lang.createExpression(text);
            } catch (RuntimeException ex) {
                problems.add(new Problem(file, line, language + " expression does not compile: " + cause(ex), "check the " + language + " language syntax"));
            }
        }

        /** Resolves placeholders; an unresolved one was already reported with its exact line. */
        private String resolve(String text) {
            try {
                return ctx.resolvePropertyPlaceholders(text);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private Path fileOf(String location) {
            return location == null ? Path.of("routes") : files.getOrDefault(location, Path.of(location.replaceFirst("^file:", "")));
        }

        private static String directName(String uri) {
            return uri.replaceFirst("^direct:(//)?", "").replaceFirst("\\?.*$", "");
        }

        private static String cause(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) t = t.getCause();
            return firstLine(String.valueOf(t.getMessage()));
        }
    }
}
