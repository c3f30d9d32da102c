package io.lexhub.pipeline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.lexhub.app.HubConfiguration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.lexhub.app.Settings;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every intake test again, on the PostgreSQL profile (application-postgres.properties over
 * application.properties, as the hub loads them with -Dcamel.main.profile=postgres) against a real, embedded PostgreSQL: one server
 * for the class, its URL given as -D like an operator would.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class,
                // as PropertyFiles orders them for the hub: the first file that has a key wins
        propertyPlaceholderLocations = "file:config/application-postgres.properties,file:config/application.properties")
class FileAndApiIntakePostgresTest extends FileAndApiIntakeTest {

    static final EmbeddedPostgres PG = start();

    private static EmbeddedPostgres start() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.start();
            System.setProperty("lexhub.db.url", pg.getJdbcUrl("postgres", "postgres"));
            System.setProperty("lexhub.db.user", "postgres");
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeanInject
    CamelContext camel;

    @BeanInject
    Settings settings;

    /** The hub stops first, so no route polls a database that is already gone. */
    @AfterAll
    void stopPostgres() throws IOException {
        camel.stop();
        System.clearProperty("lexhub.db.url");
        System.clearProperty("lexhub.db.user");
        PG.close();
    }

    /**
     * Behind the intake lock, PostgreSQL itself refuses two overlapping ACTIVE waivers of one
     * customer and product, whatever writes them (V25's exclusion constraint), unless one renews
     * the other; a revoked one does not count.
     */
    @Test
    void theDatabaseRefusesTwoOverlappingActiveWaivers() throws Exception {
        String insert = """
                INSERT INTO waivers (request_ref, state, customer_id, product, exception_type, start_date, end_date, granted, created_at, updated_at,
                    chain_ref) VALUES (?, ?, 'CUST-EXCL', 'Meridian ERP', 'EXTRA_SEATS', DATE '2027-03-01', DATE '2027-04-30', '{}', now(), now(), ?)""";
        try (java.sql.Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement(); java.sql.PreparedStatement ps = c.prepareStatement(insert)) {
                // checked at each statement instead of at commit: nothing of this is ever committed
                st.execute("SET CONSTRAINTS ex_waivers_active_overlap IMMEDIATE");
                // a revoked one and a renewal in the same chain overlap legitimately
                for (String[] row : new String[][] {{"EXCL-1", "ACTIVE", "EXCL-1"}, {"EXCL-2", "REVOKED", "EXCL-2"}, {"EXCL-3", "ACTIVE", "EXCL-1"}}) {
                    ps.setString(1, row[0]);
                    ps.setString(2, row[1]);
                    ps.setString(3, row[2]);
                    ps.executeUpdate();
                }
                ps.setString(1, "EXCL-4");
                ps.setString(2, "ACTIVE");
                ps.setString(3, "EXCL-4");
                org.assertj.core.api.Assertions.assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(java.sql.SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("23P01"));
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void theHubRunsOnPostgresWithTheProfileOverApplicationProperties() {
        assertThat(settings.dbPoolSize()).as("lexhub.db.pool-size from application-postgres.properties").isEqualTo(16);
        assertThat(database.dataSource()).extracting(ds -> {
            try (var c = ds.getConnection()) {
                return c.getMetaData().getDatabaseProductName();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }).isEqualTo("PostgreSQL");
    }
}
