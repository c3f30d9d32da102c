package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.store.RequestSearchStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;

/**
 * The workspace's request search (docs/workspace.md, "Requests"): one narrow row per request with
 * what the search filters and sorts on, so that a search over a million requests never reads their
 * documents and assessments (a requests row is kilobytes, a search row a few hundred bytes), and
 * the indexes it needs. The free text (reference, customer, justification) is only inside the
 * request document: each stored request is read once here and its row written with the same words
 * the hub writes from now on ({@link RequestSearchStore#bindInsert}). In Java because H2 and
 * PostgreSQL read JSON with different functions; the indexes are built after the rows.
 */
public class V32__request_search extends org.flywaydb.core.api.migration.BaseJavaMigration {

    private static final int BATCH = 1000;

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            // absent texts are '' (not NULL): both databases then sort them alike
            s.execute("""
                    CREATE TABLE request_search (
                        reference      VARCHAR(20)  NOT NULL PRIMARY KEY,
                        received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
                        state          VARCHAR(20)  NOT NULL,
                        exception_type VARCHAR(40)  NOT NULL,
                        product        VARCHAR(200) NOT NULL,
                        tier           VARCHAR(40)  NOT NULL,
                        source         VARCHAR(20)  NOT NULL,
                        customer_id    VARCHAR(200) NOT NULL,
                        customer_name  VARCHAR(200) NOT NULL,
                        customer_text  VARCHAR(410) NOT NULL,
                        search_text    VARCHAR(6000) NOT NULL
                    )""");
        }
        ObjectMapper json = new ObjectMapper();
        try (PreparedStatement read = c.prepareStatement("SELECT reference, received_at, state, source, exception_type, product, tier, customer_id,"
                + " customer_name, request_json FROM requests ORDER BY id");
                PreparedStatement write = c.prepareStatement(RequestSearchStore.INSERT)) {
            read.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String justification;
                    try {
                        JsonNode doc = json.readTree(rs.getString(10));
                        justification = doc.path("justification").isTextual() ? doc.get("justification").asText() : null;
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        justification = null;
                    }
                    RequestSearchStore.bindInsert(write, rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), justification);
                    write.addBatch();
                    if (++pending == BATCH) {
                        write.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) write.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            // the default order (newest first) and the received-date range
            s.execute("CREATE INDEX ix_request_search_received ON request_search (received_at, reference)");
            // the desk's usual filter (a state, newest first) and the sort by state
            s.execute("CREATE INDEX ix_request_search_state ON request_search (state, received_at, reference)");
            // the sort by customer
            s.execute("CREATE INDEX ix_request_search_customer ON request_search (customer_text, reference)");
        }
    }
}
