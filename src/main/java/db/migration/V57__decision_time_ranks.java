package db.migration;

import io.lexhub.store.Database;
import io.lexhub.store.InsightFacts;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The dashboard's percentiles without a sort (issue 20, docs/insight.md "How the figures are
 * aggregated"): the timed decisions in order of their seconds, overall, per track and tier, and
 * per week, so that the value at a rank is a walk of one index range up to that rank instead of a
 * sort of the period's decisions. A decision carries its week ({@link InsightFacts}); the week's
 * index also holds what the decision figures count, one of the period's requests what the
 * request figures count, and one of the period's denials what the disputes look up, so none of
 * them reads the tables' rows. PostgreSQL: partial indexes of the
 * non-practice rows with the columns read as INCLUDE columns (the period is checked in the
 * index); H2, which has neither, keys on all of them.
 */
public class V57__decision_time_ranks extends org.flywaydb.core.api.migration.BaseJavaMigration {

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = Database.isPostgres(c);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE decisions ADD COLUMN decided_week INTEGER");
            InsightFacts.backfillWeeks(c);
            index(s, postgres, "ix_decision_ranks ON decisions (decision_secs", "decided_at", TIMED);
            index(s, postgres, "ix_decision_ranks_track ON decisions (track, tier, decision_secs", "decided_at", TIMED);
            // also all the tally reads of the period's decisions: read from it, not from the table's rows
            index(s, postgres, "ix_decision_ranks_week ON decisions (decided_week, decision_secs",
                    "decided_at, track, tier, exception_type, outcome, precedent_similar, precedent_same", "practice = FALSE");
            // the requests' figures (counts by channel, type and state; top customers) read the period from it
            index(s, postgres, "ix_requests_received ON requests (received_at", "source, exception_type, state, customer_id, id", "practice = FALSE");
            // the period's denials for the disputes, without reading the decisions' rows; on H2 (no partial index) every decision would pay for it
            if (postgres) {
                s.execute("CREATE INDEX ix_decisions_denied ON decisions (decided_at) INCLUDE (customer_id, product, exception_type, request_ref, outcome, id)"
                        + " WHERE practice = FALSE AND outcome <> 'APPROVED'");
            }
        }
    }

    /** PostgreSQL: the included columns and the rows' condition; H2 (neither): all of them and the practice flag in the key, every row. */
    private static void index(Statement s, boolean postgres, String keys, String included, String where) throws java.sql.SQLException {
        s.execute(postgres ? "CREATE INDEX " + keys + ") INCLUDE (" + included + ") WHERE " + where
                : "CREATE INDEX " + keys + ", " + included + ", practice)");
    }

    private static final String TIMED = "practice = FALSE AND decision_secs IS NOT NULL";
}
