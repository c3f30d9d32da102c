package io.lexhub.store;

import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DecisionWeeksMigrationTest} on an embedded PostgreSQL. */
class DecisionWeeksMigrationPostgresTest extends DecisionWeeksMigrationTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("weeks");
    }

    @Override
    protected String vendor() {
        return "postgresql";
    }
}
