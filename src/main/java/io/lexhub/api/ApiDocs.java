package io.lexhub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;

/**
 * The API's description (OpenAPI 3.1) at GET /api/openapi.json, and Swagger UI at GET /api/docs to
 * read it (routes/api-docs.camel.yaml, all public: they describe the API and hold nothing of anyone's).
 *
 * <p>The document is generated from the rest DSL itself by camel-openapi-java ({@link RestOpenApiReader}):
 * every rest verb of routes/*.camel.yaml is an operation (its id the operationId), its {@code security}
 * declaration (the one place of architecture rule 12) its security requirement, and the rest DSL's
 * {@code bearerToken} definition the {@code apiKey} scheme. What the rest DSL could only say with Java
 * classes (the hub answers with maps, not classes) comes from src/main/resources/openapi/contract.yaml,
 * keyed by operationId: summaries, request bodies, the statuses each operation answers with their
 * schemas, and the JSON Schemas themselves; the request document's schema is config/schema/request.schema.json,
 * the one intake validates against. An operation missing from the contract, or a contract entry no route
 * has, fails the generation (and the tests: support/ApiContract checks real answers against this document).
 *
 * <p>Access declarations become requirements: {@code apiKey} with scopes {@code {apiKey: [scopes]}}, {@code session}
 * {@code {session: [scopes]}} (both: either), {@code public}, {@code signIn} and {@code decisionLink} no
 * requirement ({@code security: []}; the link's token is its path); each operation also carries the declaration
 * as {@code x-lexhub-access}. The gate's own answers (401, 403, 429; 404 for a decision link) and the hub's
 * 500 and 503 are added to every operation they can happen to.
 *
 * <p>Swagger UI comes from its webjar (org.webjars:swagger-ui, version in the path like Pico's): its bundle and
 * stylesheet on fixed paths, and the hub's own small page and initializer instead of the webjar's index.html,
 * whose inline script the pages' CSP forbids. The docs page alone may run script, only from the hub.
 */
public final class ApiDocs {

    /** The Swagger UI version, as in pom.xml (swagger-ui.version) and the docs page. */
    public static final String SWAGGER_UI_VERSION = "5.35.0";
    static final String UI = "META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION + "/";
    static final String CONTRACT = "openapi/contract.yaml";
    /** The pages' policy (api/Pages), plus script and fetch from the hub itself: Swagger UI reads the document and tries calls. */
    static final String DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");

    private final CamelContext camel;
    private final Path requestSchema;
    private final byte[] bundle = read(UI + "swagger-ui-bundle.js");
    private final byte[] css = read(UI + "swagger-ui.css");
    private final byte[] page = read("openapi/docs.html");
    private final byte[] initializer = read("openapi/swagger-initializer.js");
    private volatile Generated generated;

    public ApiDocs(CamelContext camel, Path requestSchema) {
        this.camel = camel;
        this.requestSchema = requestSchema;
    }

    /**
     * GET /api/openapi.json: generated when first asked for, and again only when the rest definitions are no longer
     * the ones it was made from (a reload of the routes, app/ConfigReloader), so a public GET costs no generation.
     */
    public void document(Exchange exchange) {
        List<RestDefinition> rests = rests();
        Generated g = generated;
        if (g == null || !same(g.from(), rests)) {
            g = new Generated(List.copyOf(rests), generate(rests).getBytes(StandardCharsets.UTF_8));
            generated = g;
        }
        answer(exchange, "application/json; charset=utf-8", g.json());
    }

    private record Generated(List<RestDefinition> from, byte[] json) {}

    private static boolean same(List<RestDefinition> a, List<RestDefinition> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (a.get(i) != b.get(i)) return false;
        return true;
    }

