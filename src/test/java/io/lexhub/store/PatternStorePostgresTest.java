package io.lexhub.store;

import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PatternStoreTest} on an embedded PostgreSQL: the same SQL, the same lists. */
class PatternStorePostgresTest extends PatternStoreTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("patterns");
    }
}
