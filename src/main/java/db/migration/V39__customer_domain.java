package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexhub.model.DomainName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The customer portal's organisation check (docs/portal.md, "Which organisation"): each request's
 * customer domain, normalised ({@link DomainName}), in a column with an index, so that a sign-in finds
 * the customers a domain belongs to without reading request documents. The domain is only inside the
 * request document: each stored request is read once here, and RequestStore writes the column from
 * now on. In Java because H2 and PostgreSQL read JSON with different functions.
 */
public class V39__customer_domain extends org.flywaydb.core.api.migration.BaseJavaMigration {

    private static final int BATCH = 1000;

    @Override
    public void migrate(org.flywaydb.core.api.migration.Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE requests ADD COLUMN customer_domain VARCHAR(253)");
        }
        ObjectMapper json = new ObjectMapper();
        try (PreparedStatement read = c.prepareStatement("SELECT id, request_json FROM requests ORDER BY id");
                PreparedStatement write = c.prepareStatement("UPDATE requests SET customer_domain = ? WHERE id = ?")) {
            read.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String domain;
                    try {
                        JsonNode d = json.readTree(rs.getString(2)).path("customer").path("domain");
                        domain = d.isTextual() ? DomainName.normalise(d.asText()).orElse(null) : null;
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        domain = null;
                    }
                    if (domain == null) continue;
                    write.setString(1, domain);
                    write.setLong(2, rs.getLong(1));
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
            s.execute("CREATE INDEX ix_requests_customer_domain ON requests (customer_domain, customer_id)");
        }
    }
}
