package io.lexhub.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.model.Issue;
import io.lexhub.model.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The form of a NEEDS_INFO request's portal page (docs/portal.md): one input per missing field, typed
 * by the request schema (config/schema/request.schema.json: a date, a number, a choice of the enum's
 * values, a comma-separated list, text), and the typed values read back from the posted form. Whether
 * the values complete the request is the validator's to say (pipeline/channel/PortalSupplement); here
 * only whether each is a date, a number, one of the choices.
 */
public final class SupplementForm {

    /** One input: its path in the request (the form field's name), label, kind, choices, the value typed and its problem. */
    public record Field(String name, String id, String label, String hint, String kind, List<String> choices, String value, String error) {
        public boolean selected(String choice) {
            return choice.equals(value);
        }

        /** The ids of its hint and its problem, for aria-describedby; null for none. */
        public String describedBy() {
            String ids = ((hint != null ? id + "-hint" : "") + (error != null ? " " + id + "-error" : "")).strip();
            return ids.isEmpty() ? null : ids;
        }
    }

    /** The inputs of the form, in the order the validator named the missing fields. */
    public record Form(List<Field> fields) {
        public List<Field> errors() {
            return fields.stream().filter(f -> f.error() != null).toList();
        }

        /** The error summary: each field's id and its problem. */
        /**
         * The validator's problems beside their fields, added to {@code errors}: a problem of a field on
         * the form goes beside it; any other (a conflict, the period as a whole) beside the first field.
         */
        public void place(List<io.lexhub.model.Issue> issues, Map<String, String> errors) {
            for (io.lexhub.model.Issue i : issues) {
                String field = fields.stream().anyMatch(f -> f.name().equals(i.field())) ? i.field() : fields.get(0).name();
                errors.merge(field, i.message(), (x, y) -> x + " " + y);
            }
        }

        public Map<String, String> summary() {
            Map<String, String> out = new LinkedHashMap<>();
            errors().forEach(f -> out.put(f.id(), f.label() + ": " + f.error()));
            return out;
        }
    }

    private final JsonNode schema;

    public SupplementForm(Path schemaFile) {
        try {
            this.schema = Json.MAPPER.readTree(Files.readString(schemaFile));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the request schema " + schemaFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The inputs for these missing issues (an object missing as a whole asks for its required fields),
     * with the values and the problems given ({@code errors} by field name, may hold "" for the form).
     */
    public Form form(PortalWords words, List<Issue> missing, Map<String, String> values, Map<String, String> errors) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Issue issue : missing) {
            JsonNode node = node(issue.field());
            if (node == null) continue;
            if ("object".equals(node.path("type").asText())) {
                for (JsonNode req : node.path("required")) add(words, fields, issue.field() + "." + req.asText(), null, values, errors);
            } else {
                add(words, fields, issue.field(), issue.message(), values, errors);
            }
        }
        return new Form(List.copyOf(fields.values()));
    }

    private void add(PortalWords words, Map<String, Field> fields, String name, String hint, Map<String, String> values, Map<String, String> errors) {
        JsonNode node = node(name);
        if (node == null || fields.containsKey(name)) return;
        String type = node.path("type").asText();
        String kind = node.has("enum") ? "select" : "date".equals(node.path("format").asText()) ? "date"
                : "integer".equals(type) || "number".equals(type) ? "number" : "array".equals(type) ? "list"
                : node.path("maxLength").asInt(0) > 300 ? "textarea" : "text";
        List<String> choices = new ArrayList<>();
        node.path("enum").forEach(v -> choices.add(v.asText()));
        boolean english = words.m().language().equals("en");
        String label = english || !words.m().messages().has("field." + name) ? node.path("title").asText(name) : words.field(name);
        // the validator's hint and the schema's description are English: another language goes without
        String description = english ? node.path("description").asText(null) : null;
        fields.put(name, new Field(name, "f-" + name.replace('.', '-'), label, english && hint != null ? hint : description, kind, choices,
                values.getOrDefault(name, ""), errors.get(name)));
    }

    /** The schema node of a dotted path (following $ref), null when the schema has no such field. */
    JsonNode node(String path) {
        JsonNode n = schema;
        for (String part : path.split("\\.")) {
            n = resolve(n).path("properties").get(part);
            if (n == null) return null;
        }
        return resolve(n);
    }

    private JsonNode resolve(JsonNode n) {
        if (n.has("$ref")) {
            String ref = n.get("$ref").asText();
            JsonNode target = schema.path("$defs").path(ref.substring(ref.lastIndexOf('/') + 1));
            ObjectNode merged = ((ObjectNode) target).deepCopy();
            n.fields().forEachRemaining(f -> { if (!f.getKey().equals("$ref")) merged.set(f.getKey(), f.getValue()); });
            return merged;
        }
        return n;
    }

    /** The values as the request document takes them; a value of the wrong kind goes to {@code errors} instead. */
    public ObjectNode supplied(PortalWords words, Form form, Map<String, String> errors) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Field f : form.fields()) {
            String v = f.value() == null ? "" : f.value().strip();
            if (v.isEmpty()) {
                errors.put(f.name(), enter(words, "portal.enter", f));
                continue;
            }
            ObjectNode parent = out;
            String[] parts = f.name().split("\\.");
            for (int i = 0; i < parts.length - 1; i++) parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
            String key = parts[parts.length - 1];
            switch (f.kind()) {
                case "date" -> {
                    try {
                        parent.put(key, LocalDate.parse(v).toString());
                    } catch (DateTimeParseException e) {
                        errors.put(f.name(), enter(words, "portal.enter.date", f));
                    }
                }
                case "number" -> {
                    try {
                        BigDecimal n = new BigDecimal(v.replace(",", "").replace(" ", ""));
                        if ("integer".equals(node(f.name()).path("type").asText())) parent.put(key, n.intValueExact());
                        else parent.put(key, n);
                    } catch (NumberFormatException | ArithmeticException e) {
                        errors.put(f.name(), enter(words, "integer".equals(node(f.name()).path("type").asText()) ? "portal.enter.whole" : "portal.enter.decimal", f));
                    }
                }
                case "select" -> {
                    if (f.choices().contains(v)) parent.put(key, v);
                    else errors.put(f.name(), enter(words, "portal.enter.choice", f));
                }
                case "list" -> {
                    ArrayNode list = parent.putArray(key);
                    for (String item : v.split(",")) if (!item.isBlank()) list.add(item.strip());
                }
                default -> parent.put(key, v);
            }
        }
        return out;
    }

    /** "Enter the end date ...": English lowers the label, German keeps its capitals (nouns). */
    private static String enter(PortalWords words, String key, Field f) {
        String label = words.m().language().equals("en") ? f.label().toLowerCase(java.util.Locale.ROOT) : "„" + f.label() + "“";
        return words.m().t(key, label);
    }
}
