package io.lexhub.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the audit chain's rows live. The chain, the row records and the checks over them are
 * computed in audit/; the SQL that reads and writes audit_events, audit_head and the recorded
 * tables is store/AuditRowStore's, so SQL stays in store/ while store/ still uses the trail
 * (the lower package declares what it needs, the higher one provides it: docs/architecture.md).
 */
public interface AuditRows {

    /** The chain head: the last event's seq and hash, and the HMAC over both (null before the upgrade that added it). */
    record Head(long seq, String hash, String mac) {}

    /** The events of a period: how many, the first and last seq and when they were appended. */
    record Span(long count, long firstSeq, long lastSeq, Instant firstAt, Instant lastAt) {}

    /** A row of a recorded table in canonical text form (see {@link RowDigest}): its key values and recorded columns. */
    record Row(List<String> key, List<String> values) {}

    /** A row of a recorded table with its latest record event, null when it has none. */
    record RowRecord(Row row, AuditEvent record) {}

    /** A subject the chain has records of that the table no longer holds, with its newest record. */
    record Gone(List<String> key, long seq) {}

    /** Receives items as they are read; false stops the walk. */
    @FunctionalInterface
    interface Visitor<T> {
        boolean visit(T item) throws SQLException;
    }

    Optional<Head> head(Connection c) throws SQLException;

    /** The head, locked until the transaction ends: appends are ordered by this lock. */
    Head lockHead(Connection c) throws SQLException;

    /** Inserts the events (linked to the locked head) and moves the head past the last of them. */
    void append(Connection c, List<AuditEvent> events, Head head) throws SQLException;

    List<AuditEvent> ofRequest(Connection c, String requestRef) throws SQLException;

    /** The newest events of one type, newest first, at most {@code limit}. */
    List<AuditEvent> latestOfType(Connection c, String type, int limit) throws SQLException;

    Optional<AuditEvent> firstOfType(Connection c, String type) throws SQLException;

    /** The events after {@code afterSeq} up to {@code upToSeq}, in order, streamed. */
    void walk(Connection c, long afterSeq, long upToSeq, Visitor<AuditEvent> visitor) throws SQLException;

    /** The first event after {@code seq}, 0 when there is none. */
    long firstAfter(Connection c, long seq) throws SQLException;

    Optional<String> hashOf(Connection c, long seq) throws SQLException;

    /** The events appended in [from, to), empty when there are none. */
    Optional<Span> span(Connection c, Instant from, Instant to) throws SQLException;

    /** The rows of {@code table} whose leading key columns equal {@code keyPrefix}. */
    List<Row> rows(Connection c, Recorded table, List<Object> keyPrefix) throws SQLException;

    /** Every row of {@code table} (only those without any record when {@code unrecordedOnly}) with its latest record, streamed. */
    void rowsWithRecords(Connection c, Recorded table, boolean unrecordedOnly, Visitor<RowRecord> visitor) throws SQLException;

    /** How many rows of {@code table} the chain has records of. */
    long recordedRows(Connection c, Recorded table) throws SQLException;

    /** The rows the chain has records of that {@code table} no longer holds, streamed. */
    void goneRows(Connection c, Recorded table, Visitor<Gone> visitor) throws SQLException;
}
