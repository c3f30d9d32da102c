package io.lexhub.store;

import io.lexhub.model.ExceptionRequest;
import io.lexhub.model.RequestState;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The workspace's request search (docs/workspace.md, "Requests"): the table {@code request_search}
 * (V32), one narrow row per request with what the search filters and sorts on, written by
 * {@link RequestStore} in the same transaction as every change of the request row, with its
 * words ({@link RequestWords}, V55). A search never reads the wide {@code requests} rows (their
 * documents and assessments): the indexes and the word index serve it, and what they cannot (a
 * rare channel) scans the narrow rows.
 *
 * <p>Nothing of a caller's reaches the SQL text: values are bound parameters, the sort is one of
 * {@link Sort}'s fixed ORDER BY clauses, and a term without words is a LIKE pattern with its
 * wildcards escaped.
 */
public final class RequestSearchStore {

    /** The orders a search may have; each names its ORDER BY columns (the last makes it total). */
    public enum Sort {
        RECEIVED("received_at", "reference"),
        REFERENCE("reference"),
        CUSTOMER("customer_text", "reference"),
        STATE("state", "received_at", "reference");

        private final String[] columns;

        Sort(String... columns) {
            this.columns = columns;
        }

        /** The ORDER BY list, each column prefixed with {@code alias} ("" or "s."). */
        String orderBy(String alias, boolean descending) {
            String dir = descending ? " DESC" : "";
            StringBuilder b = new StringBuilder();
            for (String column : columns) b.append(b.length() == 0 ? "" : ", ").append(alias).append(column).append(dir);
            return b.toString();
        }
    }

    /**
     * What a search filters on; null (or blank) is "any". {@code customer} and {@code text} are
     * words, each the beginning of a word of the request ({@link RequestWords}; a term without a
     * letter or digit is looked for as it is); the others match exactly. Received times are a half-open range [from, before).
     */
    public record Criteria(String state, String type, String customer, String product, String tier, String source, Instant receivedFrom,
            Instant receivedBefore, String text) {}

    /** One request as the search lists it; absent texts are "". */
    public record Row(String reference, OffsetDateTime receivedAt, String state, String type, String product, String tier, String source,
            String customerId, String customerName, boolean practice) {}

    /** A row of the export: the listed columns and a few of the request's own (null when the request has none). */
    public record ExportRow(Row row, LocalDate start, LocalDate end, String track, String riskLevel, BigDecimal riskScore, OffsetDateTime updatedAt) {}

    /** A page of a search: its rows and how many match, counted up to a cap ({@code countCapped}: more than {@code count}). */
    public record Page(List<Row> rows, int count, boolean countCapped) {}

    /** A search stopped by its time limit (the statement's query timeout). */
    public static final class TooSlowException extends StoreException {
        TooSlowException(SQLException cause) {
            super("the search took too long: " + cause.getMessage(), cause);
        }
    }

    /** The longest a searched text is kept (a justification has at most 5,000 characters, a customer's name and id 200 each). */
    static final int TEXT_LIMIT = 6000;
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final String COLUMNS = "reference, received_at, state, exception_type, product, tier, source, customer_id, customer_name";
    /** The same, named by table: a page may also read a word's rows (RequestWords), which have a reference too. */
    private static final String QUALIFIED_COLUMNS = COLUMNS.replaceAll("\\b(\\w+)\\b", "request_search.$1");

    private final Tx tx;
    private final int timeoutSeconds;
    private final int exportTimeoutSeconds;

    /** Page queries stop after {@code timeoutSeconds}, exports after {@code exportTimeoutSeconds}. */
    public RequestSearchStore(Tx tx, int timeoutSeconds, int exportTimeoutSeconds) {
        this.tx = tx;
        this.timeoutSeconds = timeoutSeconds;
        this.exportTimeoutSeconds = exportTimeoutSeconds;
    }

