package io.lexhub.bench;

import io.lexhub.store.Database;
import io.lexhub.support.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WorkspaceHistoryTest} on an embedded PostgreSQL. */
class WorkspaceHistoryPostgresTest extends WorkspaceHistoryTest {

    @RegisterExtension
    static final FreshPostgres PG = new FreshPostgres();

    @Override
    protected Database open() throws Exception {
        return PG.newDatabase("workspace_history");
    }
}
