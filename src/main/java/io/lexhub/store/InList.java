package io.lexhub.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code IN (?, ?, ...)} lists for the set reads of a page (one query for its rows instead of one
 * per row), cut into chunks well inside both databases' limits on parameters.
 */
final class InList {

    static final int CHUNK = 500;

    private InList() {}

    /** The distinct values, in chunks of at most {@link #CHUNK}. */
    static List<List<String>> chunks(Collection<String> values) {
        List<String> all = List.copyOf(new LinkedHashSet<>(values));
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) out.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        return out;
    }

    /** "?, ?, ?" for n values. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Binds the values from the first parameter on. */
    static void bind(PreparedStatement ps, Collection<String> values) throws SQLException {
        int i = 1;
        for (String v : values) ps.setString(i++, v);
    }
}