    /**
     * A text as the search matches it: lower case (Locale.ROOT), every run of white space one space,
     * trimmed; "" for null. Stored texts and typed terms both go through it, so "Acme  GmbH" finds
     * "acme gmbh". Changing it needs a migration that rewrites request_search's texts.
     */
    public static String words(String s) {
        return s == null ? "" : SPACES.matcher(s.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** The customer as the customer filter and the customer sort see it: name, a line break, id (a term has no line break, so never spans the two). */
    static String customerText(String id, String name) {
        return clip(words(name) + "\n" + words(id), 410);
    }

    /** What the free text matches: reference, customer (name, id) and justification, one per line. */
    static String searchText(String reference, String customerId, String customerName, String justification) {
        return clip(words(reference) + "\n" + customerText(customerId, customerName) + "\n" + words(justification), TEXT_LIMIT);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    // ---- written with the request (RequestStore, V32's backfill) ----

    /** A search row; its parameters are bound by {@link #bindInsert}. */
    public static final String INSERT = "INSERT INTO request_search (reference, received_at, state, exception_type, product, tier, source, customer_id,"
            + " customer_name, customer_text, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The search row of a request just stored. */
    static void insert(Connection c, String reference, OffsetDateTime receivedAt, RequestState state, String source, ExceptionRequest r,
            String tier) throws SQLException {
        String id = r == null || r.customer() == null ? null : r.customer().id();
        String name = r == null || r.customer() == null ? null : r.customer().name();
        String justification = r == null ? null : r.justification();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bindInsert(ps, reference, receivedAt, state.name(), source, r == null || r.type() == null ? null : r.type().name(),
                    r == null ? null : r.product(), tier, id, name, justification);
            ps.executeUpdate();
        }
        RequestWords.insert(c, reference, receivedAt, customerText(id, name), searchText(reference, id, name, justification));
    }

    /** Binds {@link #INSERT}'s parameters (V32's backfill uses it too, with what it reads from requests). */
    public static void bindInsert(PreparedStatement ps, String reference, OffsetDateTime receivedAt, String state, String source, String type,
            String product, String tier, String customerId, String customerName, String justification) throws SQLException {
        ps.setString(1, reference);
        ps.setObject(2, receivedAt);
        ps.setString(3, state);
        ps.setString(4, text(type));
        ps.setString(5, text(product));
        ps.setString(6, text(tier));
        ps.setString(7, source);
        ps.setString(8, text(customerId));
        ps.setString(9, text(customerName));
        ps.setString(10, customerText(customerId, customerName));
        ps.setString(11, searchText(reference, customerId, customerName, justification));
    }

    /** The search row of a request whose state changed. */
    static void state(Connection c, String reference, RequestState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE request_search SET state = ? WHERE reference = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, reference);
            ps.executeUpdate();
        }
    }

    /** The search row of a request assessed again (supplemented, amended): its document's fields, its tier, and its state when given. */
    static void assessed(Connection c, String reference, ExceptionRequest r, String tier, RequestState state) throws SQLException {
        String id = r.customer() == null ? null : r.customer().id();
        String name = r.customer() == null ? null : r.customer().name();
        String oldCustomer;
        String oldSearch;
        OffsetDateTime received;
        try (PreparedStatement ps = c.prepareStatement("SELECT customer_text, search_text, received_at FROM request_search WHERE reference = ?")) {
            ps.setString(1, reference);
            try (ResultSet rs = ps.executeQuery()) {
                // every request has had one since V32; without it there is nothing to update
                if (!rs.next()) return;
                oldCustomer = rs.getString(1);
                oldSearch = rs.getString(2);
                received = rs.getObject(3, OffsetDateTime.class);
            }
        }
        String customerText = customerText(id, name);
        String searchText = searchText(reference, id, name, r.justification());
        try (PreparedStatement ps = c.prepareStatement("UPDATE request_search SET exception_type = ?, product = ?, tier = ?, customer_id = ?,"
                + " customer_name = ?, customer_text = ?, search_text = ?" + (state == null ? "" : ", state = ?") + " WHERE reference = ?")) {
            int i = 1;
            ps.setString(i++, r.type() == null ? "" : r.type().name());
            ps.setString(i++, text(r.product()));
            ps.setString(i++, text(tier));
            ps.setString(i++, text(id));
            ps.setString(i++, text(name));
            ps.setString(i++, customerText);
            ps.setString(i++, searchText);
            if (state != null) ps.setString(i++, state.name());
            ps.setString(i, reference);
            ps.executeUpdate();
        }
        RequestWords.replace(c, reference, received, oldCustomer, oldSearch, customerText, searchText);
    }

