package db.migration;

import io.lexhub.store.Database;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The dashboard's SLA figures without reading the levels' rows (issue 20, docs/insight.md): the
 * levels due in the period with what is judged of them (status, when closed, whether escalated),
 * and the escalated levels by when. PostgreSQL: INCLUDE columns, and only the escalated levels in
 * the second; H2, which has neither, keys on all of them.
 */
public class V59__levels_due_period extends org.flywaydb.core.api.migration.BaseJavaMigration {

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = Database.isPostgres(c);
        try (Statement s = c.createStatement()) {
            if (postgres) {
                s.execute("CREATE INDEX ix_approval_levels_due_at ON approval_levels (due_at) INCLUDE (status, closed_at, escalated_at, request_ref)");
                s.execute("CREATE INDEX ix_approval_levels_escalated ON approval_levels (escalated_at) INCLUDE (request_ref) WHERE escalated_at IS NOT NULL");
            } else {
                s.execute("CREATE INDEX ix_approval_levels_due_at ON approval_levels (due_at, status, closed_at, escalated_at, request_ref)");
                s.execute("CREATE INDEX ix_approval_levels_escalated ON approval_levels (escalated_at, request_ref)");
            }
        }
    }
}
