package io.lexhub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compares the state tables with the audit chain: every row of a {@link Recorded} table must have
 * a record event whose HMAC holds, and the latest one must carry the digest of the row as it is
 * now; every row the chain has a record of must still exist. Rows are streamed table by table
 * (one join through the index on event type, subject and seq), so memory does not grow with the
 * database. Without the audit key nobody can write a record, so a row written or edited with SQL
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

    /** Rows joined to their latest record (or to nothing), for verify and for adoption. */
    static String joinSql(Recorded t) {
        String subject = t.subjectSql("t");
        return "SELECT " + RowDigest.columns(t, "t") + ", e.seq, e.at, e.request_ref, e.event_type, e.actor, e.payload, e.prev_hash, e.hash,"
                + " e.subject, e.digest FROM " + t.table() + " t LEFT JOIN audit_events e ON e.event_type = ? AND e.subject = " + subject
                + " AND e.seq = (SELECT MAX(x.seq) FROM audit_events x WHERE x.event_type = ? AND x.subject = " + subject + ")";
    }

    private long check(Connection c, Recorded t, Consumer<Problem> sink) throws SQLException {
        long count = 0;
        long vouched = 0;
        int eventFrom = t.keyColumns().size() + t.columns().size() + 1;
        try (PreparedStatement ps = c.prepareStatement(joinSql(t))) {
            ps.setString(1, t.eventType());
            ps.setString(2, t.eventType());
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    count++;
                    RowDigest row = RowDigest.of(t, rs, 1);
                    rs.getLong(eventFrom);
                    if (rs.wasNull()) {
                        sink.accept(problem(t, row, "no audit event records this row: it was written behind the hub's back"
                                + " (or before the hub recorded rows: see `lexhub audit verify --adopt`)"));
                        continue;
                    }
                    AuditEvent e = AuditTrail.read(rs, eventFrom);
                    if (!trail.intact(e)) {
                        sink.accept(problem(t, row, "its latest record, event " + e.seq() + ", does not match its HMAC: the event was edited"));
                    } else if (!row.digest().equals(e.digest())) {
                        sink.accept(problem(t, row, "differs from event " + e.seq() + " (" + e.type() + cause(e) + ", " + e.at().toInstant()
                                + "): " + differences(t, row, e)));
                    } else {
                        vouched++;
                    }
                }
            }
        }
        missingRows(c, t, vouched, sink);
        return count;
    }

    /**
     * Rows the chain has records of but the table no longer holds. Counted first through the
     * index; only when the counts differ are the subjects walked to name the missing rows.
     */
    private void missingRows(Connection c, Recorded t, long vouched, Consumer<Problem> sink) throws SQLException {
        long recorded;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT subject) FROM audit_events WHERE event_type = ?")) {
            ps.setString(1, t.eventType());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                recorded = rs.getLong(1);
            }
        }
        if (recorded == vouched) return;
        List<Integer> keyTypes = keyTypes(c, t);
        StringBuilder exists = new StringBuilder("SELECT COUNT(*) FROM ").append(t.table()).append(" WHERE ");
        for (int i = 0; i < t.keyColumns().size(); i++) exists.append(i == 0 ? "" : " AND ").append(t.keyColumns().get(i)).append(" = ?");
        try (PreparedStatement subjects = c.prepareStatement("SELECT subject, seq FROM audit_events WHERE event_type = ? ORDER BY subject, seq");
                PreparedStatement lookup = c.prepareStatement(exists.toString())) {
            subjects.setString(1, t.eventType());
            subjects.setFetchSize(500);
            try (ResultSet rs = subjects.executeQuery()) {
                String current = null;
                long lastSeq = 0;
                while (rs.next()) {
                    String subject = rs.getString(1);
                    if (current != null && !current.equals(subject)) reportIfGone(t, current, lastSeq, keyTypes, lookup, sink);
                    current = subject;
                    lastSeq = rs.getLong(2);
                }
                if (current != null) reportIfGone(t, current, lastSeq, keyTypes, lookup, sink);
            }
        }
    }

    private static void reportIfGone(Recorded t, String subject, long seq, List<Integer> keyTypes, PreparedStatement lookup,
            Consumer<Problem> sink) throws SQLException {
        String[] parts = subject.split("/", t.keyColumns().size());
        boolean found = false;
        if (parts.length == t.keyColumns().size()) {
            try {
                for (int i = 0; i < parts.length; i++) {
                    if (isInteger(keyTypes.get(i))) lookup.setLong(i + 1, Long.parseLong(parts[i]));
                    else lookup.setString(i + 1, parts[i]);
                }
                try (ResultSet rs = lookup.executeQuery()) {
                    rs.next();
                    found = rs.getLong(1) > 0;
                }
            } catch (NumberFormatException e) {
                found = false;
            }
        }
        if (!found) {
            sink.accept(new Problem(t.table(), keyText(t, List.of(parts)), "event " + seq + " recorded this row but the table no longer holds it:"
                    + " it was deleted behind the hub's back"));
        }
    }

    private static List<Integer> keyTypes(Connection c, Recorded t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", t.keyColumns()) + " FROM " + t.table() + " WHERE 1 = 0");
                ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<Integer> types = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) types.add(md.getColumnType(i));
            return types;
        }
    }

    private static boolean isInteger(int sqlType) {
        return sqlType == Types.INTEGER || sqlType == Types.BIGINT || sqlType == Types.SMALLINT || sqlType == Types.TINYINT;
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
