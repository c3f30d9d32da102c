package io.lexhub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.lifecycle.PortalOrganisation;
import io.lexhub.lifecycle.SessionState;
import io.lexhub.support.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V38 and V39 on a database that already holds requests (docs/portal.md, "Storage"): each request's
 * customer domain is backfilled normalised, and the portal's reads work: the customers of a domain
 * (never from mailed requests), an organisation's requests newest first and paged, one request only
 * for its own customer, portal sessions bound to an organisation with a customer's long address.
 * (The same on PostgreSQL: PortalStoreMigrationPostgresTest.)
 */
class PortalStoreMigrationTest {

    protected Database open() throws Exception {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    protected String vendor() {
        return "h2";
    }

    @Test
    void theDomainsAreBackfilledAndThePortalReadsOnlyOneOrganisation() throws Exception {
        try (Database db = open()) {
            Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration", "classpath:db/vendor/" + vendor()).target("34").load().migrate();
            OffsetDateTime at = OffsetDateTime.of(2026, 11, 2, 9, 30, 0, 0, ZoneOffset.UTC);
            try (Connection c = db.dataSource().getConnection()) {
                insert(c, "EXC-2026-000001", "api", "CUST-1", at, "{\"customer\": {\"id\": \"CUST-1\", \"domain\": \"ACME.example.\"}}");
                insert(c, "EXC-2026-000002", "file", "CUST-1", at.plusHours(1), "{\"customer\": {\"id\": \"CUST-1\", \"domain\": \"acme.example\"}}");
                insert(c, "EXC-2026-000003", "mail", "CUST-9", at.plusHours(2), "{\"customer\": {\"id\": \"CUST-9\", \"domain\": \"acme.example\"}}");
                insert(c, "EXC-2026-000004", "jira", "CUST-2", at.plusHours(3), "{\"customer\": {\"id\": \"CUST-2\", \"domain\": \"Bücher.example\"}}");
                insert(c, "EXC-2026-000005", "api", null, at.plusHours(4), "not json");
            }
            db.migrate();
            Sql sql = new Sql(db);
            assertThat(sql.strings("SELECT reference || '=' || COALESCE(customer_domain, '-') FROM requests ORDER BY reference")).containsExactly(
                    "EXC-2026-000001=acme.example", "EXC-2026-000002=acme.example", "EXC-2026-000003=acme.example",
                    "EXC-2026-000004=xn--bcher-kva.example", "EXC-2026-000005=-");
            Tx tx = new Tx(db.dataSource());
            PortalStore store = new PortalStore();
            // a mailed request names its domain itself: it does not count
            java.util.Set<String> acme = tx.read(c -> store.customersOfDomain(c, "acme.example"));
            assertThat(acme).containsExactly("CUST-1");
            java.util.Set<String> buecher = tx.read(c -> store.customersOfDomain(c, "xn--bcher-kva.example"));
            assertThat(buecher).containsExactly("CUST-2");
            java.util.List<PortalStore.RequestRow> first = tx.read(c -> store.requestsOf(c, "CUST-1", 0, 1));
            java.util.List<PortalStore.RequestRow> second = tx.read(c -> store.requestsOf(c, "CUST-1", 1, 1));
            assertThat(first).extracting(PortalStore.RequestRow::reference).containsExactly("EXC-2026-000002");
            assertThat(second).extracting(PortalStore.RequestRow::reference).containsExactly("EXC-2026-000001");
            long count = tx.read(c -> store.countRequestsOf(c, "CUST-1"));
            assertThat(count).isEqualTo(2);
            java.util.Optional<PortalStore.Detail> own = tx.read(c -> store.requestOf(c, "CUST-1", "EXC-2026-000001"));
            java.util.Optional<PortalStore.Detail> others = tx.read(c -> store.requestOf(c, "CUST-1", "EXC-2026-000004"));
            assertThat(own).isPresent();
            assertThat(others).as("another organisation's").isEmpty();
            java.util.Map<String, String> customers = tx.read(c -> store.customers(c, 10));
            assertThat(customers).containsOnlyKeys("CUST-1", "CUST-2", "CUST-9");
            java.util.List<PortalStore.WaiverRow> waivers = tx.read(c -> store.waiversOf(c, "CUST-1", 10));
            java.util.List<PortalStore.RequestRow> denied = tx.read(c -> store.deniedOf(c, "CUST-1", 10));
            java.util.Optional<PortalStore.DecisionRow> decision = tx.read(c -> store.decision(c, "EXC-2026-000001"));
            assertThat(waivers).isEmpty();
            assertThat(denied).isEmpty();
            assertThat(decision).isEmpty();

            // a portal session for a long address, bound to its organisation
            String email = "a.very.long.address." + "x".repeat(120) + "@acme.example";
            SessionStore sessions = new SessionStore();
            tx.inTransaction(c -> {
                sessions.insertPortal(c, "ses_1", "h".repeat(64), email, "portal-link", "customer", "CUST-1", PortalOrganisation.CONFIRMED, at, at.plusHours(12));
                return null;
            });
            SessionStore.SessionRow row = tx.read(c -> sessions.bySecretHash(c, "h".repeat(64))).orElseThrow();
            assertThat(row.personId()).isEqualTo(email);
            assertThat(row.state()).isEqualTo(SessionState.ACTIVE);
            assertThat(row.customerId()).isEqualTo("CUST-1");
            assertThat(row.organisation()).isEqualTo(PortalOrganisation.CONFIRMED);
        }
    }

    private static void insert(Connection c, String ref, String source, String customerId, OffsetDateTime at, String requestJson) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (reference, source, external_id, state, customer_id, customer_name, product,"
                + " exception_type, policy_version, content_sha256, request_json, assessment_json, raw_content, received_at, updated_at)"
                + " VALUES (?, ?, ?, 'PENDING_APPROVAL', ?, ?, 'Meridian Data Platform', 'DISCOUNT', '1', ?, ?, '{}', '', ?, ?)")) {
            ps.setString(1, ref);
            ps.setString(2, source);
            ps.setString(3, "ext-" + ref);
            ps.setString(4, customerId);
            ps.setString(5, customerId == null ? null : customerId + " Ltd");
            ps.setString(6, "0".repeat(64));
            ps.setString(7, requestJson);
            ps.setObject(8, at);
            ps.setObject(9, at);
            ps.executeUpdate();
        }
    }
}
