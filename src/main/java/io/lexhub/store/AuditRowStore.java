package io.lexhub.store;

import io.lexhub.audit.AuditEvent;
import io.lexhub.audit.AuditRows;
import io.lexhub.audit.Recorded;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The audit chain's rows (audit_events, audit_head) and the recorded tables as the chain reads
 * them. Recorded tables are streamed (fetch size 500) so memory does not grow with the database;
 * run the walks in a transaction so PostgreSQL streams too.
 */
public final class AuditRowStore implements AuditRows {

    private static final String EVENT_COLUMNS = "seq, at, request_ref, event_type, actor, payload, prev_hash, hash, subject, digest";
    private static final int FETCH = 500;

    @Override
    public Optional<Head> head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, head_mac FROM audit_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getString(2), rs.getString(3))) : Optional.empty();
        }
    }

    @Override
    public Head lockHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash, head_mac FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("audit_head row is missing: the audit trail cannot be appended");
            return new Head(rs.getLong(1), rs.getString(2), rs.getString(3));
        }
    }

    /** Events appended by one statement at most (10 parameters each; PostgreSQL takes 65,535 per statement). */
    public static final int ONE_STATEMENT = 100;

    /**
     * On PostgreSQL the head moves in the statement that inserts the events (a data-modifying
     * WITH): every writer waits for the head, which stays locked from {@link #lockHead} to commit,
     * so each round trip saved there is one every other writer waits less. A bulk append
     * (audit verify --adopt) and H2, in the JVM, insert in a batch and move the head after it.
     */
    @Override
    public void append(Connection c, List<AuditEvent> events, Head head) throws SQLException {
        if (events.size() <= ONE_STATEMENT && Database.isPostgres(c)) {
            String values = String.join(", ", Collections.nCopies(events.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            try (PreparedStatement ps = c.prepareStatement("WITH moved AS (UPDATE audit_head SET last_seq = ?, last_hash = ?, head_mac = ? WHERE id = 1)"
                    + " INSERT INTO audit_events (" + EVENT_COLUMNS + ") VALUES " + values)) {
                setHead(ps, 1, head);
                int i = 4;
                for (AuditEvent e : events) i = setEvent(ps, i, e);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (" + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEvent e : events) {
                setEvent(ps, 1, e);
                if (events.size() == 1) ps.executeUpdate();
                else ps.addBatch();
            }
            if (events.size() > 1) ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ?, head_mac = ? WHERE id = 1")) {
            setHead(ps, 1, head);
            if (ps.executeUpdate() != 1) throw new SQLException("audit_head row is missing: the audit trail cannot be appended");
        }
    }

    private static void setHead(PreparedStatement ps, int at, Head head) throws SQLException {
        ps.setLong(at, head.seq());
        ps.setString(at + 1, head.hash());
        ps.setString(at + 2, head.mac());
    }

    /** Sets the event's ten columns from parameter {@code at}; returns the next parameter's index. */
    private static int setEvent(PreparedStatement ps, int at, AuditEvent e) throws SQLException {
        ps.setLong(at, e.seq());
        ps.setObject(at + 1, e.at());
        ps.setString(at + 2, e.requestRef());
        ps.setString(at + 3, e.type());
        ps.setString(at + 4, e.actor());
        ps.setString(at + 5, e.payload());
        ps.setString(at + 6, e.prevHash());
        ps.setString(at + 7, e.hash());
        ps.setString(at + 8, e.subject());
        ps.setString(at + 9, e.digest());
        return at + 10;
    }

    @Override
    public List<AuditEvent> ofRequest(Connection c, String requestRef) throws SQLException {
        return events(c, "SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE request_ref = ? ORDER BY seq", requestRef);
    }

    @Override
    public List<AuditEvent> latestOfType(Connection c, String type, int limit) throws SQLException {
        return events(c, "SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE event_type = ? ORDER BY seq DESC FETCH FIRST "
                + Math.max(0, limit) + " ROWS ONLY", type);
    }

    @Override
    public Optional<AuditEvent> firstOfType(Connection c, String type) throws SQLException {
        return events(c, "SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE event_type = ? ORDER BY seq FETCH FIRST 1 ROWS ONLY", type)
                .stream().findFirst();
    }

    private static List<AuditEvent> events(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                List<AuditEvent> events = new ArrayList<>();
                while (rs.next()) events.add(event(rs, 1));
                return events;
            }
        }
    }

    @Override
    public void walk(Connection c, long afterSeq, long upToSeq, Visitor<AuditEvent> visitor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq")) {
            ps.setFetchSize(FETCH);
            ps.setLong(1, afterSeq);
            ps.setLong(2, upToSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!visitor.visit(event(rs, 1))) return;
                }
            }
        }
    }

    @Override
    public long firstAfter(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM audit_events WHERE seq > ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public Optional<String> hashOf(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_events WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Span> span(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), MIN(seq), MAX(seq), MIN(at), MAX(at) FROM audit_events WHERE at >= ? AND at < ?")) {
            ps.setObject(1, from.atOffset(ZoneOffset.UTC));
            ps.setObject(2, to.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long count = rs.getLong(1);
                if (count == 0) return Optional.empty();
                return Optional.of(new Span(count, rs.getLong(2), rs.getLong(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
        }
    }

    @Override
    public List<Row> rows(Connection c, Recorded t, List<Object> keyPrefix) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns(t)).append(" FROM ").append(t.table()).append(" t WHERE ");
        for (int i = 0; i < keyPrefix.size(); i++) sql.append(i == 0 ? "" : " AND ").append("t.").append(t.keyColumns().get(i)).append(" = ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < keyPrefix.size(); i++) ps.setObject(i + 1, keyPrefix.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) rows.add(row(t, rs));
                return rows;
            }
        }
    }

    @Override
    public void rowsWithRecords(Connection c, Recorded t, boolean unrecordedOnly, Visitor<RowRecord> visitor) throws SQLException {
        // each row joined to its latest record through the index on event type, subject and seq
        String subject = subjectSql(t, "t");
        String sql = "SELECT " + columns(t) + ", e.seq, e.at, e.request_ref, e.event_type, e.actor, e.payload, e.prev_hash, e.hash,"
                + " e.subject, e.digest FROM " + t.table() + " t LEFT JOIN audit_events e ON e.event_type = ? AND e.subject = " + subject
                + " AND e.seq = (SELECT MAX(x.seq) FROM audit_events x WHERE x.event_type = ? AND x.subject = " + subject + ")"
                + (unrecordedOnly ? " WHERE e.seq IS NULL" : "");
        int eventFrom = t.keyColumns().size() + t.columns().size() + 1;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, t.eventType());
            ps.setString(2, t.eventType());
            ps.setFetchSize(FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = row(t, rs);
                    rs.getLong(eventFrom);
                    AuditEvent record = rs.wasNull() ? null : event(rs, eventFrom);
                    if (!visitor.visit(new RowRecord(row, record))) return;
                }
            }
        }
    }

    @Override
    public long recordedRows(Connection c, Recorded t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT subject) FROM audit_events WHERE event_type = ?")) {
            ps.setString(1, t.eventType());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void goneRows(Connection c, Recorded t, Visitor<Gone> visitor) throws SQLException {
        List<Integer> keyTypes = keyTypes(c, t);
        StringBuilder exists = new StringBuilder("SELECT COUNT(*) FROM ").append(t.table()).append(" WHERE ");
        for (int i = 0; i < t.keyColumns().size(); i++) exists.append(i == 0 ? "" : " AND ").append(t.keyColumns().get(i)).append(" = ?");
        try (PreparedStatement subjects = c.prepareStatement("SELECT subject, seq FROM audit_events WHERE event_type = ? ORDER BY subject, seq");
                PreparedStatement lookup = c.prepareStatement(exists.toString())) {
            subjects.setString(1, t.eventType());
            subjects.setFetchSize(FETCH);
            try (ResultSet rs = subjects.executeQuery()) {
                String current = null;
                long lastSeq = 0;
                while (rs.next()) {
                    String subject = rs.getString(1);
                    if (current != null && !current.equals(subject) && !reportIfGone(t, current, lastSeq, keyTypes, lookup, visitor)) return;
                    current = subject;
                    lastSeq = rs.getLong(2);
                }
                if (current != null) reportIfGone(t, current, lastSeq, keyTypes, lookup, visitor);
            }
        }
    }

    /** Whether the walk goes on. A subject that does not parse as the table's key names no row it holds. */
    private static boolean reportIfGone(Recorded t, String subject, long seq, List<Integer> keyTypes, PreparedStatement lookup,
            Visitor<Gone> visitor) throws SQLException {
        List<String> parts = List.of(subject.split("/", t.keyColumns().size()));
        boolean found = false;
        if (parts.size() == t.keyColumns().size()) {
            try {
                for (int i = 0; i < parts.size(); i++) {
                    if (isInteger(keyTypes.get(i))) lookup.setLong(i + 1, Long.parseLong(parts.get(i)));
                    else lookup.setString(i + 1, parts.get(i));
                }
                try (ResultSet rs = lookup.executeQuery()) {
                    rs.next();
                    found = rs.getLong(1) > 0;
                }
            } catch (NumberFormatException e) {
                found = false;
            }
        }
        return found || visitor.visit(new Gone(parts, seq));
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

    /** A row's subject (its key values joined with '/', as Recorded.subject renders them) as a portable SQL expression. */
    private static String subjectSql(Recorded t, String alias) {
        List<String> parts = new ArrayList<>();
        for (String k : t.keyColumns()) parts.add("CAST(" + alias + "." + k + " AS VARCHAR(300))");
        return String.join(" || '/' || ", parts);
    }

    /** The key and recorded columns of t, in the order {@link #row} reads them. */
    private static String columns(Recorded t) {
        List<String> all = new ArrayList<>();
        for (String k : t.keyColumns()) all.add("t." + k);
        for (String col : t.columns()) all.add("t." + col);
        return String.join(", ", all);
    }

    private static Row row(Recorded t, ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> key = new ArrayList<>();
        int i = 1;
        for (int k = 0; k < t.keyColumns().size(); k++, i++) key.add(render(rs, md, i));
        List<String> values = new ArrayList<>();
        for (int k = 0; k < t.columns().size(); k++, i++) values.add(render(rs, md, i));
        return new Row(key, values);
    }

    /** A column as canonical text by its SQL type: dates ISO, instants in UTC to the microsecond, decimals without trailing zeros. */
    private static String render(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        return switch (md.getColumnType(i)) {
            case Types.DATE -> {
                LocalDate d = rs.getObject(i, LocalDate.class);
                yield d == null ? null : d.toString();
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                yield t == null ? null : t.toInstant().truncatedTo(ChronoUnit.MICROS).toString();
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal d = rs.getBigDecimal(i);
                yield d == null ? null : d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean b = rs.getBoolean(i);
                yield rs.wasNull() ? null : Boolean.toString(b);
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                long n = rs.getLong(i);
                yield rs.wasNull() ? null : Long.toString(n);
            }
            default -> rs.getString(i);
        };
    }

    private static AuditEvent event(ResultSet rs, int from) throws SQLException {
        int i = from;
        return new AuditEvent(
                rs.getLong(i),
                rs.getObject(i + 1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC),
                rs.getString(i + 2), rs.getString(i + 3), rs.getString(i + 4), rs.getString(i + 5), rs.getString(i + 6), rs.getString(i + 7),
                rs.getString(i + 8), rs.getString(i + 9));
    }
}
