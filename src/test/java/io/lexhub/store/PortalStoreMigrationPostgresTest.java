package io.lexhub.store;

import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PortalStoreMigrationTest} on an embedded PostgreSQL. */
class PortalStoreMigrationPostgresTest extends PortalStoreMigrationTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("portal");
    }

    @Override
    protected String vendor() {
        return "postgresql";
    }
}
