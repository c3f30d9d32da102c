package io.lexhub.policy;

import io.lexhub.policy.Policy.Condition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates and renders policy conditions. Numbers compare as BigDecimal, text compares
 * case-insensitively, and any test on a missing (null) fact is false: a rule never fires, and a
 * tier bound never holds, on data the request does not have.
 */
public final class Conditions {

    public static final Set<String> OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "notIn", "contains");

    private Conditions() {}

    public static boolean holds(Condition c, Map<String, ?> facts) {
        if (c.all() != null) return c.all().stream().allMatch(x -> holds(x, facts));
        if (c.any() != null) return c.any().stream().anyMatch(x -> holds(x, facts));
        Object fact = facts.get(c.field());
        if (fact == null) return false;
        Object v = c.value();
        return switch (c.op()) {
            case "eq" -> same(fact, v);
            case "ne" -> !same(fact, v);
            case "gt", "gte", "lt", "lte" -> ordered(c.op(), fact, v);
            case "in" -> values(v).stream().anyMatch(x -> same(fact, x));
            case "notIn" -> values(v).stream().noneMatch(x -> same(fact, x));
            case "contains" -> contains(fact, values(v));
            default -> throw new IllegalArgumentException("unknown op '" + c.op() + "'");
        };
    }

    /** "discountPercent > 20", "type = DISCOUNT and regions contains any of [CU, IR]". */
    public static String render(Condition c) {
        if (c.all() != null) return join(c.all(), " and ");
        if (c.any() != null) return join(c.any(), " or ");
        String f = c.field();
        Object v = c.value();
        return switch (c.op()) {
            case "eq" -> f + " = " + text(v);
            case "ne" -> f + " != " + text(v);
            case "gt" -> f + " > " + text(v);
            case "gte" -> f + " >= " + text(v);
            case "lt" -> f + " < " + text(v);
            case "lte" -> f + " <= " + text(v);
            case "in" -> f + " in " + text(v);
            case "notIn" -> f + " not in " + text(v);
            case "contains" -> f + (v instanceof List<?> ? " contains any of " : " contains ") + text(v);
            default -> f + " " + c.op() + " " + text(v);
        };
    }

    /** The fields a condition tests, in order of appearance, without repeats. */
    public static List<String> fields(Condition c) {
        Set<String> out = new LinkedHashSet<>();
        collect(c, out);
        return List.copyOf(out);
    }

    /** "field=value, ..." for every field the condition tests. */
    public static String describeFacts(Condition c, Map<String, ?> facts) {
        return fields(c).stream().map(f -> f + "=" + text(facts.get(f))).collect(Collectors.joining(", "));
    }

    /** The value of the only field tested, or "field=value, ..." when there are several. */
    public static String inputText(Condition c, Map<String, ?> facts) {
        List<String> fs = fields(c);
        return fs.size() == 1 ? text(facts.get(fs.get(0))) : describeFacts(c, facts);
    }

    /** Plain text of a fact or policy value: numbers without trailing zeros, lists as [a, b]. */
    public static String text(Object v) {
        if (v == null) return "none";
        BigDecimal n = number(v);
        if (n != null) return n.stripTrailingZeros().toPlainString();
        if (v instanceof Collection<?> c) return c.stream().map(Conditions::text).collect(Collectors.joining(", ", "[", "]"));
        return v.toString();
    }

    /** A number as BigDecimal, or null when v is not a number. */
    public static BigDecimal number(Object v) {
        if (v instanceof BigDecimal b) return b;
        if (v instanceof Number n) return new BigDecimal(n.toString());
        return null;
    }

    private static String join(List<Condition> parts, String sep) {
        List<String> out = new ArrayList<>();
        for (Condition p : parts) {
            boolean composite = p.all() != null || p.any() != null;
            out.add(composite ? "(" + render(p) + ")" : render(p));
        }
        return String.join(sep, out);
    }

    private static void collect(Condition c, Set<String> out) {
        if (c.all() != null) c.all().forEach(x -> collect(x, out));
        else if (c.any() != null) c.any().forEach(x -> collect(x, out));
        else out.add(c.field());
    }

    private static boolean same(Object a, Object b) {
        BigDecimal x = number(a), y = number(b);
        if (x != null && y != null) return x.compareTo(y) == 0;
        if (a instanceof Collection<?> || b instanceof Collection<?> || b == null) return false;
        return a.toString().equalsIgnoreCase(b.toString());
    }

    private static boolean ordered(String op, Object a, Object b) {
        BigDecimal x = number(a), y = number(b);
        if (x == null || y == null) return false;
        int cmp = x.compareTo(y);
        return switch (op) {
            case "gt" -> cmp > 0;
            case "gte" -> cmp >= 0;
            case "lt" -> cmp < 0;
            default -> cmp <= 0;
        };
    }

    private static boolean contains(Object fact, List<?> wanted) {
        if (fact instanceof Collection<?> items) {
            return items.stream().anyMatch(i -> wanted.stream().anyMatch(w -> same(i, w)));
        }
        String s = fact.toString().toLowerCase();
        return wanted.stream().anyMatch(w -> w != null && s.contains(w.toString().toLowerCase()));
    }

    private static List<?> values(Object v) {
        return v instanceof List<?> l ? l : Collections.singletonList(v);
    }
}
