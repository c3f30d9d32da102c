package io.lexhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The hub's own OpenAPI document (GET /api/openapi.json, api/ApiDocs) as a checker of real answers:
 * the operation is found by method and path, then the answer's status must be one it documents, its
 * content type one documented for that status, and a JSON body must be valid against that schema
 * (JSON Schema 2020-12, the dialect of OpenAPI 3.1). A path no operation has (404 tests, hostile
 * input) is not checked. So an answer that drifts from the description fails the test that got it.
 */
public final class ApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** An operation: its method, path template, the template as a pattern, and its node in the document. */
    public record Operation(String method, String template, Pattern pattern, JsonNode node) {
        int placeholders() {
            return template.split("\\{", -1).length - 1;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private ApiContract(JsonNode document) {
        this.document = document;
        for (Iterator<Map.Entry<String, JsonNode>> p = document.path("paths").fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> path = p.next();
            String regex = "^" + Pattern.quote(path.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q") + "/?$";
            path.getValue().fields().forEachRemaining(m -> operations.add(
                    new Operation(m.getKey().toUpperCase(Locale.ROOT), path.getKey(), Pattern.compile(regex), m.getValue())));
        }
        // the most literal template first: /sign-in/oidc before /sign-in/link/{token}, /outbox/failed before /outbox/{id}
        operations.sort(Comparator.comparingInt(Operation::placeholders));
    }

    public static ApiContract of(String json) {
        try {
            return new ApiContract(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getMessage(), e);
        }
    }

    /** The running hub's document, fetched as anyone may. */
    public static ApiContract of(TestHub hub) {
        try {
            HttpResponse<String> r = hub.anonymous("GET", "/api/openapi.json", null, null);
            if (r.statusCode() != 200) throw new AssertionError("GET /api/openapi.json answered " + r.statusCode() + ": " + r.body());
            return of(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** The operation for this method and path (a query is ignored). */
    public Optional<Operation> operation(String method, String path) {
        String p = path.replaceFirst("[?#].*$", "").replaceAll("/+", "/");
        return operations.stream().filter(o -> o.method().equalsIgnoreCase(method) && o.pattern().matcher(p).matches()).findFirst();
    }

    /** The answer, unchanged, once it is found to keep to the document; else an AssertionError with every difference. */
    public HttpResponse<String> check(HttpResponse<String> r) {
        List<String> problems = problems(r.request().method(), r.request().uri().getRawPath(), r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(null), r.body());
        if (!problems.isEmpty()) {
            throw new AssertionError("the answer to " + r.request().method() + " " + r.request().uri().getRawPath() + " departs from /api/openapi.json:\n  "
                    + String.join("\n  ", problems) + "\nbody: " + r.body());
        }
        return r;
    }

    /** How an answer departs from the document (empty: it keeps to it, or no operation has this path). */
    public List<String> problems(String method, String path, int status, String contentType, String body) {
        Optional<Operation> found = operation(method, path);
        if (found.isEmpty()) return List.of();
        Operation op = found.get();
        String where = op.method() + " " + op.template() + " (" + op.node().path("operationId").asText() + ")";
        JsonNode responses = op.node().path("responses");
        String code = String.valueOf(status);
        if (!responses.has(code)) {
            if (!responses.has("default")) return List.of(where + " does not document status " + status + " (it has " + names(responses) + ")");
            code = "default";
        }
        JsonNode content = responses.get(code).path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return body == null || body.isEmpty() ? List.of() : List.of(where + " " + status + " documents no body, but one came (" + contentType + ")");
        }
        String type = contentType == null ? null : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (type == null || !content.has(type)) {
            return List.of(where + " " + status + " answered " + contentType + "; documented: " + names(content));
        }
        if (!(type.equals("application/json") || type.endsWith("+json"))) return List.of();
        String key = op.method() + " " + op.template() + " " + code + " " + type;
        JsonNode schema = content.get(type).path("schema");
        JsonNode value;
        try {
            value = JSON.readTree(body);
        } catch (IOException e) {
            return List.of(where + " " + status + " is not JSON: " + e.getMessage());
        }
        Set<ValidationMessage> messages = schema(key, schema).validate(value);
        return messages.stream().map(m -> where + " " + status + " " + type + ": " + m.getMessage()).sorted().toList();
    }

    /** The answer's schema, inside the whole document so that every #/components reference resolves. */
    private JsonSchema schema(String key, JsonNode schema) {
        return schemas.computeIfAbsent(key, k -> {
            ObjectNode root = document.deepCopy();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.putObject("$defs").set("answer", schema);
            root.put("$ref", "#/$defs/answer");
            return SCHEMAS.getSchema(root);
        });
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
