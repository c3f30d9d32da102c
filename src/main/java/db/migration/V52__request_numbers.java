package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Request numbers from a sequence instead of a counter row per year (issue 24). The counter row was
 * locked from the moment an intake transaction took its number until it committed, so every intake
 * on every node waited for the one before it. A sequence hands out numbers without a lock; a
 * number whose transaction rolls back is not used again, and the hub records it
 * ({@code request.number-unused}, docs/audit-events.md). The sequence starts after the highest
 * number any year's counter gave, so no reference is ever handed out twice; numbers no longer
 * start again at 1 each year. In Java because the start value is read from the data.
 *
 * <p>A node still on the previous version finds no counter table and stores nothing; its inputs
 * stay where they are (docs/install.md, "Upgrading").
 */
public class V52__request_numbers extends org.flywaydb.core.api.migration.BaseJavaMigration {

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
        Connection c = context.getConnection();
        long next;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(last_value), 0) + 1 FROM reference_counters")) {
            rs.next();
            next = rs.getLong(1);
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SEQUENCE request_numbers START WITH " + next);
            s.execute("DROP TABLE reference_counters");
        }
    }
}
