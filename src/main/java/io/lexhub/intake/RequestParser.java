package io.lexhub.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.Issue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a request document (JSON or YAML) from untrusted bytes into an {@link ExceptionRequest}.
 * Unreadable input throws {@link MalformedRequestException}; readable input is checked against
 * the request JSON Schema, fields that break it are reported as issues and dropped, and the rest
 * is bound, so one bad field does not lose the others.
 */
public class RequestParser {

    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 100_000;
    /** digits of one number literal; the largest valid value (1000000000000.00) has 16 */
    public static final int MAX_NUMBER_LENGTH = 40;
    public static final int MAX_YAML_ALIASES = 10;

    private static final Set<String> LOWER_CASE = Set.of(
            "customer.contactEmail", "customer.domain", "requester.email", "accountOwner.email", "beneficiaries");
    private static final Set<String> UPPER_CASE = Set.of("type", "currency", "dataSensitivity", "deploymentScale");
    private static final Set<String> MULTI_LINE = Set.of("justification");
    private static final int MAX_ECHO = 60;
    private static final Map<String, String> REQUIRED_HINTS = Map.ofEntries(
            Map.entry("customer", "the customer the exception is for, with its id, name and contactEmail"),
            Map.entry("customer.id", "the customer's account id in the licensing system"),
            Map.entry("customer.name", "the customer's legal or trading name"),
            Map.entry("customer.contactEmail", "the e-mail address the decision should be sent to"),
            Map.entry("requester", "who is asking for the exception, with name and email"),
            Map.entry("requester.name", "your full name"),
            Map.entry("requester.email", "your work e-mail address"),
            Map.entry("accountOwner.name", "the account owner's full name"),
            Map.entry("accountOwner.email", "the account owner's work e-mail address"),
            Map.entry("product", "the licensed product, as named in the price list"),
            Map.entry("type", "the kind of exception, e.g. EXTRA_SEATS, DISCOUNT or FEATURE_UNLOCK"),
            Map.entry("terms", "the requested terms: at least start, and either end or durationDays"),
            Map.entry("terms.start", "the first day the exception applies, as YYYY-MM-DD"),
            Map.entry("justification", "a short explanation of why the exception is needed"),
            Map.entry("revenueImpact", "the annual value at stake in your currency (0 if none)"));

    private final int maxBytes;
    private final JsonFactory jsonFactory;
    private final YAMLFactory yamlFactory;
    private final ObjectMapper mapper;
    private final JsonSchema schema;
    private final NumberBounds numbers;

    public RequestParser(Path schemaPath) {
        this(schemaPath, DEFAULT_MAX_BYTES);
    }

    public RequestParser(Path schemaPath, int maxBytes) {
        this.maxBytes = maxBytes;
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxDocumentLength(maxBytes)
                .build();
        this.jsonFactory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        LoaderOptions yamlLimits = new LoaderOptions();
        yamlLimits.setMaxAliasesForCollections(MAX_YAML_ALIASES);
        yamlLimits.setNestingDepthLimit(MAX_NESTING_DEPTH);
        yamlLimits.setCodePointLimit(maxBytes);
        yamlLimits.setAllowDuplicateKeys(false);
        this.yamlFactory = YAMLFactory.builder()
                .loaderOptions(yamlLimits)
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // YAML 1.1 reads NO (Norway), yes, off... as booleans; only true/false are
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // the schema has already refused unknown fields and removed them
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // money keeps its scale: 180000.00 stays 180000.00
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        JsonNode schemaNode = readSchema(schemaPath);
        this.schema = loadSchema(schemaNode);
        this.numbers = NumberBounds.of(schemaNode);
    }

    private static JsonNode readSchema(Path schemaPath) {
        try {
            // exact bounds: 0.01 must not become a double
            return new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(Files.readAllBytes(schemaPath));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read request schema " + schemaPath, e);
        }
    }