    // ---- read by the workspace ----

    /**
     * The page's ORDER BY. Read from a word's rows ({@link Where#forPage}), the order is theirs (the
     * same received time and reference). The columns an equality fixes lead the order when an
     * index starts with them (the word's field and word; a state): H2 reads an index in order only
     * when the ORDER BY begins with its first columns, and otherwise sorted every match (a state at
     * a million requests: 2.2 s; a common word: 6.5 s). PostgreSQL leaves a fixed column out of
     * the order as it is.
     */
    private static String order(Criteria criteria, Sort sort, boolean descending, boolean byWord) {
        String dir = descending ? " DESC" : "";
        if (byWord) return "d.field" + dir + ", d.word" + dir + ", d.received" + dir + ", d.reference" + dir;
        boolean oneState = criteria.state() != null && !criteria.state().isBlank();
        return (sort == Sort.RECEIVED && oneState ? "state" + dir + ", " : "") + sort.orderBy("", descending);
    }

    /**
     * One page of a search in the given order: {@code limit} rows from {@code offset}, and how many
     * match, counted up to {@code countCap} (counting further would read every match of a wide
     * search; nobody pages through more). Throws {@link TooSlowException} when either query runs
     * past the time limit.
     */
    public Page page(Criteria criteria, Sort sort, boolean descending, int offset, int limit, int countCap) {
        return tx.read(c -> {
            try {
                Where where = Where.of(criteria, "", c);
                if (where.nothing()) return new Page(List.of(), 0, false);
                List<Row> rows = new ArrayList<>();
                Where read = where.forPage(sort);
                String order = order(criteria, sort, descending, read != where);
                // whether a listed request is practice (V46) is read from its request row, for the page's rows only
                try (PreparedStatement ps = c.prepareStatement("SELECT " + QUALIFIED_COLUMNS
                        + ", (SELECT p.practice FROM requests p WHERE p.reference = request_search.reference) AS practice FROM " + read.from + read.sql
                        + " ORDER BY " + order + " LIMIT ? OFFSET ?")) {
                    ps.setQueryTimeout(timeoutSeconds);
                    int i = read.bind(ps);
                    ps.setInt(i++, limit);
                    ps.setInt(i, offset);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) rows.add(row(rs, rs.getBoolean(10)));
                    }
                }
                // a first page that is not full is the whole result
                if (offset == 0 && rows.size() < limit) return new Page(rows, rows.size(), false);
                int count = count(c, where, countCap);
                return new Page(rows, Math.min(count, countCap), count > countCap);
            } catch (SQLException e) {
                if (timedOut(e)) throw new TooSlowException(e);
                throw e;
            }
        });
    }

    /** How many match, counting at most {@code cap} + 1. */
    private int count(Connection c, Where where, int cap) throws SQLException {
        Where count = where.forCount();
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 AS one FROM " + count.from + count.sql + " LIMIT ?) found")) {
            ps.setQueryTimeout(timeoutSeconds);
            int i = count.bind(ps);
            ps.setInt(i, cap + 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Every match in the given order, at most {@code max} of them, handed to {@code sink} one by one
     * as the database sends them (read with a cursor: never the whole result in memory). Returns how
     * many matched, up to {@code max} + 1 (more than {@code max}: the export was cut).
     */
    public int export(Criteria criteria, Sort sort, boolean descending, int max, Consumer<ExportRow> sink) {
        return tx.read(c -> {
            Where where = Where.of(criteria, "s.", c);
            if (where.nothing()) return 0;
            // PostgreSQL reads with a cursor (the fetch size) only inside a transaction
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT s.reference, s.received_at, s.state, s.exception_type, s.product, s.tier,"
                    + " s.source, s.customer_id, s.customer_name, r.start_date, r.end_date, r.track, r.risk_level, r.risk_score, r.updated_at"
                    + " FROM request_search s JOIN requests r ON r.reference = s.reference" + where.sql + " ORDER BY " + sort.orderBy("s.", descending)
                    + " LIMIT ?")) {
                ps.setQueryTimeout(exportTimeoutSeconds);
                ps.setFetchSize(500);
                int i = where.bind(ps);
                ps.setInt(i, max + 1);
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (++n > max) break;
                        java.sql.Date start = rs.getDate(10);
                        java.sql.Date end = rs.getDate(11);
                        OffsetDateTime updated = rs.getObject(15, OffsetDateTime.class);
                        sink.accept(new ExportRow(row(rs, false), start == null ? null : start.toLocalDate(), end == null ? null : end.toLocalDate(),
                                rs.getString(12), rs.getString(13), rs.getBigDecimal(14),
                                updated == null ? null : updated.withOffsetSameInstant(ZoneOffset.UTC)));
                    }
                }
                return n;
            } catch (SQLException e) {
                if (timedOut(e)) throw new TooSlowException(e);
                throw e;
            } finally {
                // it only read: nothing to commit
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    private static Row row(ResultSet rs, boolean practice) throws SQLException {
        OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
        return new Row(rs.getString(1), at.withOffsetSameInstant(ZoneOffset.UTC), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), practice);
    }

    /** A statement stopped by its query timeout (SQLSTATE 57014 on H2 and PostgreSQL): the search's size, not the database's health. */
    private static boolean timedOut(SQLException e) {
        return e instanceof SQLTimeoutException || "57014".equals(e.getSQLState());
    }

    /**
     * The WHERE clause of some criteria (fixed text, one "?" per value) and its values in order,
     * over the rows of {@code from}; {@link #NOTHING} when a word asked for is in no request
     * (nothing matches, and no search row need be read). The count may read other rows than the
     * page ({@link #forCount}).
     */
    private record Where(String from, String sql, List<Object> values, Where count, Where newestByWord) {

        static final Where NOTHING = new Where(null, null, List.of(), null, null);
        private static final String ROWS = "request_search";

        /** The clauses of the criteria, on columns prefixed with {@code alias} ("" or "s."); reads the word index's counts. */
        static Where of(Criteria c, String alias, Connection conn) throws SQLException {
            List<String> clauses = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            exact(clauses, values, alias + "state", c.state());
            exact(clauses, values, alias + "exception_type", c.type());
            exact(clauses, values, alias + "product", c.product());
            exact(clauses, values, alias + "tier", c.tier());
            exact(clauses, values, alias + "source", c.source());
            if (c.receivedFrom() != null) {
                clauses.add(alias + "received_at >= ?");
                values.add(c.receivedFrom().atOffset(ZoneOffset.UTC));
            }
            if (c.receivedBefore() != null) {
                clauses.add(alias + "received_at < ?");
                values.add(c.receivedBefore().atOffset(ZoneOffset.UTC));
            }
            List<RequestWords.Asked> asked = new ArrayList<>();
            words(clauses, values, asked, alias + "customer_text", RequestWords.CUSTOMER, c.customer());
            words(clauses, values, asked, alias + "search_text", RequestWords.TEXT, c.text());
            if (asked.isEmpty()) return new Where(ROWS, where(clauses), values, null, null);
            List<RequestWords.Asked> counted = RequestWords.count(conn, asked);
            if (counted.get(0).postings() == 0) return NOTHING;
            // qualified: inside the word subqueries a bare "reference" would be the word row's own
            String reference = (alias.isEmpty() ? ROWS + "." : alias) + "reference";
            List<String> pageClauses = new ArrayList<>(clauses);
            List<Object> pageValues = new ArrayList<>(values);
            RequestWords.clauses(counted, reference, pageClauses, pageValues);
            RequestWords.Single start = counted.get(0).postings() > RequestWords.DRIVER_MAX ? RequestWords.singleWord(conn, counted) : null;
            if (start == null) return new Where(ROWS, where(pageClauses), pageValues, null, null);
            return new Where(ROWS, where(pageClauses), pageValues, byWord(start, counted, clauses.isEmpty() ? "d.reference" : reference, clauses, values,
                    clauses.isEmpty()), byWord(start, counted, reference, clauses, values, false));
        }

        /**
         * When every word is common (more than {@link RequestWords#DRIVER_MAX} requests each), a
         * search may start from the requests of one of them that is a single word of the index
         * (so each request comes once; {@code start}) and check the others on each. The count
         * then stops after the cap's matches instead of checking every search row in turn until it
         * has them, and the newest first are read from the word's requests in the order they were
         * received ({@code ix_request_words_word} backwards), however many newer requests lack the
         * words. With {@code wordsAlone} (no other criteria, the count only) the word's rows are
         * all it reads.
         */
        private static Where byWord(RequestWords.Single start, List<RequestWords.Asked> counted, String reference, List<String> clauses,
                List<Object> values, boolean wordsAlone) {
            List<String> byClauses = new ArrayList<>(clauses);
            List<Object> byValues = new ArrayList<>(values);
            RequestWords.clauses(counted.stream().filter(a -> a != start.asked()).toList(), reference, byClauses, byValues);
            byClauses.add("d.field = ? AND d.word = ?");
            byValues.add(start.asked().field());
            byValues.add(start.word());
            return new Where(wordsAlone ? "request_words d" : "request_words d JOIN " + ROWS + " ON " + ROWS + ".reference = d.reference",
                    where(byClauses), byValues, null, null);
        }

        private static String where(List<String> clauses) {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }

        boolean nothing() {
            return sql == null;
        }

        /** What the count reads: the page's rows, or those of a word ({@link #byWord}). */
        Where forCount() {
            return count == null ? this : count;
        }

        /** What a page in order of receipt reads: the page's rows, or those of a word in that order ({@link #byWord}). */
        Where forPage(Sort sort) {
            return sort == Sort.RECEIVED && newestByWord != null ? newestByWord : this;
        }

        /**
         * A term's words go to {@code asked} (index lookups, {@link RequestWords}); a term without a
         * letter or digit ("%", "-") is a contains-clause of the column, which reads every row.
         */
        private static void words(List<String> clauses, List<Object> values, List<RequestWords.Asked> asked, String column, String field,
                String term) {
            List<String> words = term == null ? List.of() : RequestWords.terms(term);
            // the form says so first (workspace/RequestSearch); here no caller can ask for more
            if (words.size() > RequestWords.MAX_TERMS) throw new IllegalArgumentException("a search field may ask for at most " + RequestWords.MAX_TERMS + " words");
            if (words.isEmpty()) {
                contains(clauses, values, column, term);
                return;
            }
            for (String w : words) asked.add(new RequestWords.Asked(field, w, -1));
        }

        private static void exact(List<String> clauses, List<Object> values, String column, String value) {
            if (value == null || value.isBlank()) return;
            clauses.add(column + " = ?");
            values.add(value);
        }

        /** {@code column LIKE '%term%'} with the term's own % and _ taken literally. */
        private static void contains(List<String> clauses, List<Object> values, String column, String term) {
            String w = RequestSearchStore.words(term);
            if (w.isEmpty()) return;
            clauses.add(column + " LIKE ? ESCAPE '!'");
            values.add("%" + w.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }

        /** Binds the values from parameter 1; returns the next parameter's index. */
        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object v : values) ps.setObject(i++, v);
            return i;
        }
    }
}
