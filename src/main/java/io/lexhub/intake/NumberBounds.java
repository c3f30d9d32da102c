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
 * adjusted exponents are used here, which cost the same whatever the exponent. A number too long
 * to write out refuses the document (a safety limit); one that is merely out of range or too
 * precise is an issue of its field, like any other invalid value.
 */
final class NumberBounds {

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

    /**
     * Reports and removes every number that breaks its bound, and writes the others in plain form.
     *
     * @throws MalformedRequestException when a number written out in full would be longer than
     *     {@link RequestParser#MAX_NUMBER_LENGTH} digits (1e-400000): a safety limit, like an
     *     overlong literal, so the document is refused as a whole and each such number is named
     */
    List<Issue> check(ObjectNode root) {
        List<Issue> issues = new ArrayList<>();
        List<String> unsafe = new ArrayList<>();
        walk(root, "", issues, unsafe);
        if (!unsafe.isEmpty()) throw new MalformedRequestException(unsafe);
        return issues;
    }

    private void walk(JsonNode node, String path, List<Issue> issues, List<String> unsafe) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = path.isEmpty() ? name : path + "." + name;
                JsonNode value = object.get(name);
                if (!value.isNumber()) {
                    walk(value, child, issues, unsafe);
                    continue;
                }
                JsonNode fixed = fix(value, child, bounds.get(child), issues, unsafe);
                if (fixed == null) object.remove(name);
                else object.set(name, fixed);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode value = array.get(i);
                String child = path + "[" + i + "]";
                if (!value.isNumber()) walk(value, child, issues, unsafe);
                else if (fix(value, child, null, issues, unsafe) == null) array.remove(i);
            }
        }
    }

    /** The number to keep (in plain form where a bound applies), or null after reporting why it is refused. */
    private static JsonNode fix(JsonNode value, String field, Bound bound, List<Issue> issues, List<String> unsafe) {
        String rule = bound == null ? "" : field + " must be " + bound.describe() + "; ";
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            unsafe.add(rule + field + " is " + value.asText() + ", which is not a number.");
            return null;
        }
        BigDecimal v = value.decimalValue();
        long digits = plainDigits(v);
        if (digits > RequestParser.MAX_NUMBER_LENGTH) {
            unsafe.add(rule + field + " is " + given(v) + ", which written out has " + digits + " digits; no number of a request may have more than "
                    + RequestParser.MAX_NUMBER_LENGTH + ".");
            return null;
        }
        if (bound == null) return value; // not a number field: the schema reports its type
        String broken = bound.broken(v);
        if (broken != null) {
            issues.add(Issue.invalid(field, broken, field + " must be " + bound.describe() + " (" + given(v) + " was given)."));
            return null;
        }
        BigDecimal canonical = bound.canonical(v);
        return bound.decimals() == 0 ? LongNode.valueOf(canonical.longValueExact()) : DecimalNode.valueOf(canonical);
    }

    /** Digits of v's plain notation (toPlainString without sign and point), from its scale and precision only. */
    static long plainDigits(BigDecimal v) {
        if (v.signum() == 0) return 1;
        long precision = v.precision();
        long scale = v.scale();
        if (scale <= 0) return precision - scale;        // 1E+5: 100000
        if (scale >= precision) return scale + 1;         // 1E-5: 0.00001
        return precision;                                 // 12.345
    }

    /** The value as the sender could have written it: scientific notation when the exponent is large, cut short. */
    private static String given(BigDecimal v) {
        String s = v.toString();
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
