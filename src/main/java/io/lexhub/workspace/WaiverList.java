package io.lexhub.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.lexhub.model.ExceptionType;
import io.lexhub.model.Terms;
import io.lexhub.model.Json;
import io.lexhub.store.LifecycleStore;
import io.lexhub.store.Tx;
import io.lexhub.store.WaiverListStore;
import io.lexhub.store.WaiverListStore.After;
import io.lexhub.store.WaiverListStore.Row;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The waivers page (docs/workspace.md, "Waivers"): the waivers of one view (active, expiring within
 * 30, 7 or 1 days, ending in a month, expired, revoked, renewed), 50 at a time, each with its
 * request, terms, dates, state and renewal chain; how many each view holds (counted up to
 * {@link #CAP}); and how many active waivers end in each of the next 12 months. Every read is a
 * range of one index (store/WaiverListStore), so the page costs the same with 300,000 waivers.
 */
public final class WaiverList {

    public static final int PAGE = 50;
    /** Counts stop here ("more than 10,000"): a count reads index entries, and never more than this. */
    public static final int CAP = 10_000;

    private static final Pattern REF = Pattern.compile("[A-Z]{2,5}-\\d{4}-\\d{6}");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    /** One of the list's views. */
    public enum View {
        ACTIVE("active", "Active", "ACTIVE", null, false),
        EXPIRING_30("expiring-30", "Ending within 30 days", "ACTIVE", 30, false),
        EXPIRING_7("expiring-7", "Within 7 days", "ACTIVE", 7, false),
        EXPIRING_1("expiring-1", "Within 1 day", "ACTIVE", 1, false),
        EXPIRED("expired", "Expired", "EXPIRED", null, true),
        REVOKED("revoked", "Revoked", "REVOKED", null, true),
        RENEWED("renewed", "Renewed", "RENEWED", null, true);

        public final String id;
        public final String label;
        final String state;
        final Integer days;
        final boolean descending;

        View(String id, String label, String state, Integer days, boolean descending) {
            this.id = id;
            this.label = label;
            this.state = state;
            this.days = days;
            this.descending = descending;
        }

        static Optional<View> of(String id) {
            for (View v : values()) if (v.id.equals(id)) return Optional.of(v);
            return Optional.empty();
        }
    }

    /** What was asked: a view, or a month of active waivers' end dates; where the page continues. */
    public record Query(View view, YearMonth month, After after) {

        /** From the query parameters; anything not understood is the first page of the active waivers. */
        public static Query of(String view, String month, String after) {
            YearMonth m = null;
            if (month != null) {
                try {
                    m = YearMonth.parse(month);
                } catch (DateTimeParseException e) {
                    m = null;
                }
            }
            After a = null;
            if (after != null) {
                int dot = after.indexOf('~');
                if (dot > 0 && REF.matcher(after.substring(dot + 1)).matches()) {
                    try {
                        a = new After(LocalDate.parse(after.substring(0, dot)), after.substring(dot + 1));
                    } catch (DateTimeParseException e) {
                        a = null;
                    }
                }
            }
            return new Query(m != null ? View.ACTIVE : View.of(view == null ? "" : view).orElse(View.ACTIVE), m, a);
        }

        /** The link to this query's first page (with {@code after}: the page after it). */
        String href(After next) {
            String base = month != null ? "/waivers?month=" + month : "/waivers?view=" + view.id;
            return next == null ? base : base + "&after=" + next.end() + "~" + next.ref();
        }
    }

    /** A waiver as a row of the page. */
    public record Item(String reference, String customer, String product, String type, String terms, LocalDate start, LocalDate end,
            String endWords, String state, String stateWords, String renews, List<String> renewedBy, boolean revocable) {}

    /** A view's tab: its link, how many waivers it holds (up to {@link #CAP}), whether it is shown. */
    public record Tab(String label, String href, int count, boolean current) {

        public String countText() {
            return count > CAP ? "more than " + String.format(Locale.ENGLISH, "%,d", CAP) : String.format(Locale.ENGLISH, "%,d", count);
        }
    }

    /** A month of the calendar of end dates. */
    public record Month(String label, String href, int count, boolean current) {

        public String countText() {
            return count > CAP ? "more than " + String.format(Locale.ENGLISH, "%,d", CAP) : String.format(Locale.ENGLISH, "%,d", count);
        }
    }

    /** The page: what it shows (title, the count in its caption), its rows, the next page's link, the tabs and the calendar. */
    public record Page(String title, String caption, List<Item> items, boolean first, String firstHref, String nextHref, List<Tab> tabs,
            List<Month> calendar, LocalDate today) {}

    private final Tx tx;
    private final WaiverListStore store;
    private final LifecycleStore lifecycle;
    private final Clock clock;
    private final ZoneId zone;

    public WaiverList(Tx tx, WaiverListStore store, LifecycleStore lifecycle, Clock clock, ZoneId zone) {
        this.tx = tx;
        this.store = store;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.zone = zone;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** The page for a query; {@code mayRevoke}: the viewer holds a role that may revoke (licensing, audit). */
    public Page page(Query q, boolean mayRevoke) {
        LocalDate today = today();
        return tx.read(c -> {
            LocalDate from = from(q, today);
            LocalDate to = to(q, today);
            List<Row> rows = store.page(c, q.view().state, from, to, q.view().descending, q.after(), PAGE + 1);
            boolean more = rows.size() > PAGE;
            if (more) rows = rows.subList(0, PAGE);
            List<String> refs = rows.stream().map(Row::ref).toList();
            Map<String, String> names = store.customerNames(c, refs);
            Map<String, List<String>> renewals = store.renewals(c, refs);
            List<Item> items = new ArrayList<>();
            for (Row r : rows) items.add(item(r, names.get(r.ref()), renewals.getOrDefault(r.ref(), List.of()), today, mayRevoke));
            // every tab's and month's count from two statements: capped counts by state, and the
            // active waivers ending per day from the first of this month to the calendar's end
            YearMonth thisMonth = YearMonth.from(today);
            Map<String, Integer> byState = store.countsByState(c, java.util.Arrays.stream(View.values()).map(v -> v.state).distinct().toList(), CAP + 1);
            Map<LocalDate, Integer> endingPerDay = store.activeEndingPerDay(c, thisMonth.atDay(1), thisMonth.plusMonths(11).atEndOfMonth());
            List<Tab> tabs = new ArrayList<>();
            int shown = 0;
            for (View v : View.values()) {
                int n = v.days == null ? byState.getOrDefault(v.state, 0) : ending(endingPerDay, today, today.plusDays(v.days));
                boolean current = q.month() == null && v == q.view();
                if (current) shown = n;
                tabs.add(new Tab(v.label, "/waivers?view=" + v.id, n, current));
            }
            List<Month> calendar = new ArrayList<>();
            YearMonth m = thisMonth;
            for (int i = 0; i < 12; i++, m = m.plusMonths(1)) {
                int n = ending(endingPerDay, m.atDay(1), m.atEndOfMonth());
                if (m.equals(q.month())) shown = n;
                calendar.add(new Month(MONTH.format(m), "/waivers?month=" + m, n, m.equals(q.month())));
            }
            String title = q.month() != null ? "Active waivers ending in " + MONTH.format(q.month()) : title(q.view());
            String count = shown > CAP ? "more than " + String.format(Locale.ENGLISH, "%,d", CAP) : String.format(Locale.ENGLISH, "%,d", shown);
            String caption = title + ": " + count + (shown == 1 ? " waiver" : " waivers") + ", " + (q.view().descending ? "the latest end first" : "the nearest end first")
                    + (q.after() == null ? "" : ", continued");
            Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            return new Page(title, caption, items, q.after() == null, q.href(null), more && last != null ? q.href(new After(last.end(), last.ref())) : null,
                    tabs, calendar, today);
        });
    }

    /** The active waivers ending in [from, to], summed from the counts per day. */
    private static int ending(Map<LocalDate, Integer> perDay, LocalDate from, LocalDate to) {
        return perDay.entrySet().stream().filter(e -> !e.getKey().isBefore(from) && !e.getKey().isAfter(to)).mapToInt(Map.Entry::getValue).sum();
    }

    /** The waiver to revoke, as its confirmation restates it; empty when there is none. */
    public Optional<Item> waiver(String ref, boolean mayRevoke) {
        if (ref == null || !REF.matcher(ref).matches()) return Optional.empty();
        LocalDate today = today();
        return tx.read(c -> {
            Optional<LifecycleStore.Waiver> w = lifecycle.waiver(c, ref);
            if (w.isEmpty()) return Optional.<Item>empty();
            LifecycleStore.Waiver x = w.get();
            Row r = new Row(x.ref(), x.state(), x.customerId(), x.product(), x.type(), x.start(), x.end(), x.granted(), x.renewalOf(), null, false);
            return Optional.of(item(r, x.customerName(), store.renewals(c, List.of(ref)).getOrDefault(ref, List.of()), today, mayRevoke));
        });
    }

    private static LocalDate from(Query q, LocalDate today) {
        if (q.month() != null) return q.month().atDay(1);
        return q.view().days == null ? null : today;
    }

    private static LocalDate to(Query q, LocalDate today) {
        if (q.month() != null) return q.month().atEndOfMonth();
        return q.view().days == null ? null : today.plusDays(q.view().days);
    }

    private static String title(View v) {
        return switch (v) {
            case ACTIVE -> "Active waivers";
            case EXPIRING_30, EXPIRING_7, EXPIRING_1 -> "Active waivers ending within " + v.days + (v.days == 1 ? " day" : " days");
            case EXPIRED -> "Expired waivers";
            case REVOKED -> "Revoked waivers";
            case RENEWED -> "Renewed waivers";
        };
    }

    private Item item(Row r, String customer, List<String> renewedBy, LocalDate today, boolean mayRevoke) {
        String words = switch (r.state()) {
            case "ACTIVE" -> r.end().isBefore(today) ? "active, past its end (ends at the next sweep)"
                    : r.awaitingImplementation() ? "active, awaiting implementation" : "active, in effect";
            case "EXPIRED" -> "expired";
            case "REVOKED" -> r.endedAt() == null ? "revoked" : "revoked on " + Times.date(r.endedAt().atZoneSameInstant(zone).toLocalDate());
            case "RENEWED" -> "renewed";
            default -> r.state().toLowerCase(Locale.ROOT);
        };
        return new Item(r.ref(), customer == null ? r.customerId() : customer, r.product(), type(r.type()), terms(r.granted(), r.type()), r.start(),
                r.end(), endWords(r, today), r.state(), words, r.renewalOf(), renewedBy, mayRevoke && "ACTIVE".equals(r.state()));
    }

    /** "ends in 6 days" (active), "ended 3 days ago", "was to end in 21 days" (revoked or renewed before its end). */
    private static String endWords(Row r, LocalDate today) {
        String rel = Times.days(r.end(), today);
        if ("ACTIVE".equals(r.state())) return "ends " + rel;
        return r.end().isBefore(today) ? "ended " + rel : "was to end " + rel;
    }

    private static String type(String type) {
        try {
            return TermsText.type(ExceptionType.valueOf(type));
        } catch (IllegalArgumentException e) {
            return type;
        }
    }

    /** What the waiver grants, in a few words (TermsText), and how many conditions come with it. */
    static String terms(String granted, String type) {
        try {
            JsonNode g = Json.readTree(granted);
            Terms t = Json.MAPPER.treeToValue(g.path("terms"), Terms.class);
            String summary = t == null ? type(type) : TermsText.summary(t, type(type));
            int n = g.path("conditions").size();
            return n == 0 ? summary : summary + ", with " + n + (n == 1 ? " condition" : " conditions");
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return type(type);
        }
    }
}
