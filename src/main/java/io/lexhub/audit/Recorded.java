package io.lexhub.audit;

import java.util.List;

/**
 * A state table whose rows the audit chain vouches for: every change of a row is followed, in the
 * same transaction, by an event of {@code eventType} naming the row by its key and carrying the
 * digest of {@code columns} as stored. {@code lexhub audit verify} recomputes the digests.
 *
 * @param table      the table
 * @param eventType  the type of the events that record its rows (one per table)
 * @param keyColumns the columns that identify a row, in order (the event's subject joins their values with '/')
 * @param columns    the security-relevant columns: what the row grants or records
 */
public record Recorded(String table, String eventType, List<String> keyColumns, List<String> columns) {

    public Recorded {
        keyColumns = List.copyOf(keyColumns);
        columns = List.copyOf(columns);
    }

    /** The subject of a row with these key values (store/AuditRowStore renders the same in SQL). */
    public static String subject(List<?> keyValues) {
        StringBuilder b = new StringBuilder();
        for (Object v : keyValues) {
            if (b.length() > 0) b.append('/');
            b.append(v);
        }
        return b.toString();
    }
}
