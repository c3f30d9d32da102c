package io.lexhub.workspace;

import io.lexhub.model.ExceptionType;
import io.lexhub.model.Track;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The filters of "My decisions" (GET / with a query string): the type of exception, part of the
 * customer's name or id, the tier, the track, how soon it is due, and whose decision it is (mine, or
 * of someone I stand in for). Each value is checked against the list it comes from; the filter
 * is applied to the items the inbox computed, so no value ever reaches SQL.
 */
public record InboxFilter(String type, String customer, String tier, String track, String due, String whose) implements Predicate<Inbox.Item> {

    public static final InboxFilter NONE = new InboxFilter("", "", "", "", "", "");
    /** Business hours ahead that count as "due soon". */
    public static final double SOON_HOURS = 8;
    static final int TEXT_MAX = 200;
    static final Set<String> NAMES = Set.of("type", "customer", "tier", "track", "due", "whose");
    private static final Pattern TIER = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final Set<String> TRACKS = Set.of("fast", "standard");
    private static final Set<String> DUES = Set.of("all", "overdue", "soon");

    /** The filter and, by field, what is wrong with it (empty when it can be applied). */
    public record Checked(InboxFilter filter, Map<String, String> errors) {}

    /**
     * Checks the query's parameters (unknown ones ignored). {@code standIns}: the ids of the people
     * the viewer stands in for today, the only persons "whose" may name besides "mine".
     */
    public static Checked check(Map<String, List<String>> params, Set<String> standIns) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> v = new LinkedHashMap<>();
        for (String name : NAMES) {
            List<String> values = params.getOrDefault(name, List.of());
            if (values.size() > 1) errors.put(name, "Give the " + name + " once");
            v.put(name, values.isEmpty() ? "" : values.get(0).strip());
        }
        InboxFilter f = new InboxFilter(v.get("type"), v.get("customer"), v.get("tier"), v.get("track"), v.get("due"), v.get("whose"));
        if (!f.type.isEmpty() && Arrays.stream(ExceptionType.values()).noneMatch(t -> t.name().equals(f.type))) {
            errors.putIfAbsent("type", "Choose a type of exception from the list");
        }
        if (f.customer.length() > TEXT_MAX || f.customer.contains("\n") || f.customer.contains("\r")) {
            errors.putIfAbsent("customer", "Enter at most " + TEXT_MAX + " characters of the customer's name or id, on one line");
        }
        if (!f.tier.isEmpty() && !TIER.matcher(f.tier).matches()) errors.putIfAbsent("tier", "Choose a tier from the list");
        if (!f.track.isEmpty() && !TRACKS.contains(f.track)) errors.putIfAbsent("track", "Choose fast, standard or any track");
        if (!f.due.isEmpty() && !DUES.contains(f.due)) errors.putIfAbsent("due", "Choose overdue, due within 8 business hours, or all");
        if (!f.whose.isEmpty() && !f.whose.equals("mine") && !standIns.contains(f.whose)) {
            errors.putIfAbsent("whose", "Choose yours, or someone you stand in for today");
        }
        return new Checked(f, errors);
    }

    /** Whether any filter is set (an empty list then says so and offers to clear them). */
    public boolean any() {
        return !(type.isEmpty() && customer.isEmpty() && tier.isEmpty() && track.isEmpty() && (due.isEmpty() || due.equals("all")) && whose.isEmpty());
    }

    @Override
    public boolean test(Inbox.Item i) {
        if (!type.isEmpty() && (i.typeCode() == null || !i.typeCode().name().equals(type))) return false;
        if (!customer.isEmpty() && !(contains(i.customer(), customer) || contains(i.customerId(), customer))) return false;
        if (!tier.isEmpty() && !tier.equals(i.tier())) return false;
        if (!track.isEmpty() && i.track() != Track.valueOf(track.toUpperCase(Locale.ROOT))) return false;
        if (due.equals("overdue") && !i.overdue()) return false;
        if (due.equals("soon") && (i.hoursLeft() == null || i.hoursLeft() < 0 || i.hoursLeft() > SOON_HOURS)) return false;
        if (whose.equals("mine")) return i.onBehalfOf() == null;
        return whose.isEmpty() || i.onBehalfOf() != null && i.onBehalfOf().id().equals(whose);
    }

    /** Any case, any run of spaces as one. */
    private static boolean contains(String text, String part) {
        return text != null && norm(text).contains(norm(part));
    }

    private static String norm(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
