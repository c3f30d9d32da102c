package io.lexhub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The rows the hub wrote for some of its requests, read back after a pipeline run, so that the
 * JDBC baseline writes exactly the same rows (same columns, same sizes, same JSON and mail bodies),
 * not an approximation of them.
 */
final class RowTemplates {

    /** One table row: column names (lower case) and values, identity column left out. */
    record Row(String table, List<String> columns, List<Object> values) {
        Object get(String column) {
            return values.get(columns.indexOf(column));
        }
    }

    /** Everything one intake transaction wrote, besides the reference counter. */
    record RequestRows(String reference, Row request, Row search, List<Row> words, List<Row> audit, List<Row> levels, List<Row> tokens,
            List<Row> outbox, List<Row> decisions, List<Row> waivers) {
        int rowCount() {
            return 2 + words.size() + audit.size() + levels.size() + tokens.size() + outbox.size() + decisions.size() + waivers.size();
        }
    }

    private RowTemplates() {}

    /** The rows of the first {@code limit} requests of the given source, in the order they were stored. */
    static List<RequestRows> capture(DataSource ds, String source, int limit) throws SQLException {
        List<RequestRows> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            List<String> refs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT reference FROM requests WHERE source = ? ORDER BY id")) {
                ps.setString(1, source);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) refs.add(rs.getString(1));
                }
            }
            for (String ref : refs) {
                out.add(new RequestRows(ref,
                        rows(c, "requests", "SELECT * FROM requests WHERE reference = ?", ref).get(0),
                        // the workspace's search row (V32), written with the request
                        rows(c, "request_search", "SELECT * FROM request_search WHERE reference = ?", ref).get(0),
                        // and its word index (V55)
                        rows(c, "request_words", "SELECT * FROM request_words WHERE reference = ?", ref),
                        rows(c, "audit_events", "SELECT * FROM audit_events WHERE request_ref = ? ORDER BY seq", ref),
                        rows(c, "approval_levels", "SELECT * FROM approval_levels WHERE request_ref = ? ORDER BY round, level_no", ref),
                        rows(c, "decision_tokens", "SELECT * FROM decision_tokens WHERE request_ref = ?", ref),
                        rows(c, "outbox", "SELECT * FROM outbox WHERE request_ref = ? ORDER BY id", ref),
                        rows(c, "decisions", "SELECT * FROM decisions WHERE request_ref = ?", ref),
                        rows(c, "waivers", "SELECT * FROM waivers WHERE request_ref = ?", ref)));
            }
        }
        return out;
    }

    private static List<Row> rows(Connection c, String table, String sql, String ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ref);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String col = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                        if (col.equals("id")) continue;
                        m.put(col, rs.getObject(i));
                    }
                    rows.add(new Row(table, List.copyOf(m.keySet()), new ArrayList<>(m.values())));
                }
                return rows;
            }
        }
    }
}
