package db.migration;

import io.lexhub.store.Database;
import io.lexhub.store.InsightFacts;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The dashboard's reads at a million requests (issue 20, BENCHMARKS.md "The dashboard's reads"):
 * <ul>
 * <li>a decision carries its request's customer ({@link InsightFacts}), so a denial's resubmissions
 * are one range of ix_requests_resubmission instead of a read of the denied request first;
 * <li>that index carries the practice flag and the reference, so the range answers without the
 * request rows (PostgreSQL: INCLUDE; H2 has no INCLUDE and keys on them);
 * <li>a decision's later rounds are a range of (round, request_ref): uq_decision_round starts with the
 * reference, so "every decision of a round after the first" read all of it;
 * <li>on PostgreSQL, the practice requests are a partial index: the figures that leave them out
 * (SLA, escalations) read it instead of every request. H2 has no partial indexes; a whole index
 * would cost every intake a write for a flag that is almost always false.
 * </ul>
 * In Java because the two databases update from a join and declare covering and partial indexes
 * differently; the indexes are built after the rows.
 */
public class V56__dashboard_reads extends org.flywaydb.core.api.migration.BaseJavaMigration {

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = Database.isPostgres(c);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE decisions ADD COLUMN customer_id VARCHAR(200)");
            InsightFacts.backfillCustomers(c);
            s.execute("DROP INDEX ix_requests_resubmission");
            s.execute(postgres
                    ? "CREATE INDEX ix_requests_resubmission ON requests (customer_id, product, exception_type, received_at) INCLUDE (practice, reference)"
                    : "CREATE INDEX ix_requests_resubmission ON requests (customer_id, product, exception_type, received_at, practice, reference)");
            s.execute("CREATE INDEX ix_decisions_later_rounds ON decisions (round, request_ref)");
            if (postgres) s.execute("CREATE INDEX ix_requests_practice ON requests (reference) WHERE practice");
        }
    }
}
