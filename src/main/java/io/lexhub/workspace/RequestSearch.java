package io.lexhub.workspace;

import io.lexhub.model.ExceptionType;
import io.lexhub.model.RequestState;
import io.lexhub.store.RequestSearchStore;
import io.lexhub.store.RequestWords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The workspace's "Requests" page (docs/workspace.md): a search of all requests by state, type,
 * customer, product, tier, channel, received dates and free text, sorted and paged, and its CSV
 * export. A search is its query string (a bookmarkable address): {@link #check} turns the
 * parameters into a typed {@link Query} or says, field by field, what is wrong with them; the
 * rows come from {@link RequestSearchStore}.
 */
public final class RequestSearch {

    /** Matches are counted, and paged, up to this many; past it the page says "more than" and asks for a narrower search. */
    public static final int COUNT_CAP = 10_000;
    /** The CSV export holds at most this many rows. */
    public static final int EXPORT_CAP = 100_000;
    /** The channels a request comes in by (the requests' source). */
    public static final List<String> CHANNELS = List.of("api", "file", "mail", "jira");
    /** The query parameters, in the order the links write them. */
    public static final List<String> PARAMETERS = List.of("q", "state", "type", "customer", "product", "tier", "channel", "from", "to", "sort",
            "order", "page");

    private static final int TEXT_MAX = 200;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIER = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final Pattern PAGE = Pattern.compile("[1-9]\\d{0,5}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** The orders a search may have: the received date (the default, newest first), reference, customer, state. */
    public enum SortKey {
        RECEIVED(RequestSearchStore.Sort.RECEIVED, true, "Received date"),
        REFERENCE(RequestSearchStore.Sort.REFERENCE, false, "Reference"),
        CUSTOMER(RequestSearchStore.Sort.CUSTOMER, false, "Customer"),
        STATE(RequestSearchStore.Sort.STATE, false, "State");

        final RequestSearchStore.Sort sort;
        /** the order a first click on the column gives */
        final boolean descendingFirst;
        private final String label;

        SortKey(RequestSearchStore.Sort sort, boolean descendingFirst, String label) {
            this.sort = sort;
            this.descendingFirst = descendingFirst;
            this.label = label;
        }

        /** The parameter's value: "received", "reference", "customer", "state". */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String label() {
            return label;
        }
    }

    /**
     * A checked search. Null (or "") is "any"; {@code from} and {@code to} are whole days in the hub's
     * zone, both included; {@code page} counts from 1.
     */
    public record Query(String text, RequestState state, ExceptionType type, String customer, String product, String tier, String channel,
            LocalDate from, LocalDate to, SortKey sort, boolean descending, int page) {

        /** Everything, newest first: the page as the navigation opens it. */
        public static final Query ALL = new Query("", null, null, "", "", "", "", null, null, SortKey.RECEIVED, true, 1);

        RequestSearchStore.Criteria criteria(ZoneId zone) {
            Instant fromInstant = from == null ? null : from.atStartOfDay(zone).toInstant();
            Instant before = to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
            return new RequestSearchStore.Criteria(state == null ? null : state.name(), type == null ? null : type.name(), customer, product, tier,
                    channel, fromInstant, before, text);
        }

        /** "newest first", "reference, A to Z"... */
        public String orderText() {
            return switch (sort) {
                case RECEIVED -> descending ? "newest first" : "oldest first";
                case REFERENCE -> descending ? "by reference, last first" : "by reference";
                case CUSTOMER -> descending ? "by customer, Z to A" : "by customer, A to Z";
                case STATE -> descending ? "by state, Z to A" : "by state, A to Z";
            };
        }
    }

    /**
     * The search as typed, every parameter's text (absent ones ""): what the form shows again, and
     * what the links of the page (sort, pages, CSV, a filter taken off) are written from.
     */
    public record Form(Map<String, String> values) {

        public static final Form EMPTY = new Form(Map.of());

        public String get(String name) {
            return values.getOrDefault(name, "");
        }

        public boolean is(String name, String value) {
            return get(name).equalsIgnoreCase(value);
        }

        /** {@code path} with this search's parameters, some replaced ({@code name, value, ...}; "" takes one off). */
        public String href(String path, String... replaced) {
            Map<String, String> v = new LinkedHashMap<>(values);
            for (int i = 0; i < replaced.length; i += 2) v.put(replaced[i], replaced[i + 1]);
            StringBuilder b = new StringBuilder();
            for (String name : PARAMETERS) {
                String value = v.getOrDefault(name, "");
                if (value.isEmpty()) continue;
                b.append(b.length() == 0 ? "?" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            return path + b;
        }

        /** The link of another page of this search. */
        public String page(int page) {
            return href("/requests", "page", page == 1 ? "" : String.valueOf(page));
        }

        /** The CSV of this search (all its pages). */
        public String csv() {
            return href("/requests.csv", "page", "");
        }

        /** The link of a column's header: sorted by it (again: the other way round), from the first page. */
        public String sortBy(Query current, SortKey key) {
            boolean descending = current.sort() == key ? !current.descending() : key.descendingFirst;
            return href("/requests", "sort", key == SortKey.RECEIVED ? "" : key.id(), "order", descending == key.descendingFirst ? "" : descending ? "desc" : "asc",
                    "page", "");
        }
    }

    /** A filter of the search that is on, and the link of the same search without it. */
    public record Filter(String label, String without) {}

    /** What {@link #check} found: the typed query (null when there are errors) and the errors by field id. */
    public record Checked(Form form, Query query, Map<String, String> errors) {}

    /** One request as the page lists it. */
    public record Row(String reference, OffsetDateTime receivedAt, String state, String type, String product, String tier, String channel,
            String customerId, String customerName, boolean practice) {

        /** "pending approval" */
        public String stateText() {
            return state.toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        /** "Discount", or "" when the request names no (known) type. */
        public String typeText() {
            try {
                return type.isEmpty() ? "" : TermsText.type(ExceptionType.valueOf(type));
            } catch (IllegalArgumentException e) {
                return type;
            }
        }
    }

    /**
     * A page of results: its rows, how many match ({@code more}: more than {@code count}, which is
     * then {@link #COUNT_CAP}), which page of how many.
     */
    public record Result(Query query, List<Row> rows, int count, boolean more, int page, int pages, int pageSize) {

        public int first() {
            return rows.isEmpty() ? 0 : (page - 1) * pageSize + 1;
        }

        public int last() {
            return (page - 1) * pageSize + rows.size();
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages;
        }
    }

    /** The page asked for is past the last one. */
    public static final class NoSuchPageException extends RuntimeException {
        private final int pages;

        NoSuchPageException(String message, int pages) {
            super(message, null, false, false);
            this.pages = pages;
        }

        public int pages() {
            return pages;
        }
    }

    /** What an export wrote: the rows, and whether the result had more than {@link #EXPORT_CAP}. */
    public record Export(int rows, boolean cut) {}

    private final RequestSearchStore store;
    private final ZoneId zone;
    private final int pageSize;
    private final String publicUrl;

    public RequestSearch(RequestSearchStore store, ZoneId zone, int pageSize, String publicUrl) {
        if (pageSize < 1 || pageSize > 500) throw new IllegalArgumentException("the page size must be 1 to 500, not " + pageSize);
        this.store = store;
        this.zone = zone;
        this.pageSize = pageSize;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    public int pageSize() {
        return pageSize;
    }

    /**
     * The parameters of a query string, checked. Unknown names are ignored; each known one may come
     * once. Errors are keyed by the id of the form's field, worded as what to do.
     */
    public static Checked check(Map<String, List<String>> params) {
        Map<String, String> typed = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            List<String> v = params.getOrDefault(name, List.of());
            if (v.size() > 1) errors.put(name, "Give the " + name + " once (the address has it " + v.size() + " times)");
            typed.put(name, v.isEmpty() ? "" : v.get(0).strip());
        }
        Form form = new Form(typed);
        String text = words(term(form, "q", "The text", errors), "q", "The text", errors);
        RequestState state = choice(form, "state", RequestState.class, "Choose a state from the list", errors);
        ExceptionType type = choice(form, "type", ExceptionType.class, "Choose a type of exception from the list", errors);
        String customer = words(term(form, "customer", "The customer", errors), "customer", "The customer", errors);
        String product = term(form, "product", "The product", errors);
        String tier = form.get("tier");
        if (!tier.isEmpty() && !TIER.matcher(tier).matches()) errors.putIfAbsent("tier", "Choose a tier from the list");
        String channel = form.get("channel").toLowerCase(Locale.ROOT);
        if (!channel.isEmpty() && !CHANNELS.contains(channel)) errors.putIfAbsent("channel", "Choose a channel from the list");
        LocalDate from = date(form, "from", "from", errors);
        LocalDate to = date(form, "to", "to", errors);
        if (from != null && to != null && to.isBefore(from)) errors.putIfAbsent("to", "The received-to date must be the same as or after the received-from date");
        SortKey sort = choice(form, "sort", SortKey.class, "Choose how to sort from the list", errors);
        String order = form.get("order").toLowerCase(Locale.ROOT);
        if (!order.isEmpty() && !order.equals("asc") && !order.equals("desc")) errors.putIfAbsent("order", "Choose ascending or descending order");
        String page = form.get("page");
        if (!page.isEmpty() && !PAGE.matcher(page).matches()) errors.putIfAbsent("page", "The page must be a whole number from 1");
        if (!errors.isEmpty()) return new Checked(form, null, errors);
        SortKey key = sort == null ? SortKey.RECEIVED : sort;
        boolean descending = order.isEmpty() ? key.descendingFirst : order.equals("desc");
        return new Checked(form, new Query(text, state, type, customer, product, tier, channel, from, to, key, descending,
                page.isEmpty() ? 1 : Integer.parseInt(page)), errors);
    }

    private static String term(Form form, String name, String what, Map<String, String> errors) {
        String v = form.get(name);
        if (v.length() > TEXT_MAX) errors.putIfAbsent(name, what + " must be " + TEXT_MAX + " characters or fewer");
        else if (CONTROL.matcher(v).find()) errors.putIfAbsent(name, what + " must be one line of text");
        return v;
    }

    /** A field searched by its words (store/RequestWords): at most {@link RequestWords#MAX_TERMS} of them. */
    private static String words(String v, String name, String what, Map<String, String> errors) {
        if (!errors.containsKey(name) && RequestWords.terms(v).size() > RequestWords.MAX_TERMS) {
            errors.put(name, what + " must have " + RequestWords.MAX_TERMS + " words or fewer");
        }
        return v;
    }

    private static <E extends Enum<E>> E choice(Form form, String name, Class<E> values, String error, Map<String, String> errors) {
        String v = form.get(name);
        if (v.isEmpty()) return null;
        try {
            return Enum.valueOf(values, v.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            errors.putIfAbsent(name, error);
            return null;
        }
    }

    private static LocalDate date(Form form, String name, String what, Map<String, String> errors) {
        String v = form.get(name);
        if (v.isEmpty()) return null;
        try {
            if (DATE.matcher(v).matches()) return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            // below
        }
        errors.putIfAbsent(name, "The received-" + what + " date must be a real date, like 2027-03-31");
        return null;
    }

    /** The filters a query has on, each with the link of the same search without it (page 1). */
    public static List<Filter> filters(Form form, Query q) {
        List<Filter> out = new ArrayList<>();
        if (!q.text().isEmpty()) out.add(new Filter("text \u201c" + q.text() + "\u201d", form.href("/requests", "q", "", "page", "")));
        if (q.state() != null) out.add(new Filter("state " + q.state().name().toLowerCase(Locale.ROOT).replace('_', ' '), form.href("/requests", "state", "", "page", "")));
        if (q.type() != null) out.add(new Filter("type " + TermsText.type(q.type()).toLowerCase(Locale.ROOT), form.href("/requests", "type", "", "page", "")));
        if (!q.customer().isEmpty()) out.add(new Filter("customer \u201c" + q.customer() + "\u201d", form.href("/requests", "customer", "", "page", "")));
        if (!q.product().isEmpty()) out.add(new Filter("product \u201c" + q.product() + "\u201d", form.href("/requests", "product", "", "page", "")));
        if (!q.tier().isEmpty()) out.add(new Filter("tier " + q.tier(), form.href("/requests", "tier", "", "page", "")));
        if (!q.channel().isEmpty()) out.add(new Filter("channel " + q.channel(), form.href("/requests", "channel", "", "page", "")));
        if (q.from() != null) out.add(new Filter("received from " + Times.date(q.from()), form.href("/requests", "from", "", "page", "")));
        if (q.to() != null) out.add(new Filter("received to " + Times.date(q.to()), form.href("/requests", "to", "", "page", "")));
        return out;
    }

    /**
     * The query's page: its rows and the count. A page past the last one (or past the first
     * {@link #COUNT_CAP} matches) is refused with {@link NoSuchPageException}; a search that runs past
     * its time limit with {@link RequestSearchStore.TooSlowException}.
     */
    public Result search(Query q) {
        long offset = (long) (q.page() - 1) * pageSize;
        int cappedPages = (COUNT_CAP + pageSize - 1) / pageSize;
        if (offset >= COUNT_CAP) {
            throw new NoSuchPageException("Only the first " + String.format(Locale.ROOT, "%,d", COUNT_CAP) + " matches are paged ("
                    + cappedPages + " pages): narrow the search, or download them all as CSV", cappedPages);
        }
        RequestSearchStore.Page p = store.page(q.criteria(zone), q.sort().sort, q.descending(), (int) offset, pageSize, COUNT_CAP);
        int pages = Math.max(1, (p.count() + pageSize - 1) / pageSize);
        if (q.page() > pages) {
            throw new NoSuchPageException("There is no page " + q.page() + ": this search has " + pages + (pages == 1 ? " page" : " pages"), pages);
        }
        List<Row> rows = p.rows().stream().map(r -> new Row(r.reference(), r.receivedAt(), r.state(), r.type(), r.product(), r.tier(), r.source(),
                r.customerId(), r.customerName(), r.practice())).toList();
        return new Result(q, rows, p.count(), p.countCapped(), q.page(), pages, pageSize);
    }

    /** The CSV's columns. */
    static final List<String> CSV_COLUMNS = List.of("Reference", "Received (UTC)", "State", "Type", "Customer id", "Customer name", "Product", "Tier",
            "Channel", "Start", "End", "Track", "Risk level", "Risk score", "Updated (UTC)", "Page");

    /**
     * Every match of the query (all pages, in its order, at most {@link #EXPORT_CAP}) as CSV (RFC 4180:
     * a header row, CRLF line ends, fields quoted where needed), written as the rows arrive.
     */
    public Export export(Query q, Writer out) {
        try {
            out.write(Csv.line(CSV_COLUMNS));
            int n = store.export(q.criteria(zone), q.sort().sort, q.descending(), EXPORT_CAP, e -> {
                RequestSearchStore.Row r = e.row();
                try {
                    out.write(Csv.line(Arrays.asList(r.reference(), r.receivedAt().toInstant().toString(), r.state(), r.type(), r.customerId(),
                            r.customerName(), r.product(), r.tier(), r.source(), e.start() == null ? "" : e.start().toString(),
                            e.end() == null ? "" : e.end().toString(), e.track(), e.riskLevel(), e.riskScore() == null ? "" : e.riskScore().toPlainString(),
                            e.updatedAt() == null ? "" : e.updatedAt().toInstant().toString(), publicUrl + "/requests/" + r.reference())));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
            out.flush();
            return new Export(Math.min(n, EXPORT_CAP), n > EXPORT_CAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CSV as RFC 4180 writes it, with cells a spreadsheet would take for a formula defused. */
    public static final class Csv {
        private Csv() {}

        /** One record: the cells joined by commas, ended by CRLF. */
        public static String line(List<String> cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) b.append(',');
                b.append(cell(cells.get(i)));
            }
            return b.append("\r\n").toString();
        }

        /**
         * One cell: a text that starts with = + - @, a tab or a carriage return gets a leading
         * apostrophe (a spreadsheet would otherwise run it as a formula: CSV injection); then a cell
         * holding a comma, a double quote, CR or LF is quoted, its quotes doubled. Null is empty.
         */
        public static String cell(String value) {
            if (value == null || value.isEmpty()) return "";
            String v = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
            if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) return v;
            return '"' + v.replace("\"", "\"\"") + '"';
        }
    }
}
