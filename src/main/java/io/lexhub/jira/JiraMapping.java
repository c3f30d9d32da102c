package io.lexhub.jira;

import io.lexhub.policy.YamlFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.intake.RequestParser;
import io.lexhub.jira.text.AdfText;
import io.lexhub.jira.text.RichText;
import io.lexhub.jira.text.WikiMarkup;
import io.lexhub.policy.PolicyException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * <p>
 * Rich text: Cloud sends it as an ADF document, recognisable as such, and any field holding one
 * is converted. Server sends wiki markup as a plain string that cannot be told from plain text, so
 * only the fields that are rich text on every Server (description, environment) and those mapped
 * {@code as: rich-text} are read as wiki markup; a single-line custom field ("ACME_EU_1") is taken
 * as written.
 */
public final class JiraMapping {

    /** the request parser reads no longer number either */
    static final int MAX_NUMBER_LENGTH = RequestParser.MAX_NUMBER_LENGTH;

    /** How a Jira value becomes a request value. */
    public enum Convert {
        /** a string, or the plain text of rich text (an ADF document; on Server description and environment) */
        TEXT,
        /** a multi-line custom field with the wiki renderer on Server; the same as text on Cloud */
        RICH_TEXT,
        /** the web links of rich text or of a string: link targets, smart links, addresses written out; in order, each once */
        LINKS,
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
        /** a user field's emailAddress, or where Jira hides it the address {@link JiraUsers} knows for the account */
        USER_EMAIL,
        /** a user field's displayName */
        USER_NAME
    }

    /** {@code or}: a field the ticket's author can fill when {@code from} gives nothing (null: none). */
    public record Rule(String target, String from, Convert convert, String or) {

        public Rule(String target, String from, Convert convert) {
            this(target, from, convert, null);
        }

        /** The field the author is asked to fill when the value is missing. */
        String askFor() {
            return or != null ? or : from;
        }

        /** How the {@code or} field is read: a user field's alternative is typed in as text. */
        Convert orConvert() {
            return convert == Convert.USER_EMAIL || convert == Convert.USER_NAME ? Convert.TEXT : convert;
        }
    }

    record Entry(String from, String as, String or) {}

    record File(Map<String, Entry> fields) {}

    static final Set<String> TARGETS = Set.of("clientRequestId", "customer.id", "customer.name", "customer.contactEmail", "customer.domain",
            "requester.name", "requester.email", "accountOwner.name", "accountOwner.email", "beneficiaries", "product", "edition", "type",
            "terms.seats", "terms.discountPercent", "terms.start", "terms.end", "terms.durationDays", "terms.regions", "terms.features",
            "terms.deployment", "justification", "revenueImpact", "currency", "dataSensitivity", "deploymentScale", "evidence");
    static final Set<String> LIST_TARGETS = Set.of("beneficiaries", "terms.regions", "terms.features", "evidence");
    /** System fields that are wiki markup on Server (and ADF on Cloud). */
    static final Set<String> RICH_FIELDS = Set.of("description", "environment");
    static final Set<String> SYSTEM_FIELDS = Set.of("summary", "description", "environment", "reporter", "assignee", "creator", "labels",
            "components", "duedate", "priority", "issuetype", "project", "fixVersions", "versions");
    private static final Pattern CUSTOM_FIELD = Pattern.compile("customfield_\\d{1,10}");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String CONVERSIONS = "text, rich-text, links, number, integer, date, option, options, list, enum, user-email, user-name";

    private final List<Rule> rules;

    public JiraMapping(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public static JiraMapping load(Path file) {
        String name = file.getFileName().toString();
        File parsed = YamlFiles.read(file, File.class);
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
            if (e.or() != null && !SYSTEM_FIELDS.contains(e.or()) && !CUSTOM_FIELD.matcher(e.or()).matches()) {
                problems.add(where + "'or: " + e.or() + "' is neither a known system field nor customfield_NNNNN");
            }
            if (e.or() != null && e.or().equals(e.from())) problems.add(where + "'or' names the same field as 'from'");
            Convert convert = null;
            String as = e.as() == null ? "text" : e.as();
            try {
                convert = Convert.valueOf(as.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException x) {
                problems.add(where + "unknown conversion '" + as + "'; known: " + CONVERSIONS);
            }
            boolean listConversion = convert == Convert.OPTIONS || convert == Convert.LIST || convert == Convert.LINKS;
            if (convert != null && LIST_TARGETS.contains(target) != listConversion) {
                problems.add(where + (LIST_TARGETS.contains(target) ? "is a list: use 'options', 'list' or 'links'" : "is a single value: 'options', 'list' and 'links' do not fit"));
            }
            if (convert != null) rules.add(new Rule(target, e.from(), convert, e.or()));
        });
        if (!problems.isEmpty()) throw new PolicyException(problems);
        return new JiraMapping(rules);
    }