    private List<RestDefinition> rests() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions();
    }

    /** GET /api/docs: the hub's page for Swagger UI (no inline script). */
    public void page(Exchange exchange) {
        answer(exchange, "text/html; charset=utf-8", page);
        exchange.getMessage().setHeader("Content-Security-Policy", DOCS_CSP);
        exchange.getMessage().setHeader("X-Frame-Options", "DENY");
        exchange.getMessage().setHeader("Referrer-Policy", "no-referrer");
    }

    /** GET /api/docs/swagger-ui-5.35.0/swagger-ui-bundle.js. */
    public void bundle(Exchange exchange) {
        answer(exchange, "text/javascript; charset=utf-8", bundle);
    }

    /** GET /api/docs/swagger-ui-5.35.0/swagger-ui.css. */
    public void css(Exchange exchange) {
        answer(exchange, "text/css; charset=utf-8", css);
    }

    /** GET /api/docs/swagger-initializer.js: points Swagger UI at /api/openapi.json. */
    public void initializer(Exchange exchange) {
        answer(exchange, "text/javascript; charset=utf-8", initializer);
    }

    private static void answer(Exchange exchange, String type, byte[] body) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, type);
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setBody(body);
    }

    /** The operationIds src/main/resources/openapi/contract.yaml describes ({@code lexhub validate} matches them with the rest verbs). */
    public static Set<String> described() {
        try {
            Set<String> ids = new TreeSet<>();
            YAML.readTree(read(CONTRACT)).path("operations").fieldNames().forEachRemaining(ids::add);
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document of these rest definitions, as JSON. */
    String generate(List<RestDefinition> rests) {
        try {
            BeanConfig config = new BeanConfig();
            config.setVersion("3.1.0");
            config.setSchemes(new String[0]);
            ObjectNode doc = (ObjectNode) JSON.readTree(RestOpenApiSupport.getJsonFromOpenAPIAsString(
                    new RestOpenApiReader().read(camel, rests, config, camel.getName(), camel.getClassResolver()), config));
            ObjectNode contract = (ObjectNode) YAML.readTree(read(CONTRACT));
            JsonNode request = JSON.readTree(Files.readAllBytes(requestSchema));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(complete(doc, contract, request, rests));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the API description could not be generated: " + e.getMessage(), e);
        }
    }

    /**
     * Camel's document completed from the contract: info, tags, operations' texts, bodies and answers,
     * the requirements of the access declarations, the schemas and the session scheme.
     */
    static ObjectNode complete(ObjectNode doc, ObjectNode contract, JsonNode requestSchema, List<RestDefinition> rests) {
        Map<String, List<SecurityDefinition>> access = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        for (RestDefinition rest : rests) {
            for (VerbDefinition v : rest.getVerbs()) {
                access.put(v.getId(), v.getSecurity());
                tags.put(v.getId(), rest.getId());
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("openapi", "3.1.0");
        out.set("info", contract.get("info"));
        out.set("tags", contract.get("tags"));
        ObjectNode operations = (ObjectNode) contract.get("operations");
        List<String> problems = new ArrayList<>();
        Set<String> described = new TreeSet<>();
        ObjectNode paths = out.putObject("paths");
        for (Iterator<Map.Entry<String, JsonNode>> p = doc.path("paths").fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> path = p.next();
            String template = path.getKey().replaceAll("/+", "/");
            ObjectNode item = paths.has(template) ? (ObjectNode) paths.get(template) : paths.putObject(template);
            for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext();) {
                Map.Entry<String, JsonNode> method = o.next();
                String id = method.getValue().path("operationId").asText();
                JsonNode spec = operations.get(id);
                if (spec == null) {
                    problems.add(method.getKey().toUpperCase(Locale.ROOT) + " " + template + " (" + id + ") has no entry in " + CONTRACT);
                    continue;
                }
                described.add(id);
                item.set(method.getKey(), operation(id, template, spec, tags.get(id), access.get(id), problems));
            }
        }
        operations.fieldNames().forEachRemaining(id -> {
            if (!described.contains(id)) problems.add(CONTRACT + " describes " + id + ", which no rest route has");
        });
        if (!problems.isEmpty()) throw new IllegalStateException(String.join("; ", problems));

        ObjectNode components = out.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.setAll((ObjectNode) doc.path("components").path("securitySchemes"));
        schemes.setAll((ObjectNode) contract.path("components").path("securitySchemes"));
        ObjectNode schemas = components.putObject("schemas");
        schemas.setAll((ObjectNode) contract.path("components").path("schemas"));
        ObjectNode request = requestSchema.deepCopy();
        request.remove("$schema");
        request.remove("$id");
        rebase(request, "#/components/schemas/RequestDocument/");
        schemas.set("RequestDocument", request);
        return out;
    }

    /** The request schema's own references (#/$defs/...) made to point into the document, where it now sits. */
    private static void rebase(JsonNode node, String base) {
        if (node instanceof ObjectNode o && o.path("$ref").asText().startsWith("#/")) o.put("$ref", base + o.get("$ref").asText().substring(2));
        node.forEach(child -> rebase(child, base));
    }

    private static ObjectNode operation(String id, String template, JsonNode spec, String tag, List<SecurityDefinition> declared, List<String> problems) {
        ObjectNode op = JSON.createObjectNode();
        op.put("operationId", id);
        if (tag != null) op.putArray("tags").add(tag);
        for (String text : List.of("summary", "description")) if (spec.has(text)) op.set(text, spec.get(text));
        ArrayNode params = op.putArray("parameters");
        Matcher m = PATH_PARAM.matcher(template);
        while (m.find()) {
            ObjectNode param = params.addObject().put("name", m.group(1)).put("in", "path").put("required", true);
            JsonNode about = spec.path("parameters").path(m.group(1));
            if (about.has("description")) param.set("description", about.get("description"));
            param.set("schema", about.has("schema") ? about.get("schema") : JSON.createObjectNode().put("type", "string"));
        }
        spec.path("query").fields().forEachRemaining(q -> {
            ObjectNode param = params.addObject().put("name", q.getKey()).put("in", "query").put("required", false);
            param.setAll((ObjectNode) q.getValue());
        });
        if (params.isEmpty()) op.remove("parameters");
        if (spec.has("request")) {
            ObjectNode body = op.putObject("requestBody").put("required", true);
            ObjectNode content = body.putObject("content");
            spec.get("request").fields().forEachRemaining(t -> content.putObject(t.getKey()).set("schema", schema(t.getValue())));
        }

        String key = declared == null || declared.isEmpty() ? null : declared.get(0).getKey();
        op.put("x-lexhub-access", key);
        ArrayNode security = op.putArray("security");
        if (declared != null) for (SecurityDefinition s : declared) {
            if (!AccessRules.API_KEY.equals(s.getKey()) && !AccessRules.SESSION.equals(s.getKey())) continue;
            ArrayNode scopes = security.addObject().putArray(s.getKey());
            if (s.getScopes() != null) for (String x : s.getScopes().split(",")) if (!x.isBlank()) scopes.add(x.strip());
        }

        // a page's refusals are pages too (api/AccessGate answers people in HTML, systems with problem documents)
        String refusal = AccessRules.SESSION.equals(key) || AccessRules.SIGN_IN.equals(key) || AccessRules.DECISION_LINK.equals(key)
                || template.contains("{token}") ? "text/html" : PROBLEM;
        ObjectNode responses = op.putObject("responses");
        spec.path("responses").fields().forEachRemaining(r -> responses.set(r.getKey(), response(Integer.parseInt(r.getKey()), r.getValue(), refusal)));
        if (responses.isEmpty()) problems.add(id + " lists no responses in " + CONTRACT);
        boolean credential = AccessRules.API_KEY.equals(key) || AccessRules.SESSION.equals(key);
        if (credential) {
            implied(responses, 401, "No credential, or one that is not valid (unknown, expired, revoked; a session that ended)", refusal);
            implied(responses, 403, "The credential does not allow this (it lacks the route's scopes), or a session's form without its CSRF token", refusal);
        }
        if (AccessRules.DECISION_LINK.equals(key)) implied(responses, 404, "No such decision link, or one used or expired", refusal);
        boolean signed = AccessRules.WEBHOOK_SIGNATURE.equals(key);
        if (signed) implied(responses, 401, "Not signed with the subscriber's secret, a timestamp more than five minutes away, or a webhook-id used before", refusal);
        if (credential || signed || AccessRules.DECISION_LINK.equals(key)) implied(responses, 429, "Too many failed attempts from this address; see Retry-After", refusal);
        implied(responses, 500, "An error nobody expected; the answer's errorId finds it in the hub's log", PROBLEM);
        implied(responses, 503, "The hub's database is unavailable; retry after Retry-After seconds", PROBLEM);
        return op;
    }

    private static void implied(ObjectNode responses, int status, String description, String type) {
        if (!responses.has(String.valueOf(status))) responses.set(String.valueOf(status), response(status, JSON.getNodeFactory().textNode(description), type));
    }

    /**
     * An answer of the contract: a description alone (an error status is then a problem document, or a page for a
     * page's route, {@code errors}; any other status has no body), or {@code {description, schema}} (JSON),
     * {@code {description, type, schema}} (another media type), {@code {description, types}} (a file, any of these
     * media types), {@code {description, headers}}.
     */
    private static ObjectNode response(int status, JsonNode spec, String errors) {
        ObjectNode r = JSON.createObjectNode();
        r.put("description", spec.isTextual() ? spec.asText() : spec.path("description").asText());
        String type = spec.path("type").asText(spec.has("schema") ? "application/json" : status >= 400 ? errors : null);
        if (spec.has("types")) {
            // a file answered as what it is (an evidence file: PDF, an image, an office document)
            ObjectNode content = r.putObject("content");
            spec.get("types").forEach(t -> content.putObject(t.asText()).putObject("schema").put("type", "string").put("format", "binary"));
        } else if (type != null) {
            JsonNode schema = spec.has("schema") ? schema(spec.get("schema"))
                    : PROBLEM.equals(type) ? schema(JSON.getNodeFactory().textNode("Problem")) : JSON.createObjectNode().put("type", "string");
            r.putObject("content").putObject(type).set("schema", schema);
        }
        if (spec.has("headers")) r.set("headers", spec.get("headers"));
        return r;
    }

    /** A schema of the contract: a component's name, {@code [Name]} for a list of them, or a schema written out. */
    private static JsonNode schema(JsonNode spec) {
        if (!spec.isTextual()) return spec;
        String name = spec.asText();
        if (name.startsWith("[") && name.endsWith("]")) {
            ObjectNode list = JSON.createObjectNode().put("type", "array");
            list.set("items", schema(JSON.getNodeFactory().textNode(name.substring(1, name.length() - 1))));
            return list;
        }
        return JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the API docs' file " + resource + " is not on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
