package io.lexhub.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.model.Issue;
import io.lexhub.notify.Messages;
import io.lexhub.policy.Policy;
import io.lexhub.policy.PolicyHolder;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portal's ask form (docs/portal.md), built from the policy in force: the exception type first,
 * then only the terms that type needs (the ones it refuses are named, not asked for), the period with
 * defaults (today in the viewer's zone, to the type's longest period or a year, whichever is shorter),
 * the four prompts of the standard justification as separate fields, composed into the request's one
 * justification text. It turns what was typed into the request document the other channels send, and
 * puts the validator's issues beside the fields they concern.
 */
public final class AskForm {

    /** The prompts of the standard justification, in the order they are composed. */
    public static final List<String> PARTS = List.of("enables", "whom", "howLong", "without");
    /** The terms a type may need, in the form's order. */
    static final List<String> TERMS = List.of("seats", "discountPercent", "regions", "features", "deployment");
    /** Every field the form posts (files aside). */
    public static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>(List.of("type", "product", "edition", "start", "end", "revenueImpact", "currency", "dataSensitivity", "name",
                "clientRequestId", "renews"));
        TERMS.forEach(t -> names.add("term-" + t));
        PARTS.forEach(p -> names.add("why-" + p));
        NAMES = List.copyOf(names);
    }

    private static final List<String> SENSITIVITIES = List.of("NONE", "INTERNAL", "CONFIDENTIAL", "REGULATED");

    /** One field: its name (also its id), label, hint, kind (text, number, date, textarea, select), value and problem. */
    public record Field(String name, String label, String hint, String kind, String value, String error, Map<String, String> choices) {
        public String describedBy() {
            String ids = (hint == null ? "" : name + "-hint ") + (error == null ? "" : name + "-error");
            return ids.isBlank() ? null : ids.strip();
        }

        public String invalid() {
            return error == null ? null : "true";
        }
    }

    /** An exception type to choose: its code, name and description. */
    public record Choice(String code, String label, String description, boolean chosen) {}

    /**
     * The form for one type (null: only the chooser). {@code errors} by field name, in the form's order
     * for the summary; {@code note} a line above the form (the dry run's verdict).
     */
    public record Form(String type, List<Choice> types, List<String> refused, Map<String, Field> fields, List<Field> terms, Map<String, String> errors,
            String note, String renews) {
        public Field f(String name) {
            return fields.get(name);
        }

        public List<Field> why() {
            return PARTS.stream().map(p -> fields.get("why-" + p)).toList();
        }
    }

    private final PolicyHolder policy;
    private final Clock clock;
    private final ZoneId zone;

    public AskForm(PolicyHolder policy, Clock clock, ZoneId zone) {
        this.policy = policy;
        this.clock = clock;
        this.zone = zone;
    }

    /** The type of this code offered by the policy in force, or null. */
    public String type(String code) {
        if (code == null) return null;
        return policy.current().exceptionTypes().keySet().stream().map(Enum::name).filter(code.strip()::equals).findFirst().orElse(null);
    }

    /** The form for {@code type} (null: the chooser alone) with these values (defaults where none) and problems. */
    public Form form(Messages.Text m, String type, Map<String, String> values, Map<String, String> errors, String note) {
        Policy p = policy.current();
        List<Choice> types = new ArrayList<>();
        p.exceptionTypes().keySet().forEach(t -> types.add(new Choice(t.name(), m.t("type." + t.name()), m.t("type." + t.name() + ".description"),
                t.name().equals(type))));
        Map<String, Field> fields = new LinkedHashMap<>();
        List<Field> terms = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Map<String, String> v = new LinkedHashMap<>(values);
        if (type != null) {
            Policy.TypeRule rule = p.exceptionTypes().get(io.lexhub.model.ExceptionType.valueOf(type));
            LocalDate today = LocalDate.now(clock.withZone(zone));
            v.putIfAbsent("start", today.toString());
            v.putIfAbsent("end", today.plusDays(Math.min(365, rule.maxDurationDays()) - 1L).toString());
            v.putIfAbsent("currency", "EUR");
            for (String t : TERMS) {
                if (rule.requiredTerms().contains(t)) {
                    Field f = field(m, "term-" + t, t.equals("seats") || t.equals("discountPercent") ? "number" : "text", v, errors);
                    terms.add(f);
                    fields.put(f.name(), f);
                } else if (rule.forbiddenTerms().contains(t)) {
                    refused.add(m.t("term." + t));
                }
            }
            for (String name : List.of("product", "edition", "start", "end", "revenueImpact", "currency", "name", "clientRequestId")) {
                String kind = switch (name) {
                    case "start", "end" -> "date";
                    case "revenueImpact" -> "number";
                    default -> "text";
                };
                fields.put(name, field(m, name, kind, v, errors));
            }
            Map<String, String> sensitivities = new LinkedHashMap<>();
            SENSITIVITIES.forEach(s -> sensitivities.put(s, m.t("ask.sensitivity." + s)));
            fields.put("dataSensitivity", new Field("dataSensitivity", m.t("ask.dataSensitivity"), m.t("ask.dataSensitivity.hint"), "select",
                    v.getOrDefault("dataSensitivity", ""), errors.get("dataSensitivity"), sensitivities));
            for (String part : PARTS) fields.put("why-" + part, field(m, "why-" + part, "textarea", v, errors));
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        if (errors.containsKey("type")) ordered.put("type", errors.get("type"));
        fields.keySet().forEach(n -> { if (errors.containsKey(n)) ordered.put(n, errors.get(n)); });
        errors.forEach(ordered::putIfAbsent);
        return new Form(type, types, refused, fields, terms, ordered, note, renews(values));
    }

    private static Field field(Messages.Text m, String name, String kind, Map<String, String> v, Map<String, String> errors) {
        String key = "ask." + name;
        String hint = m.messages().has(key + ".hint") ? m.t(key + ".hint") : null;
        return new Field(name, m.t(key), hint, kind, v.getOrDefault(name, ""), errors.get(name), Map.of());
    }

    /** Who asks and for whom, from the session (never from the form). */
    public record Asker(String customerId, String customerName, String email, String fallbackName) {}

    /**
     * The request document of what was typed, in the form's language; a value the form cannot read (not
     * a number, not a date, a prompt left empty) is not put in it but goes into {@code errors}. The
     * validator decides everything else (what the type needs and refuses, limits, overlaps).
     */
    public ObjectNode document(Messages.Text m, String type, Map<String, String> values, Asker asker, Map<String, String> errors) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode d = json.objectNode();
        String name = text(values, "name");
        if (type == null) errors.put("type", m.t("ask.error.type"));
        put(d, "clientRequestId", text(values, "clientRequestId"));
        String renews = renews(values);
        if (renews != null) d.put("renews", renews);
        ObjectNode customer = d.putObject("customer");
        customer.put("id", asker.customerId());
        customer.put("name", asker.customerName() == null ? asker.customerId() : asker.customerName());
        customer.put("contactEmail", asker.email());
        ObjectNode requester = d.putObject("requester");
        requester.put("name", name.isEmpty() ? asker.fallbackName() : name);
        requester.put("email", asker.email());
        if (requester.path("name").asText("").isEmpty()) errors.put("name", m.t("ask.error.required"));
        put(d, "product", text(values, "product"));
        put(d, "edition", text(values, "edition"));
        if (type != null) d.put("type", type);
        ObjectNode terms = d.putObject("terms");
        for (String t : TERMS) {
            String value = text(values, "term-" + t);
            if (value.isEmpty()) continue;
            switch (t) {
                case "seats" -> {
                    if (value.matches("\\d{1,9}")) terms.put(t, Long.parseLong(value));
                    else errors.put("term-" + t, m.t("ask.error.whole"));
                }
                case "discountPercent" -> number(value, "term-" + t, m, errors).ifPresent(n -> terms.put(t, n));
                case "regions", "features" -> {
                    ArrayNode list = terms.putArray(t);
                    for (String item : value.split(",")) if (!item.isBlank()) list.add(item.strip());
                }
                default -> terms.put(t, value);
            }
        }
        for (String edge : List.of("start", "end")) {
            String value = text(values, edge);
            if (value.isEmpty()) {
                if (edge.equals("start")) errors.put(edge, m.t("ask.error.required"));
                continue;
            }
            try {
                terms.put(edge, LocalDate.parse(value).toString());
            } catch (DateTimeParseException e) {
                errors.put(edge, m.t("ask.error.date"));
            }
        }
        StringBuilder why = new StringBuilder();
        for (String part : PARTS) {
            String value = text(values, "why-" + part);
            if (value.isEmpty()) {
                errors.put("why-" + part, m.t("ask.error.part", m.t("ask.why-" + part)));
                continue;
            }
            if (why.length() > 0) why.append("\n\n");
            why.append(m.t("ask.why-" + part)).append('\n').append(value);
        }
        if (why.length() > 0) d.put("justification", why.toString());
        String revenue = text(values, "revenueImpact");
        if (revenue.isEmpty()) errors.put("revenueImpact", m.t("ask.error.required"));
        else number(revenue, "revenueImpact", m, errors).ifPresent(n -> d.put("revenueImpact", n));
        put(d, "currency", text(values, "currency").toUpperCase(java.util.Locale.ROOT));
        String sensitivity = text(values, "dataSensitivity");
        if (SENSITIVITIES.contains(sensitivity)) d.put("dataSensitivity", sensitivity);
        else if (!sensitivity.isEmpty()) errors.put("dataSensitivity", m.t("ask.error.choice"));
        d.put("language", m.language());
        return d;
    }

    /**
     * The field an issue of the validator belongs beside (one the form does not show goes beside the
     * type), and its text in the viewer's language (English: the validator's own words).
     */
    public static String fieldOf(Issue i, Form form) {
        String f = i.field() == null ? "" : i.field();
        String name = switch (f) {
            case "product", "edition", "revenueImpact", "currency", "dataSensitivity", "clientRequestId" -> f;
            case "terms.start", "backdateReason" -> "start";
            case "terms.end", "terms.durationDays", "terms" -> "end";
            case "justification" -> "why-enables";
            case "requester.name", "requester.email", "requester" -> "name";
            default -> f.startsWith("terms.") ? "term-" + f.substring(6) : "type";
        };
        return form.fields().containsKey(name) ? name : "type";
    }

    public static String text(Issue i, Messages.Text m) {
        if (m.language().equals("en") || !m.messages().has("issue." + i.code())) return i.message();
        String field = i.field() == null ? "" : i.field();
        return m.t("issue." + i.code()) + (field.isEmpty() ? "" : " (" + field + ")");
    }

    private static java.util.Optional<BigDecimal> number(String value, String field, Messages.Text m, Map<String, String> errors) {
        String v = value.replace(" ", "").replace("%", "");
        if (v.matches("\\d{1,13}([.,]\\d{1,2})?")) return java.util.Optional.of(new BigDecimal(v.replace(',', '.')));
        errors.put(field, m.t("ask.error.number"));
        return java.util.Optional.empty();
    }

    /** The waiver a renewal continues (a hidden field, from the "Renew" link); null when none or not a reference. */
    private static String renews(Map<String, String> values) {
        String v = text(values, "renews");
        return v.matches("EXC-\\d{4}-\\d{6,}") ? v : null;
    }

    private static void put(ObjectNode d, String name, String value) {
        if (!value.isEmpty()) d.put(name, value);
    }

    private static String text(Map<String, String> values, String name) {
        String v = values.get(name);
        if (v == null) return "";
        v = v.strip();
        return v.length() > 5000 ? v.substring(0, 5000) : v;
    }
}
