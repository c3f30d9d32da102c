package io.lexhub.store;

import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BillingStoreTest} on an embedded PostgreSQL: the same SQL, the same answers. */
class BillingStorePostgresTest extends BillingStoreTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("billing");
    }
}