    private static JsonSchema loadSchema(JsonNode schemaNode) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .locale(Locale.ENGLISH)
                .build();
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012()).format(new EmailFormat()).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b.metaSchema(meta))
                .getSchema(schemaNode, config);
    }

    /**
     * The library's e-mail check looks top-level domains up in a fixed list, which refuses
     * reserved ones (.example, .test) and newer ones. This accepts dot-atom addresses at any
     * syntactically valid domain with at least two labels.
     */
    static final class EmailFormat implements Format {
        private static final Pattern EMAIL = Pattern.compile(
                "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                        + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?",
                Pattern.CASE_INSENSITIVE);

        @Override
        public String getName() {
            return "email";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            int at = value.lastIndexOf('@');
            return at > 0 && at <= 64 && value.length() <= 254 && EMAIL.matcher(value).matches();
        }
    }

    /**
     * @param formatHint a file name or content type (.json, .yaml, .yml, application/json,
     *     application/yaml...); anything else, or null, means: look at the content
     */
    public ParsedRequest parse(byte[] content, String formatHint) {
        ObjectNode root = readTree(content, formatHint);
        normalise(root, "");
        // numbers first: the schema validator, the binding and everything after see only bounded ones
        List<Issue> issues = new ArrayList<>(numbers.check(root));
        Set<String> refusedNumbers = new HashSet<>();
        issues.forEach(i -> refusedNumbers.add(i.field()));
        List<List<Object>> invalid = new ArrayList<>();
        for (ValidationMessage m : schema.validate(root)) {
            Issue issue = toIssue(m, invalid);
            // a refused number was removed: "required" would hide why
            if (!refusedNumbers.contains(issue.field())) issues.add(issue);
        }
        removeAll(root, invalid);
        issues = dedupeAndSort(issues);
        try {
            return new ParsedRequest(mapper.treeToValue(root, ExceptionRequest.class), issues);
        } catch (JsonProcessingException e) {
            // cannot happen for a tree that passed the schema; reported rather than thrown raw
            throw new MalformedRequestException("The request could not be read: " + clean(e.getOriginalMessage()));
        }
    }

    // ---------------------------------------------------------------- reading

    private ObjectNode readTree(byte[] content, String formatHint) {
        if (content == null || content.length == 0) {
            throw new MalformedRequestException("The request is empty.");
        }
        if (content.length > maxBytes) {
            throw new MalformedRequestException("The request is " + content.length
                    + " bytes long; the maximum is " + maxBytes + " bytes. Please send a smaller document.");
        }
        String text = decodeUtf8(content);
        if (text.isBlank()) {
            throw new MalformedRequestException("The request is empty.");
        }
        boolean yaml = isYaml(formatHint, text);
        String format = yaml ? "YAML" : "JSON";
        JsonNode root;
        try {
            try (JsonParser p = yaml ? refusingAliases((YAMLParser) yamlFactory.createParser(text)) : jsonFactory.createParser(text)) {
                try {
                    root = mapper.readTree(p);
                } catch (StreamConstraintsException e) {
                    // a number literal too long: say which field; other limits (depth) would only name a long path
                    String where = e.getOriginalMessage().startsWith("Number") ? field(p) : "";
                    throw new MalformedRequestException("The request exceeds a safety limit" + where + ": " + limit(e) + ".");
                }
                if (root != null && p.nextToken() != null) {
                    throw new MalformedRequestException(yaml
                            ? "The request contains more than one YAML document; please send one request per document."
                            : "The request has more content after the closing '}'" + at(p.currentLocation())
                                    + "; please send exactly one JSON object.");
                }
            }
        } catch (StreamConstraintsException e) {
            throw new MalformedRequestException("The request exceeds a safety limit: " + limit(e) + ".");
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException(describe(e, format));
        } catch (IOException e) {
            throw new MalformedRequestException("The request could not be read as " + format + ": " + clean(e.getMessage()));
        } catch (YAMLException e) {
            // SnakeYAML limits (code points, depth) in case Jackson lets one through unwrapped
            throw new MalformedRequestException("The request could not be read as YAML: " + clean(e.getMessage()) + ".");
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedRequestException("The request is empty.");
        }
        if (!root.isObject()) {
            throw new MalformedRequestException("The request must be a single object of named fields (such as"
                    + " \"customer\", \"product\", \"terms\"), but it is " + describeType(root) + ".");
        }
        return (ObjectNode) root;
    }

    /**
     * The limit a document broke, in words. Jackson reports the depth it reached (33), which
     * reads as if the document were 33 deep; it stops there, so all that is known is "deeper".
     */
    private static String limit(StreamConstraintsException e) {
        String msg = e.getOriginalMessage();
        if (msg != null && msg.contains("nesting depth")) {
            return "it is nested deeper than " + MAX_NESTING_DEPTH + " levels (objects and lists inside each other)";
        }
        return clean(msg);
    }

    private static String decodeUtf8(byte[] content) {
        if (content.length >= 2 && ((content[0] == (byte) 0xFE && content[1] == (byte) 0xFF)
                || (content[0] == (byte) 0xFF && content[1] == (byte) 0xFE))) {
            throw new MalformedRequestException("The request is encoded as UTF-16; please send it as UTF-8.");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            throw new MalformedRequestException("The request is not valid UTF-8 text (invalid byte sequence at byte "
                    + (in.position() + 1) + "); please save it as UTF-8.");
        }
        String text = out.flip().toString();
        // a UTF-8 byte-order mark is harmless but neither parser wants it
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static boolean isYaml(String hint, String text) {
        if (hint != null) {
            String h = hint.toLowerCase(Locale.ROOT);
            int semicolon = h.indexOf(';');
            h = (semicolon >= 0 ? h.substring(0, semicolon) : h).trim();
            if (h.endsWith(".json") || h.equals("application/json") || h.equals("text/json") || h.endsWith("+json")) {
                return false;
            }
            if (h.endsWith(".yaml") || h.endsWith(".yml") || h.endsWith("+yaml")
                    || Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml").contains(h)) {
                return true;
            }
        }
        return !text.stripLeading().startsWith("{");
    }

    /**
     * Jackson does not expand YAML aliases: it would bind "*name" as the text "name". A request
     * has no use for them, so any alias is refused (which also rules out alias bombs), as the tree
     * is read: a YAML document is parsed once (a first pass only for aliases cost intake CPU).
     */
    private static JsonParser refusingAliases(YAMLParser yaml) {
        return new JsonParserDelegate(yaml) {
            @Override
            public JsonToken nextToken() throws IOException {
                JsonToken token;
                try {
                    token = delegate.nextToken();
                } catch (JsonParseException e) {
                    // an alias where a key belongs: the parser's own message names a SnakeYAML event class
                    Matcher key = ALIAS_EVENT.matcher(String.valueOf(e.getOriginalMessage()));
                    if (key.find()) throw aliasRefused(key.group(1), e.getLocation());
                    throw e;
                }
                if (yaml.isCurrentAlias()) throw aliasRefused(yaml.getText(), yaml.currentLocation());
                return token;
            }

            // the delegate's own would step past this check
            @Override
            public JsonToken nextValue() throws IOException {
                JsonToken token = nextToken();
                return token == JsonToken.FIELD_NAME ? nextToken() : token;
            }
        };
    }

    private static final Pattern ALIAS_EVENT = Pattern.compile("AliasEvent\\(anchor=([^)]*)\\)");

    private static MalformedRequestException aliasRefused(String name, JsonLocation where) {
        return new MalformedRequestException("The request uses the YAML alias *" + echo(name) + at(where)
                + "; aliases are not supported, please write the value out in full.");
    }

    private static String describe(JsonProcessingException e, String format) {
        if (e.getCause() instanceof MarkedYAMLException y) {
            Mark mark = y.getProblemMark();
            String where = mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
            return "The request is not well-formed YAML" + where + ": " + clean(y.getProblem()) + ".";
        }
        return "The request is not well-formed " + format + at(e.getLocation()) + ": " + clean(e.getOriginalMessage()) + ".";
    }

    /** " at terms.seats": where the parser stood, in the style of Issue.field */
    private static String field(JsonParser p) {
        String pointer = p.getParsingContext().pathAsPointer().toString();
        if (pointer.isEmpty()) return "";
        String path = pointer.substring(1).replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.').replace("~1", "/").replace("~0", "~");
        return " at " + echo(path);
    }

    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** First line of a parser message, without Jackson's source/option hints. */
    private static String clean(String message) {
        if (message == null) return "unknown error";
        String m = message.lines().findFirst().orElse("").strip();
        m = m.replaceAll(",? from `[^`]*`", "");
        int marker = m.indexOf(" (start marker at");
        if (marker > 0) m = m.substring(0, marker);
        m = m.replace("(for Object starting at", "(object starting at");
        while (m.endsWith(".")) m = m.substring(0, m.length() - 1);
        return m;
    }

    private static String describeType(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a piece of text";
            case NUMBER -> "a number";
            case BOOLEAN -> "true/false";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    // ---------------------------------------------------------------- normalising

    /**
     * Trims strings, strips control and bidi-override characters, fixes the case of e-mails,
     * domains and codes, drops null and blank values (so they count as absent, not invalid) and
     * duplicate list entries.
     */
    private static void normalise(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            for (var it = object.fields(); it.hasNext(); ) {
                var field = it.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode value = cleanValue(field.getValue(), childPath);
                if (value == null) it.remove();
                else field.setValue(value);
            }
        } else if (node instanceof ArrayNode array) {
            Set<JsonNode> kept = new LinkedHashSet<>();
            for (JsonNode element : array) {
                JsonNode value = cleanValue(element, path);
                if (value != null) kept.add(value);
            }
            array.removeAll().addAll(kept);
        }
    }

    private static JsonNode cleanValue(JsonNode value, String path) {
        if (value.isNull()) return null;
        if (value.isTextual()) {
            String s = cleanText(value.textValue(), MULTI_LINE.contains(path));
            if (s.isEmpty()) return null;
            if (LOWER_CASE.contains(path)) s = s.toLowerCase(Locale.ROOT);
            if (UPPER_CASE.contains(path)) s = s.toUpperCase(Locale.ROOT);
            return TextNode.valueOf(s);
        }
        normalise(value, path);
        return value;
    }

    static String cleanText(String s, boolean multiLine) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) continue;
            // the implicit marks (LRM, RLM, ALM) also reorder what a one-line name shows; free text keeps them for mixed-direction prose
            if (!multiLine && (c == '\u200E' || c == '\u200F' || c == '\u061C')) continue;
            if (Character.getType(c) == Character.CONTROL) {
                if (multiLine && (c == '\n' || c == '\t')) b.append(c);
                else if (!multiLine && (c == '\n' || c == '\t' || c == '\r')) b.append(' '); // keep words apart
                continue;
            }
            b.append(c);
        }
        return b.toString().strip();
    }

    // ---------------------------------------------------------------- schema issues

    private static Issue toIssue(ValidationMessage m, List<List<Object>> invalid) {
        List<Object> location = elements(m.getInstanceLocation());
        String type = m.getType();
        if ("required".equals(type)) {
            String field = join(location, m.getProperty());
            String hint = REQUIRED_HINTS.get(field);
            return Issue.missing(field, field + " is required; please add " + (hint == null ? "it" : hint) + ".");
        }
        if ("additionalProperties".equals(type)) {
            List<Object> extra = new ArrayList<>(location);
            extra.add(m.getProperty());
            invalid.add(extra);
            String field = join(location, echo(m.getProperty()));
            return Issue.invalid(field, "unknown-field",
                    field + " is not a field of a request; please check its spelling or remove it.");
        }
        invalid.add(location);
        String field = join(location, null);
        return Issue.invalid(field, type, message(field, type, m.getSchemaNode(), m.getInstanceNode(), m.getMessage()));
    }

    private static String message(String field, String type, JsonNode rule, JsonNode value, String fallback) {
        String given = value == null ? "" : value.isTextual() ? " (\"" + echo(value.textValue()) + "\" was given)"
                : value.isValueNode() ? " (" + echo(value.asText()) + " was given)" : "";
        return switch (type) {
            case "type" -> field + " must be " + expected(rule) + ", but it is " + describeType(value) + given + ".";
            case "enum" -> field + " must be one of " + list(rule) + given + ".";
            case "format" -> field + " must be " + formatHint(rule.asText()) + given + ".";
            case "pattern" -> field + (field.equals("currency")
                    ? " must be a three-letter ISO 4217 currency code such as EUR or USD"
                    : " does not have the expected form " + rule.asText()) + given + ".";
            case "minimum" -> field + " must be at least " + rule.asText() + given + ".";
            case "maximum" -> field + " must be at most " + rule.asText() + given + ".";
            case "minLength" -> field + " must not be empty.";
            case "maxLength" -> field + " is too long (" + value.textValue().codePointCount(0, value.textValue().length())
                    + " characters); the maximum is " + rule.asText() + ". Please shorten it.";
            case "maxItems" -> field + " has " + value.size() + " entries; the maximum is " + rule.asText() + ".";
            default -> field + ": " + fallback.replaceFirst("^\\$[^:]*:\\s*", "") + ".";
        };
    }

    private static String expected(JsonNode rule) {
        return switch (rule.asText()) {
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "string" -> "text";
            case "array" -> "a list";
            case "object" -> "a group of named fields";
            case "boolean" -> "true or false";
            default -> rule.asText();
        };
    }

    private static String formatHint(String format) {
        return switch (format) {
            case "email" -> "a valid e-mail address such as jane.doe@example.com";
            case "date" -> "a calendar date written YYYY-MM-DD, such as 2027-03-01";
            case "hostname" -> "a domain name such as example.com";
            case "uri" -> "a full link such as https://example.com/document.pdf";
            default -> "in the " + format + " format";
        };
    }

    private static String list(JsonNode values) {
        List<String> names = new ArrayList<>();
        values.forEach(v -> names.add(v.asText()));
        return String.join(", ", names);
    }

    /** A user-supplied value quoted in a message: cleaned and cut short. */
    private static String echo(String s) {
        String c = cleanText(s == null ? "" : s, false);
        return c.length() <= MAX_ECHO ? c : c.substring(0, MAX_ECHO) + "...";
    }

    private static List<Object> elements(JsonNodePath path) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < path.getNameCount(); i++) out.add(path.getElement(i));
        return out;
    }

    /** Field path in the style of Issue.field: customer.contactEmail, beneficiaries[2]. */
    private static String join(List<Object> location, String last) {
        StringBuilder b = new StringBuilder();
        for (Object e : location) {
            if (e instanceof Integer i) b.append('[').append(i).append(']');
            else b.append(b.length() == 0 ? "" : ".").append(e);
        }
        if (last != null) b.append(b.length() == 0 ? "" : ".").append(last);
        return b.toString();
    }

    /** Removes every invalid node; all are located first so array indexes stay valid. */
    private static void removeAll(ObjectNode root, List<List<Object>> locations) {
        Map<ArrayNode, Set<Integer>> fromArrays = new IdentityHashMap<>();
        List<Runnable> fromObjects = new ArrayList<>();
        for (List<Object> location : locations) {
            if (location.isEmpty()) continue;
            JsonNode parent = root;
            for (Object e : location.subList(0, location.size() - 1)) {
                parent = e instanceof Integer i ? parent.path(i) : parent.path((String) e);
            }
            Object last = location.get(location.size() - 1);
            if (parent instanceof ArrayNode array && last instanceof Integer i) {
                fromArrays.computeIfAbsent(array, a -> new TreeSet<>(Comparator.reverseOrder())).add(i);
            } else if (parent instanceof ObjectNode object && last instanceof String name) {
                fromObjects.add(() -> object.remove(name));
            }
        }
        fromArrays.forEach((array, indexes) -> indexes.forEach(array::remove));
        fromObjects.forEach(Runnable::run);
    }

    /** One issue per field, sorted by field; when a value breaks several rules the most telling is kept. */
    private static List<Issue> dedupeAndSort(List<Issue> issues) {
        Map<String, Issue> unique = new TreeMap<>();
        for (Issue i : issues) unique.merge(i.field(), i, (a, b) -> rank(b) < rank(a) ? b : a);
        return List.copyOf(unique.values());
    }

    private static int rank(Issue i) {
        int r = List.of("missing", "unknown-field", "type", "enum", "pattern", "format").indexOf(i.code());
        return r < 0 ? Integer.MAX_VALUE : r;
    }
}
