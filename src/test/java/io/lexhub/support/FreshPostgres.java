package io.lexhub.support;

import io.lexhub.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded PostgreSQL for one test class, and a fresh database in it for each test, so the
 * H2 tests of a store run unchanged on PostgreSQL. Register it in the PostgreSQL subclass:
 * {@code @RegisterExtension static final FreshPostgres PG = new FreshPostgres();} and answer
 * {@code open()} with {@code PG.newDatabase("billing")}.
 */
public final class FreshPostgres implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres pg;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        pg = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        pg.close();
    }

    /** A new, empty database (named after {@code prefix}), opened as the hub opens its own: Flyway migrates it. */
    public Database newDatabase(String prefix) throws Exception {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Database.open(pg.getJdbcUrl("postgres", name), "postgres", "", 2);
    }
}
