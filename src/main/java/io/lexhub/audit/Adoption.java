package io.lexhub.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one-time baseline for a database that has rows from before the hub recorded them: each
 * row of a {@link Recorded} table that has no record at all gets one ("audit.adopted" records,
 * actor operator:adopt), and an "audit.baseline" event closes the adoption with the counts. Rows
 * whose record differs are never adopted (that is tampering after the upgrade), and a second
 * adoption is refused, so a row written with SQL after the baseline stays reported for good.
 */
public final class Adoption {

    public static final String BASELINE = "audit.baseline";
    static final String ADOPTED = "audit.adopted";
    private static final int BATCH = 500;

    /** Appends work in its own transaction (the caller's Tx without audit collection). */
    @FunctionalInterface
    public interface InTransaction {
        void run(TxWork work);
    }

    @FunctionalInterface
    public interface TxWork {
        void run(Connection c) throws SQLException;
    }

    private final AuditTrail trail;

    public Adoption(AuditTrail trail) {
        this.trail = trail;
    }

    /** The seq and time of the baseline event, if the database was adopted already. */
    public Optional<String> baseline(Connection c) throws SQLException {
        return trail.rows().firstOfType(c, BASELINE).map(e -> "event " + e.seq() + " of " + e.at().toInstant());
    }

    /**
     * Reads the unrecorded rows of each table on {@code read} (streamed) and records them in
     * batches through {@code write}; returns the rows adopted per table. Also signs the head.
     */
    public Map<String, Long> adopt(Connection read, InTransaction write, List<Recorded> tables, String actor) throws SQLException {
        Map<String, Long> adopted = new LinkedHashMap<>();
        for (Recorded t : tables) {
            long[] n = {0};
            List<RowDigest> batch = new ArrayList<>();
            trail.rows().rowsWithRecords(read, t, true, r -> {
                batch.add(RowDigest.of(t, r.row()));
                if (batch.size() == BATCH) n[0] += flush(write, t, batch, actor);
                return true;
            });
            n[0] += flush(write, t, batch, actor);
            adopted.put(t.table(), n[0]);
        }
        Map<String, Object> counts = new LinkedHashMap<>(adopted);
        write.run(c -> trail.appendNow(c, List.of(new AuditTrail.Pending(now(), null, BASELINE, actor,
                "{\"adoptedRows\":" + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(counts) + "}", null, null))));
        return adopted;
    }

    private long flush(InTransaction write, Recorded t, List<RowDigest> batch, String actor) {
        if (batch.isEmpty()) return 0;
        List<AuditTrail.Pending> records = new ArrayList<>(batch.size());
        OffsetDateTime at = now();
        for (RowDigest row : batch) records.add(AuditTrail.record(t, row, at, actor, ADOPTED));
        write.run(c -> trail.appendNow(c, records));
        int n = batch.size();
        batch.clear();
        return n;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
