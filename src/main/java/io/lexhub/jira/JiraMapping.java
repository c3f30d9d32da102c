package io.lexhub.jira;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lexhub.policy.PolicyException;
import java.io.IOException;
import io.lexhub.intake.RequestParser;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * config/jira-mapping.yaml: which Jira field (system or customfield_NNNNN) feeds which request
 * field, and how its value is converted. Checked on load; {@link #document} turns an issue's
 * fields into a request document for the ordinary parser and validator.
 */
public final class JiraMapping {

    /** the request parser reads no longer number either */
    static final int MAX_NUMBER_LENGTH = RequestParser.MAX_NUMBER_LENGTH;

    /** How a Jira value becomes a request value. */
    public enum Convert {
        /** a string, or the plain text of an ADF document (Cloud rich text) */
        TEXT,
        NUMBER,
        INTEGER,
        /** YYYY-MM-DD; a date-time keeps its date */
        DATE,
        /** a select list's {"value": ...} */
        OPTION,
        /** a multi-select's [{"value": ...}] */
        OPTIONS,
        /** an array of strings (labels) or a comma-separated string */
        LIST,
        /** a constant-style value: "Extra seats" or {"value": "Extra seats"} -> EXTRA_SEATS */
        ENUM,
        /** a user field's emailAddress */
        USER_EMAIL,
        /** a user field's displayName */
        USER_NAME
    }

    public record Rule(String target, String from, Convert convert) {}

    record Entry(String from, String as) {}

    record File(Map<String, Entry> fields) {}

    static final Set<String> TARGETS = Set.of("clientRequestId", "customer.id", "customer.name", "customer.contactEmail", "customer.domain",
            "requester.name", "requester.email", "accountOwner.name", "accountOwner.email", "beneficiaries", "product", "edition", "type",
            "terms.seats", "terms.discountPercent", "terms.start", "terms.end", "terms.durationDays", "terms.regions", "terms.features",
            "terms.deployment", "justification", "revenueImpact", "currency", "dataSensitivity", "deploymentScale", "evidence");
    static final Set<String> LIST_TARGETS = Set.of("beneficiaries", "terms.regions", "terms.features", "evidence");
    static final Set<String> SYSTEM_FIELDS = Set.of("summary", "description", "environment", "reporter", "assignee", "creator", "labels",
            "components", "duedate", "priority", "issuetype", "project", "fixVersions", "versions");
    private static final Pattern CUSTOM_FIELD = Pattern.compile("customfield_\\d{1,10}");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<Rule> rules;

    public JiraMapping(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public static JiraMapping load(Path file) {
        String name = file.getFileName().toString();
        File parsed;
        try {
            parsed = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(Files.readString(file), File.class);
        } catch (JsonProcessingException e) {
            throw new PolicyException(List.of(name + ": line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new PolicyException(List.of(name + ": cannot be read: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Map<String, Entry> fields = parsed == null || parsed.fields() == null ? Map.of() : parsed.fields();
        if (fields.isEmpty()) problems.add(name + ": 'fields' maps no request field");
        fields.forEach((target, e) -> {
            String where = name + ": fields." + target + ": ";
            if (!TARGETS.contains(target)) problems.add(where + "not a request field; known: " + new java.util.TreeSet<>(TARGETS));
            if (e == null || e.from() == null || e.from().isBlank()) {
                problems.add(where + "'from' (the Jira field) is missing");
                return;
            }
            if (!SYSTEM_FIELDS.contains(e.from()) && !CUSTOM_FIELD.matcher(e.from()).matches()) {
                problems.add(where + "'" + e.from() + "' is neither a known system field " + new java.util.TreeSet<>(SYSTEM_FIELDS) + " nor customfield_NNNNN");
            }
            Convert convert = null;
            String as = e.as() == null ? "text" : e.as();
            try {
                convert = Convert.valueOf(as.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException x) {
                problems.add(where + "unknown conversion '" + as + "'; known: text, number, integer, date, option, options, list, enum, user-email, user-name");
            }
            if (convert != null && LIST_TARGETS.contains(target) != (convert == Convert.OPTIONS || convert == Convert.LIST)) {
                problems.add(where + (LIST_TARGETS.contains(target) ? "is a list: use 'options' or 'list'" : "is a single value: 'options' and 'list' do not fit"));
            }
            if (convert != null) rules.add(new Rule(target, e.from(), convert));
        });
        if (!problems.isEmpty()) throw new PolicyException(problems);
        return new JiraMapping(rules);
    }

    /** The Jira fields to ask for: the mapped ones and those the intake itself reads. */
    public List<String> jiraFields() {
        // reporter: who raised the ticket is its authenticated submitter, mapped or not
        Set<String> f = new LinkedHashSet<>(List.of("summary", "status", "updated", "reporter"));
        rules.forEach(r -> f.add(r.from()));
        return List.copyOf(f);
    }

    /** The request document of an issue's fields; a value that does not convert is a problem of the ticket. */
    public ObjectNode document(JsonNode fields) {
        ObjectNode doc = F.objectNode();
        List<String> problems = new ArrayList<>();
        for (Rule r : rules) {
            JsonNode v = fields.get(r.from());
            if (v == null || v.isNull()) continue;
            try {
                JsonNode converted = convert(v, r.convert());
                if (converted != null) put(doc, r.target(), converted);
            } catch (RuntimeException e) {
                problems.add(r.from() + " (" + r.target() + "): " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new MalformedIssueException(problems);
        return doc;
    }

    private static JsonNode convert(JsonNode v, Convert c) {
        return switch (c) {
            case TEXT -> textOrNull(Adf.text(scalarOrDoc(v)));
            case NUMBER -> F.numberNode(number(v));
            case INTEGER -> F.numberNode(number(v).intValueExact());
            case DATE -> F.textNode(LocalDate.parse(scalar(v).length() > 10 ? scalar(v).substring(0, 10) : scalar(v)).toString());
            case OPTION -> F.textNode(option(v));
            case OPTIONS -> {
                if (!v.isArray()) throw new IllegalArgumentException("expected a list of options");
                ArrayNode a = F.arrayNode();
                v.forEach(o -> a.add(option(o)));
                yield a;
            }
            case LIST -> {
                ArrayNode a = F.arrayNode();
                if (v.isArray()) v.forEach(x -> a.add(scalar(x)));
                else for (String s : scalar(v).split(",")) if (!s.isBlank()) a.add(s.strip());
                yield a;
            }
            case ENUM -> F.textNode((v.isObject() ? option(v) : scalar(v)).strip().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_"));
            case USER_EMAIL -> textOrNull(user(v, "emailAddress"));
            case USER_NAME -> textOrNull(user(v, "displayName"));
        };
    }

    /**
     * A number as written in the ticket; its range and decimal places are the request parser's to
     * check. Only the length is bounded here: a long digit string is slow to convert.
     */
    private static BigDecimal number(JsonNode v) {
        String s = scalar(v).strip();
        if (s.length() > MAX_NUMBER_LENGTH) {
            throw new IllegalArgumentException("a number of at most " + MAX_NUMBER_LENGTH + " characters was expected, got " + s.length());
        }
        return new BigDecimal(s);
    }

    private static JsonNode scalarOrDoc(JsonNode v) {
        if (v.isTextual() || (v.isObject() && "doc".equals(v.path("type").asText()))) return v;
        throw new IllegalArgumentException("expected text, got " + v.getNodeType());
    }

    private static String scalar(JsonNode v) {
        if (v.isTextual() || v.isNumber() || v.isBoolean()) return v.asText();
        throw new IllegalArgumentException("expected a single value, got " + v.getNodeType());
    }

    private static String option(JsonNode v) {
        if (v.isObject() && v.path("value").isTextual()) return v.get("value").asText();
        if (v.isObject() && v.path("name").isTextual()) return v.get("name").asText();
        throw new IllegalArgumentException("expected an option {\"value\": ...}");
    }

    private static String user(JsonNode v, String field) {
        if (!v.isObject()) throw new IllegalArgumentException("expected a user");
        return v.path(field).isTextual() ? v.get(field).asText() : null;
    }

    private static JsonNode textOrNull(String s) {
        return s == null || s.isBlank() ? null : F.textNode(s);
    }

    private static void put(ObjectNode doc, String target, JsonNode value) {
        String[] path = target.split("\\.");
        ObjectNode at = doc;
        for (int i = 0; i < path.length - 1; i++) at = at.has(path[i]) ? (ObjectNode) at.get(path[i]) : at.putObject(path[i]);
        at.set(path[path.length - 1], value);
    }
}
