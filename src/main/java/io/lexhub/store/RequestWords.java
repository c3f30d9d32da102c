package io.lexhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The word index of the request search ({@code request_words}, V55): one row per distinct word of
 * a request's free text (field {@link #TEXT}: reference, customer, justification) and of its
 * customer (field {@link #CUSTOMER}: name and id), so that a search for words reads the index
 * entries of those words instead of every search row (a contains-search of a million rows took
 * half a second on PostgreSQL and seconds on H2). Written with the search row, in the same
 * transaction ({@link RequestSearchStore}).
 *
 * <p>A word is a run of letters and digits of the text as {@link RequestSearchStore#words} has it
 * (lower case), cut at {@link #MAX_WORD} characters. A typed word matches every word it begins:
 * "emea roll" finds "EMEA rollout", "cust-047" finds customer "CUST-04711" (words "cust", "047").
 */
public final class RequestWords {

    static final String TEXT = "t";
    static final String CUSTOMER = "c";
    static final int MAX_WORD = 40;
    /**
     * The most words one search field may ask for: each is a range of the index and a check of every
     * request the search looks at, and 200 characters could ask for about 100 of them. Ten is more
     * than a phrase anyone types to find a request.
     */
    public static final int MAX_TERMS = 10;
    private static final int BATCH = 1000;

    private RequestWords() {}

    /** The distinct words of a text already lower-cased by {@link RequestSearchStore#words}, in order of first appearance. */
    static Set<String> of(String text) {
        Set<String> out = new LinkedHashSet<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
            int start = i;
            while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
            if (i > start) out.add(cut(text.substring(start, i)));
        }
        return out;
    }

    /** A word cut at {@link #MAX_WORD} characters, never inside a surrogate pair. */
    private static String cut(String word) {
        if (word.length() <= MAX_WORD) return word;
        int end = Character.isHighSurrogate(word.charAt(MAX_WORD - 1)) ? MAX_WORD - 1 : MAX_WORD;
        return word.substring(0, end);
    }

    /**
     * The words a typed term asks for, without those another of them begins ("em emea" asks for
     * "emea": any word "emea..." also begins with "em"). Empty when the term has no letter or digit.
     */
    public static List<String> terms(String term) {
        List<String> words = new ArrayList<>(of(RequestSearchStore.words(term)));
        List<String> out = new ArrayList<>();
        for (String w : words) {
            boolean implied = words.stream().anyMatch(o -> !o.equals(w) && o.startsWith(w));
            if (!implied) out.add(w);
        }
        return out;
    }

    /** The index rows of a request just stored (its search row's two texts). */
    static void insert(Connection c, String reference, OffsetDateTime received, String customerText, String searchText) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            add(ps, reference, received, CUSTOMER, of(customerText));
            add(ps, reference, received, TEXT, of(searchText));
            ps.executeBatch();
        }
    }

    /** The index rows of a request whose texts changed: the words it lost are deleted, those it gained added. */
    static void replace(Connection c, String reference, OffsetDateTime received, String oldCustomer, String oldSearch, String customerText,
            String searchText) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM request_words WHERE field = ? AND word = ? AND reference = ?");
                PreparedStatement ins = c.prepareStatement(INSERT)) {
            for (String[] f : new String[][] {{CUSTOMER, oldCustomer, customerText}, {TEXT, oldSearch, searchText}}) {
                Set<String> before = of(f[1]);
                Set<String> after = of(f[2]);
                for (String w : before) {
                    if (after.contains(w)) continue;
                    del.setString(1, f[0]);
                    del.setString(2, w);
                    del.setString(3, reference);
                    del.addBatch();
                }
                after.removeAll(before);
                add(ins, reference, received, f[0], after);
            }
            del.executeBatch();
            ins.executeBatch();
        }
    }

    private static final String INSERT = "INSERT INTO request_words (field, word, reference, received) VALUES (?, ?, ?, ?)";

    private static void add(PreparedStatement ps, String reference, OffsetDateTime received, String field, Set<String> words) throws SQLException {
        for (String w : words) {
            ps.setString(1, field);
            ps.setString(2, w);
            ps.setString(3, reference);
            ps.setObject(4, received);
            ps.addBatch();
        }
    }

    /**
     * The index's two indexes (V55, after its backfill; the benches, after theirs: building them
     * once is many times faster than keeping them while millions of rows arrive), then the
     * planner's figures, now rather than when the database next gets round to them: a search's
     * plan depends on them.
     */
    public static void index(Connection c) throws SQLException {
        boolean postgres = Database.isPostgres(c);
        try (java.sql.Statement s = c.createStatement()) {
            // a request's words: the check of a word on each request a search looks at, and what a changed text deletes
            s.execute("ALTER TABLE request_words ADD CONSTRAINT pk_request_words PRIMARY KEY (reference, field, word)");
            // a word's requests, newest last: where a search starts, and the newest that have a common word read backwards. On PostgreSQL
            // the reference is only carried (INCLUDE), so that the check of one request's word can never be planned on this index
            s.execute("CREATE INDEX ix_request_words_word ON request_words " + (postgres ? "(field, word, received) INCLUDE (reference)"
                    : "(field, word, received, reference)"));
            s.execute(postgres ? "ANALYZE request_words" : "ANALYZE TABLE request_words");
        }
    }

    /** The bench's undoing of {@link #index}, before it writes millions of rows. */
    public static void dropIndexes(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("DROP INDEX ix_request_words_word");
            s.execute("ALTER TABLE request_words DROP CONSTRAINT pk_request_words");
        }
    }

    /** What runs after each batch of the backfill (the benches commit; a migration is one transaction). */
    public interface AfterBatch {
        void done() throws SQLException;
    }

    /**
     * The index rows of the search rows whose reference begins with {@code prefix} ("" for all;
     * no % or _), for rows that have none (V55's backfill; the benches after generating their
     * search rows): {@link #BATCH} requests at a time, read in order of reference (no cursor, so a caller
     * may commit between batches).
     */
    public static void backfill(Connection c, String prefix, AfterBatch after) throws SQLException {
        // every reference with the prefix sorts after it
        String last = prefix;
        try (PreparedStatement read = c.prepareStatement("SELECT reference, customer_text, search_text, received_at FROM request_search WHERE reference > ?"
                + " AND reference LIKE ? ORDER BY reference FETCH FIRST " + BATCH + " ROWS ONLY");
                PreparedStatement write = c.prepareStatement(INSERT)) {
            while (true) {
                read.setString(1, last);
                read.setString(2, prefix + "%");
                int n = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getString(1);
                        OffsetDateTime received = rs.getObject(4, OffsetDateTime.class);
                        add(write, last, received, CUSTOMER, of(rs.getString(2)));
                        add(write, last, received, TEXT, of(rs.getString(3)));
                        n++;
                    }
                }
                if (n == 0) return;
                write.executeBatch();
                after.done();
            }
        }
    }

    /** A word a search asks for in a field, and how many index rows it begins (up to {@link #DRIVER_MAX} + 1; -1 not counted yet). */
    record Asked(String field, String word, int postings) {}

    /** A word with at most this many index rows drives a search: its requests are read first, the other words checked on each. */
    static final int DRIVER_MAX = 10_000;

    /** The words asked for with their index rows counted (up to {@link #DRIVER_MAX} + 1), fewest first. */
    static List<Asked> count(Connection c, List<Asked> asked) throws SQLException {
        List<Asked> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 AS one FROM request_words w WHERE w.field = ?"
                + " AND " + BEGINS + " FETCH FIRST " + (DRIVER_MAX + 1) + " ROWS ONLY) x")) {
            for (Asked a : asked) {
                ps.setString(1, a.field());
                ps.setString(2, a.word());
                ps.setString(3, after(a.word()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(new Asked(a.field(), a.word(), rs.getInt(1)));
                }
            }
        }
        out.sort(java.util.Comparator.comparingInt(Asked::postings));
        return out;
    }

    /** A word asked for and the one word of the index it begins. */
    record Single(Asked asked, String word) {}

    /**
     * The first of the counted words that begins exactly one word of the index (its first and last
     * in the index's order are the same), with that word; null when each begins several.
     */
    static Single singleWord(Connection c, List<Asked> counted) throws SQLException {
        try (PreparedStatement first = c.prepareStatement("SELECT w.word FROM request_words w WHERE w.field = ? AND " + BEGINS
                + " ORDER BY w.field, w.word FETCH FIRST 1 ROWS ONLY");
                PreparedStatement last = c.prepareStatement("SELECT w.word FROM request_words w WHERE w.field = ? AND " + BEGINS
                        + " ORDER BY w.field DESC, w.word DESC FETCH FIRST 1 ROWS ONLY")) {
            for (Asked a : counted) {
                String lo = firstWord(first, a);
                if (lo != null && lo.equals(firstWord(last, a))) return new Single(a, lo);
            }
        }
        return null;
    }

    private static String firstWord(PreparedStatement ps, Asked a) throws SQLException {
        ps.setString(1, a.field());
        ps.setString(2, a.word());
        ps.setString(3, after(a.word()));
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * The clauses of counted words on the request reference {@code column}. The rarest word, when
     * it has at most {@link #DRIVER_MAX} index rows, is {@code column IN (its requests)}: the
     * databases read those requests first. Every other word is an {@code EXISTS} on the request's
     * own index rows, kept a sub-plan ({@code OFFSET 0}: PostgreSQL does not turn it into a join
     * that would read every request of a common word such as "the"), so it costs one index probe
     * per request looked at. With only common words, the search reads the search rows in its order
     * and checks each, which finds a page's 50 quickly when the words are common together.
     */
    static void clauses(List<Asked> counted, String column, List<String> clauses, List<Object> values) {
        for (int i = 0; i < counted.size(); i++) {
            Asked a = counted.get(i);
            if (i == 0 && a.postings() <= DRIVER_MAX) {
                clauses.add(column + " IN (SELECT w.reference FROM request_words w WHERE w.field = ? AND " + BEGINS + ")");
            } else {
                clauses.add("EXISTS (SELECT 1 FROM request_words w WHERE w.reference = " + column + " AND w.field = ? AND " + BEGINS + " OFFSET 0 ROWS)");
            }
            values.add(a.field());
            values.add(a.word());
            values.add(after(a.word()));
        }
    }

    /**
     * The words of the index that begin with a word: a range of the index, {@code [word, after(word))}.
     * Not {@code LIKE 'word%'}: a LIKE with a bound pattern is no range in a plan made for any
     * pattern (PostgreSQL's generic plan of a statement prepared again and again), and every probe
     * would read all the field's words.
     */
    private static final String BEGINS = "w.word >= ? AND w.word < ?";

    /**
     * The first string after every string that begins with {@code word}: its last character's
     * successor in place of it. Exact in both databases' orders (PostgreSQL's "C": code points;
     * H2: UTF-16 units), as a word has letters and digits only (no surrogate range is skipped into).
     */
    static String after(String word) {
        int last = word.codePointBefore(word.length());
        int next = last + 1;
        if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) next = Character.MAX_SURROGATE + 1;
        return word.substring(0, word.length() - Character.charCount(last)) + new String(Character.toChars(next));
    }
}
