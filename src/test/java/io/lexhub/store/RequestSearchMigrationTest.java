package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.support.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V32 and V55 on a database that already holds requests: each gets its search row, the
 * justification read from its document, and the row's words; then the search finds them by them. (The same on PostgreSQL:
 * RequestSearchMigrationPostgresTest.)
 */
class RequestSearchMigrationTest {

    /** A fresh, empty database on this engine. */
    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    protected String vendor() {
        return "h2";
    }

    @Test
    void theRequestsStoredBeforeAreFoundAfter() throws Exception {
        try (Database db = open()) {
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration", "classpath:db/vendor/" + vendor()).target("31").load().migrate();
            OffsetDateTime at = OffsetDateTime.of(2026, 11, 2, 9, 30, 0, 0, ZoneOffset.UTC);
            try (Connection c = db.dataSource().getConnection()) {
                insert(c, "EXC-2026-000001", "mail", "PENDING_APPROVAL", "CUST-7", "Acme  GmbH", "DISCOUNT", "T2", at,
                        "{\"justification\": \"Pilot for the EMEA 100%_launch\\nsecond line\"}");
                // a request that came without a customer or type (NEEDS_INFO), and one whose document is not JSON at all
                insert(c, "EXC-2026-000002", "file", "NEEDS_INFO", null, null, null, null, at.plusHours(1), "{}");
                insert(c, "EXC-2026-000003", "api", "REJECTED", "CUST-8", "Beta", "EXTRA_SEATS", null, at.plusHours(2), "not json");
            }
            db.migrate();
            Sql sql = new Sql(db);
            assertThat(sql.strings("SELECT reference || '|' || state || '|' || exception_type || '|' || tier || '|' || source || '|' || customer_name"
                    + " FROM request_search ORDER BY reference")).containsExactly("EXC-2026-000001|PENDING_APPROVAL|DISCOUNT|T2|mail|Acme  GmbH",
                            "EXC-2026-000002|NEEDS_INFO|||file|", "EXC-2026-000003|REJECTED|EXTRA_SEATS||api|Beta");

            RequestSearchStore search = new RequestSearchStore(new Tx(db.dataSource()), 10, 10);
            // the justification's words (V55's index, filled from the search rows), any case; % and _ separate words
            assertThat(refs(search, criteria("emea 100%_LAUNCH second", null))).containsExactly("EXC-2026-000001");
            assertThat(refs(search, criteria("100%", null))).containsExactly("EXC-2026-000001");
            assertThat(refs(search, criteria("launch100", null))).isEmpty();
            // a term with no letter or digit is looked for as it is
            assertThat(refs(search, criteria("%_", null))).containsExactly("EXC-2026-000001");
            assertThat(refs(search, criteria("_%", null))).isEmpty();
            // the customer: words of the name and the id, all of the same request
            assertThat(refs(search, criteria(null, "acme gmbh"))).containsExactly("EXC-2026-000001");
            assertThat(refs(search, criteria(null, "cust-"))).containsExactly("EXC-2026-000003", "EXC-2026-000001");
            assertThat(refs(search, criteria(null, "gmbh 8"))).isEmpty();
            // the reference is in the text
            assertThat(refs(search, criteria("2026-000002", null))).containsExactly("EXC-2026-000002");
            // the received range is half open
            RequestSearchStore.Criteria range = new RequestSearchStore.Criteria(null, null, null, null, null, null, at.plusHours(1).toInstant(),
                    at.plusHours(2).toInstant(), null);
            assertThat(refs(search, range)).containsExactly("EXC-2026-000002");
            // sorted by customer: no customer ('') first, then by name
            assertThat(search.page(criteria(null, null), RequestSearchStore.Sort.CUSTOMER, false, 0, 10, 100).rows())
                    .extracting(RequestSearchStore.Row::reference).containsExactly("EXC-2026-000002", "EXC-2026-000001", "EXC-2026-000003");
            // a page and the count, capped
            RequestSearchStore.Page page = search.page(criteria(null, null), RequestSearchStore.Sort.RECEIVED, true, 1, 1, 1);
            assertThat(page.rows()).extracting(RequestSearchStore.Row::reference).containsExactly("EXC-2026-000002");
            assertThat(page.count()).isEqualTo(1);
            assertThat(page.countCapped()).isTrue();
            // the export joins what the request row has besides
            List<RequestSearchStore.ExportRow> rows = new java.util.ArrayList<>();
            assertThat(search.export(criteria(null, null), RequestSearchStore.Sort.REFERENCE, false, 2, rows::add)).isEqualTo(3);
            assertThat(rows).extracting(r -> r.row().reference()).containsExactly("EXC-2026-000001", "EXC-2026-000002");
            assertThat(rows.get(0).riskLevel()).isEqualTo("MEDIUM");
            assertThat(rows.get(0).row().receivedAt().toInstant()).isEqualTo(Instant.parse("2026-11-02T09:30:00Z"));
        }
    }

    static RequestSearchStore.Criteria criteria(String text, String customer) {
        return new RequestSearchStore.Criteria(null, null, customer, null, null, null, null, null, text);
    }

    static List<String> refs(RequestSearchStore search, RequestSearchStore.Criteria c) {
        return search.page(c, RequestSearchStore.Sort.RECEIVED, true, 0, 50, 100).rows().stream().map(RequestSearchStore.Row::reference).toList();
    }

    private static void insert(Connection c, String ref, String source, String state, String customerId, String customerName, String type, String tier,
            OffsetDateTime at, String requestJson) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product,"
                + " exception_type, risk_level, tier, policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'Meridian Data Platform', ?, 'MEDIUM', ?, '1', ?, ?, '{}', '', ?, ?)")) {
            ps.setString(1, ref);
            ps.setString(2, source);
            ps.setString(3, "ext-" + ref);
            ps.setString(4, state);
            ps.setString(5, customerId);
            ps.setString(6, customerName);
            ps.setString(7, type);
            ps.setString(8, tier);
            ps.setString(9, "0".repeat(64));
            ps.setString(10, requestJson);
            ps.setObject(11, at);
            ps.setObject(12, at);
            ps.executeUpdate();
        }
    }
}
