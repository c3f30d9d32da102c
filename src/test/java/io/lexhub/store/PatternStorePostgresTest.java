package io.lexhub.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link PatternStoreTest} on an embedded PostgreSQL: the same SQL, the same lists. */
class PatternStorePostgresTest extends PatternStoreTest {

    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Override
    protected Database open() throws Exception {
        String name = "patterns_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Database.open(pg.getJdbcUrl("postgres", name), "postgres", "", 2);
    }
}