    /** The Jira fields to ask for: the mapped ones and those the intake itself reads. */
    public List<String> jiraFields() {
        // reporter: who raised the ticket is its authenticated submitter, mapped or not
        Set<String> f = new LinkedHashSet<>(List.of("summary", "status", "updated", "reporter"));
        rules.forEach(r -> {
            f.add(r.from());
            if (r.or() != null) f.add(r.or());
        });
        return List.copyOf(f);
    }

    /**
     * Where the ticket's author fills each mapped request field, by the Jira field's name
     * ({@code names}: field id -> name, as Jira's search answers with expand=names; the id where
     * Jira gave no name): the {@code or} field where there is one, else the field read.
     */
    public Map<String, String> fieldNames(Map<String, String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Rule r : rules) out.put(r.target(), names.getOrDefault(r.askFor(), r.askFor()));
        return out;
    }

    /**
     * The request document of an issue's fields; a value that does not convert is a problem of the
     * ticket. {@code api} says whether strings of rich text fields are wiki markup (Server).
     */
    public ObjectNode document(JsonNode fields, JiraSettings.Api api, JiraUsers users) {
        ObjectNode doc = F.objectNode();
        List<String> problems = new ArrayList<>();
        for (Rule r : rules) {
            String from = r.from();
            try {
                JsonNode converted = read(fields.get(from), new Reading(r.convert(), wiki(api, from, r.convert()), users));
                if (converted == null && r.or() != null) {
                    from = r.or();
                    converted = read(fields.get(from), new Reading(r.orConvert(), wiki(api, from, r.orConvert()), users));
                }
                if (converted != null) put(doc, r.target(), converted);
            } catch (RuntimeException e) {
                problems.add(from + " (" + r.target() + "): " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new MalformedIssueException(problems);
        return doc;
    }

    /** How one value is read: its conversion, whether a string is wiki markup, where hidden e-mail addresses are found. */
    private record Reading(Convert convert, boolean wiki, JiraUsers users) {}

    /** On Server a string is wiki markup in the rich text system fields, in fields mapped rich-text, and for links. */
    private static boolean wiki(JiraSettings.Api api, String field, Convert c) {
        return api == JiraSettings.Api.SERVER && (RICH_FIELDS.contains(field) || c == Convert.RICH_TEXT || c == Convert.LINKS);
    }

    private static JsonNode read(JsonNode v, Reading how) {
        return v == null || v.isNull() ? null : convert(v, how);
    }

    private static JsonNode convert(JsonNode v, Reading how) {
        return switch (how.convert()) {
            case TEXT, RICH_TEXT -> textOrNull(rich(v, how.wiki()).text());
            case LINKS -> {
                List<String> links = rich(v, how.wiki()).links();
                if (links.isEmpty()) yield null;
                ArrayNode a = F.arrayNode();
                links.forEach(a::add);
                yield a;
            }
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
            case USER_EMAIL -> textOrNull(user(v, "emailAddress") != null ? user(v, "emailAddress") : how.users().email(v).orElse(null));
            case USER_NAME -> textOrNull(user(v, "displayName"));
        };
    }

    /** A text value: an ADF document, wiki markup, or a string as written. */
    private static RichText rich(JsonNode v, boolean wiki) {
        if (v.isObject() && "doc".equals(v.path("type").asText())) return AdfText.read(v);
        if (!v.isTextual()) throw new IllegalArgumentException("expected text, got " + v.getNodeType());
        return wiki ? WikiMarkup.read(v.asText()) : RichText.ofPlain(v.asText());
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
