package io.lexhub.audit;

import io.lexhub.store.Database;
import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AuditTrailTest} on an embedded PostgreSQL, where a transaction's events and the head's move are one statement. */
class AuditTrailPostgresTest extends AuditTrailTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("audit");
    }
}
