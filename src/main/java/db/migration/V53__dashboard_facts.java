package db.migration;

import io.lexhub.store.InsightFacts;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The dashboard at scale (issue 20, docs/insight.md): what its figures sum is written on the
 * decision and waiver rows when they are recorded ({@link InsightFacts}), so that a period's
 * figures read the period's decisions by decided_at and never join every decision to its request
 * or parse every active waiver's request document. Existing rows are filled with today's
 * definitions (the precedent counts by the window counts the dashboard used), so no figure of
 * old data changes. In Java because H2 and PostgreSQL read JSON and update from a join
 * differently; the indexes are built after the rows.
 */
public class V53__dashboard_facts extends org.flywaydb.core.api.migration.BaseJavaMigration {

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE decisions ADD COLUMN practice BOOLEAN DEFAULT FALSE NOT NULL");
            s.execute("ALTER TABLE decisions ADD COLUMN track VARCHAR(10)");
            s.execute("ALTER TABLE decisions ADD COLUMN tier VARCHAR(40)");
            // exact: both databases keep timestamps to the microsecond
            s.execute("ALTER TABLE decisions ADD COLUMN decision_secs NUMERIC(24, 9)");
            s.execute("ALTER TABLE decisions ADD COLUMN precedent_similar INTEGER");
            s.execute("ALTER TABLE decisions ADD COLUMN precedent_same INTEGER");
            // the schema allows at most 12 digits and 2 decimals; a document written before it still fits
            s.execute("ALTER TABLE waivers ADD COLUMN revenue_impact NUMERIC(30, 10)");
            s.execute("ALTER TABLE waivers ADD COLUMN currency VARCHAR(200)");
            InsightFacts.backfillV53(c);
            // the period's decisions (every figure but the requests' and waivers')
            s.execute("CREATE INDEX ix_decisions_decided ON decisions (decided_at)");
            // a new decision's precedent counts: index ranges of its type and product before it
            s.execute("CREATE INDEX ix_decisions_precedent_counts ON decisions (exception_type, product, practice, decided_at, outcome)");
        }
    }
}
