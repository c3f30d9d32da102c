package db.migration;

import io.lexhub.store.Database;
import io.lexhub.store.RequestWords;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The word index of the request search ({@link RequestWords}, docs/workspace.md "Requests"): a
 * search for words or a customer reads the index entries of its words instead of scanning every
 * search row. Filled from the search rows already stored, then indexed. On PostgreSQL a word is
 * compared byte by byte (collation "C"), so that {@code word LIKE 'emea%'} is a range of the index
 * whatever the database's collation; H2 compares characters as they are.
 */
public class V55__request_words extends org.flywaydb.core.api.migration.BaseJavaMigration {

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = Database.isPostgres(c);
        try (Statement s = c.createStatement()) {
            // field 't': reference, customer and justification; 'c': the customer's name and id; received: the request's, which orders a
            // word's requests as the search lists them; indexed after the backfill
            s.execute("CREATE TABLE request_words (field VARCHAR(1) NOT NULL, word VARCHAR(40)" + (postgres ? " COLLATE \"C\"" : "")
                    + " NOT NULL, reference VARCHAR(20) NOT NULL, received TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        RequestWords.backfill(c, "", () -> {});
        RequestWords.index(c);
    }
}
