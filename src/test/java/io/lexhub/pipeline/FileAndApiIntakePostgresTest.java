package io.lexhub.pipeline;

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
