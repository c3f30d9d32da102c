package io.lexhub.store;

import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RequestSearchMigrationTest} on an embedded PostgreSQL. */
class RequestSearchMigrationPostgresTest extends RequestSearchMigrationTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("search");
    }

    @Override
    protected String vendor() {
        return "postgresql";
    }
}
