package io.lexhub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lexhub.model.Issue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Range and decimal places of every number in a request, read from the request schema itself
 * (minimum, maximum, multipleOf a power of ten, or integer) so the parser and the published schema
 * never disagree. Numbers are checked before anything else looks at them: a value such as
 * 1e-400000 is nine characters long but renders as 400,000 digits, so nothing may do arithmetic on
 * it or print it in plain notation first. Only a value's scale, precision and comparisons of
 * adjusted exponents are used here, which cost the same whatever the exponent.
 */
final class NumberBounds {

    /** Any number elsewhere in a document (where the schema wants text, or an unknown field) must stay within these. */
    static final int MAX_DIGITS = 40;
    static final int MAX_EXPONENT = 40;

    record Bound(String field, BigDecimal min, BigDecimal max, int decimals) {

        String describe() {
            String range = " from " + min.toPlainString() + " to " + max.toPlainString();
            return decimals == 0 ? "a whole number" + range
                    : "a number" + range + " with at most " + decimals + " decimal place" + (decimals == 1 ? "" : "s");
        }

        /** Which rule the value breaks, as the schema names it (minimum, maximum, multipleOf), or null when it keeps them all. */
        String broken(BigDecimal v) {
            // compareTo looks at the exponents first: cheap whatever their size
            if (v.compareTo(min) < 0) return "minimum";
            if (v.compareTo(max) > 0) return "maximum";
            // in range, so at most MAX_NUMBER_LENGTH digits to strip
            if (v.scale() > decimals && v.stripTrailingZeros().scale() > decimals) return "multipleOf";
            return null;
        }

        /** A value that keeps the bound in plain form: 1e3 becomes 1000, 12.500 becomes 12.50. */
        BigDecimal canonical(BigDecimal v) {
            return v.setScale(Math.max(0, Math.min(v.scale(), decimals)));
        }
    }

    private final Map<String, Bound> bounds;

    private NumberBounds(Map<String, Bound> bounds) {
        this.bounds = Map.copyOf(bounds);
    }

    /** @throws IllegalStateException when a number of the schema lacks a bound: every number a sender gives is bounded */
    static NumberBounds of(JsonNode schema) {
        Map<String, Bound> out = new LinkedHashMap<>();
        collect(schema, "", out);
        return new NumberBounds(out);
    }

    Map<String, Bound> bounds() {
        return bounds;
    }

    private static void collect(JsonNode node, String path, Map<String, Bound> out) {
        String type = node.path("type").asText();
        if (type.equals("integer") || type.equals("number")) {
            if (!node.path("minimum").isNumber() || !node.path("maximum").isNumber()) {
                throw new IllegalStateException("request schema: " + path + " needs a minimum and a maximum");
            }
            int decimals = 0;
            if (type.equals("number")) {
                BigDecimal step = node.path("multipleOf").isNumber() ? new BigDecimal(node.path("multipleOf").asText()).stripTrailingZeros() : null;
                if (step == null || !step.unscaledValue().equals(BigInteger.ONE) || step.scale() < 0) {
                    throw new IllegalStateException("request schema: " + path + " needs a multipleOf such as 0.01 (its decimal places)");
                }
                decimals = step.scale();
            }
            out.put(path, new Bound(path, new BigDecimal(node.path("minimum").asText()), new BigDecimal(node.path("maximum").asText()), decimals));
        }
        node.path("properties").fields().forEachRemaining(e -> collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
    }

    /** Reports and removes every number that breaks its bound, and writes the others in canonical form. */
    List<Issue> check(ObjectNode root) {
        List<Issue> issues = new ArrayList<>();
        walk(root, "", issues);
        return issues;
    }

    private void walk(JsonNode node, String path, List<Issue> issues) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = path.isEmpty() ? name : path + "." + name;
                JsonNode value = object.get(name);
                if (!value.isNumber()) {
                    walk(value, child, issues);
                    continue;
                }
                JsonNode fixed = fix(value, child, bounds.get(child), issues);
                if (fixed == null) object.remove(name);
                else object.set(name, fixed);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode value = array.get(i);
                String child = path + "[" + i + "]";
                if (!value.isNumber()) walk(value, child, issues);
                else if (fix(value, child, null, issues) == null) array.remove(i);
            }
        }
    }

    /** The number to keep (canonical where a bound applies), or null after reporting why it is refused. */
    private static JsonNode fix(JsonNode value, String field, Bound bound, List<Issue> issues) {
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            issues.add(Issue.invalid(field, "type", field + " must be " + (bound == null ? "a finite number" : bound.describe())
                    + ", but it is " + value.asText() + "."));
            return null;
        }
        BigDecimal v = value.decimalValue();
        if (bound == null) {
            // not a number field: the schema reports its type; it must only be harmless to look at
            if (v.precision() <= MAX_DIGITS && Math.abs((long) v.precision() - v.scale()) <= MAX_EXPONENT && v.scale() <= MAX_EXPONENT) return value;
            issues.add(Issue.invalid(field, "number-limit", field + " holds a number too large or too precise to be read (" + given(v) + " was given)."));
            return null;
        }
        String broken = bound.broken(v);
        if (broken != null) {
            issues.add(Issue.invalid(field, broken, field + " must be " + bound.describe() + " (" + given(v) + " was given)."));
            return null;
        }
        BigDecimal canonical = bound.canonical(v);
        return bound.decimals() == 0 ? LongNode.valueOf(canonical.longValueExact()) : DecimalNode.valueOf(canonical);
    }

    /** The value as the sender could have written it: scientific notation when the exponent is large, cut short. */
    private static String given(BigDecimal v) {
        String s = v.toString();
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
