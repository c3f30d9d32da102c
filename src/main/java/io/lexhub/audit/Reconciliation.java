package io.lexhub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compares the state tables with the audit chain: every row of a {@link Recorded} table must have
 * a record event whose HMAC holds, and the latest one must carry the digest of the row as it is
 * now; every row the chain has a record of must still exist. Rows are streamed table by table
 * (store/AuditRowStore: one join through the index on event type, subject and seq), so memory does
 * not grow with the database. Without the audit key nobody can write a record, so a row written or edited with SQL
 * alone shows up here.
 */
public final class Reconciliation {

    /** One row that the chain does not vouch for. */
    public record Problem(String table, String key, String what) {
        @Override
        public String toString() {
            return table + " " + key + ": " + what;
        }
    }

    /** Rows read per table and problems found. */
    public record Summary(Map<String, Long> rows, long problems) {
        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuditTrail trail;

    public Reconciliation(AuditTrail trail) {
        this.trail = trail;
    }

    /** Checks every table; each problem goes to {@code sink} as it is found. Run it in a transaction so PostgreSQL streams. */
    public Summary check(Connection c, List<Recorded> tables, Consumer<Problem> sink) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        long[] problems = {0};
        Consumer<Problem> counting = p -> {
            problems[0]++;
            sink.accept(p);
        };
        for (Recorded t : tables) rows.put(t.table(), check(c, t, counting));
        return new Summary(rows, problems[0]);
    }

    private long check(Connection c, Recorded t, Consumer<Problem> sink) throws SQLException {
        long[] counts = {0, 0};
        trail.rows().rowsWithRecords(c, t, false, r -> {
            counts[0]++;
            RowDigest row = RowDigest.of(t, r.row());
            AuditEvent e = r.record();
            if (e == null) {
                sink.accept(problem(t, row, "no audit event records this row: it was written behind the hub's back"
                        + " (or before the hub recorded rows: see `lexhub audit verify --adopt`)"));
            } else if (!trail.intact(e)) {
                sink.accept(problem(t, row, "its latest record, event " + e.seq() + ", does not match its HMAC: the event was edited"));
            } else if (!row.digest().equals(e.digest())) {
                sink.accept(problem(t, row, "differs from event " + e.seq() + " (" + e.type() + cause(e) + ", " + e.at().toInstant()
                        + "): " + differences(t, row, e)));
            } else {
                counts[1]++;
            }
            return true;
        });
        missingRows(c, t, counts[1], sink);
        return counts[0];
    }

    /**
     * Rows the chain has records of but the table no longer holds. Counted first through the
     * index; only when the counts differ are the subjects walked to name the missing rows.
     */
    private void missingRows(Connection c, Recorded t, long vouched, Consumer<Problem> sink) throws SQLException {
        if (trail.rows().recordedRows(c, t) == vouched) return;
        trail.rows().goneRows(c, t, gone -> {
            sink.accept(new Problem(t.table(), keyText(t, gone.key()), "event " + gone.seq() + " recorded this row but the table no longer holds it:"
                    + " it was deleted behind the hub's back"));
            return true;
        });
    }

    private static String cause(AuditEvent e) {
        try {
            JsonNode cause = JSON.readTree(e.payload()).get("cause");
            return cause == null ? "" : " after " + cause.asText();
        } catch (Exception ex) {
            return "";
        }
    }

    /** Column by column: what the record says and what the row holds now. */
    private static String differences(Recorded t, RowDigest row, AuditEvent e) {
        JsonNode recorded;
        try {
            recorded = JSON.readTree(e.payload()).get("row");
        } catch (Exception ex) {
            recorded = null;
        }
        if (recorded == null) return "its recorded digest is " + e.digest() + ", the row's is " + row.digest();
        List<String> diffs = new ArrayList<>();
        Map<String, String> now = row.shown(t);
        for (Map.Entry<String, String> col : now.entrySet()) {
            JsonNode was = recorded.get(col.getKey());
            String before = was == null || was.isNull() ? null : was.asText();
            if (!java.util.Objects.equals(before, col.getValue())) {
                diffs.add(col.getKey() + " recorded " + text(before) + ", now " + text(col.getValue()));
            }
        }
        return diffs.isEmpty() ? "the recorded digest differs from the row's" : String.join("; ", diffs);
    }

    private static String text(String v) {
        return v == null ? "NULL" : "'" + v + "'";
    }

    private static Problem problem(Recorded t, RowDigest row, String what) {
        return new Problem(t.table(), keyText(t, row.key()), what);
    }

    private static String keyText(Recorded t, List<String> key) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < t.keyColumns().size(); i++) parts.add(t.keyColumns().get(i) + "=" + (i < key.size() ? key.get(i) : "?"));
        return String.join(" ", parts);
    }
}
