package io.lexhub.store;

import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link InsightFactsTest} on an embedded PostgreSQL: the same stored facts. */
class InsightFactsPostgresTest extends InsightFactsTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("facts");
    }
}
